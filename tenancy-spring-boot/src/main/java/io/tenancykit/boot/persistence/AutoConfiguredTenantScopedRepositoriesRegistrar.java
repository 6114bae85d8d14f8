package io.tenancykit.boot.persistence;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

import io.tenancykit.persistence.repository.config.TenantScopedRepositoriesRegistrar;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers the tenant-scoped repository interfaces of the auto-configuration packages
 * (the package of the {@code @SpringBootApplication} class and below), as Spring Boot
 * does for Spring Data repositories.
 */
class AutoConfiguredTenantScopedRepositoriesRegistrar extends TenantScopedRepositoriesRegistrar
		implements BeanFactoryAware {

	private @Nullable BeanFactory beanFactory;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	protected Collection<String> basePackages(AnnotationMetadata metadata) {
		BeanFactory factory = Objects.requireNonNull(this.beanFactory, "no BeanFactory");
		return AutoConfigurationPackages.has(factory) ? AutoConfigurationPackages.get(factory) : List.of();
	}

}
