package io.tenancykit.boot.persistence;

import java.util.Objects;

import io.tenancykit.persistence.repository.config.TenantScopedRepositoriesRegistrar;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.ResourceLoaderAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers the tenant-scoped repository interfaces of the auto-configuration packages
 * (the package of the {@code @SpringBootApplication} class and below), as Spring Boot
 * does for Spring Data repositories.
 */
class AutoConfiguredTenantScopedRepositoriesRegistrar
		implements ImportBeanDefinitionRegistrar, BeanFactoryAware, ResourceLoaderAware, EnvironmentAware {

	private @Nullable BeanFactory beanFactory;

	private @Nullable ResourceLoader resourceLoader;

	private @Nullable Environment environment;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void setResourceLoader(ResourceLoader resourceLoader) {
		this.resourceLoader = resourceLoader;
	}

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		BeanFactory factory = Objects.requireNonNull(this.beanFactory, "no BeanFactory");
		if (!AutoConfigurationPackages.has(factory)) {
			return;
		}
		TenantScopedRepositoriesRegistrar.register(registry, AutoConfigurationPackages.get(factory),
				Objects.requireNonNull(this.resourceLoader, "no ResourceLoader"),
				Objects.requireNonNull(this.environment, "no Environment"));
	}

}
