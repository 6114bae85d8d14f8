package io.tenancykit.persistence.repository.config;

import java.beans.Introspector;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.tenancykit.persistence.repository.TenantScopedCrudRepository;
import io.tenancykit.persistence.repository.support.TenantScopedRepositoryFactoryBean;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionBuilder;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.ResourceLoaderAware;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.data.repository.NoRepositoryBean;
import org.springframework.util.ClassUtils;

/**
 * Registers a {@link TenantScopedRepositoryFactoryBean} for each
 * {@link TenantScopedCrudRepository} interface of the packages named by
 * {@link EnableTenantScopedRepositories}.
 */
public class TenantScopedRepositoriesRegistrar
		implements ImportBeanDefinitionRegistrar, ResourceLoaderAware, EnvironmentAware {

	private ResourceLoader resourceLoader = new DefaultResourceLoader();

	private Environment environment = new StandardEnvironment();

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
		register(registry, basePackages(metadata), this.resourceLoader, this.environment);
	}

	/**
	 * Return the packages to scan for an importing class: those named by its
	 * {@link EnableTenantScopedRepositories}, or its own package.
	 * @param metadata the metadata of the importing class
	 * @return the packages
	 */
	protected Collection<String> basePackages(AnnotationMetadata metadata) {
		Map<String, @Nullable Object> attributes = metadata
			.getAnnotationAttributes(EnableTenantScopedRepositories.class.getName());
		Set<String> packages = new LinkedHashSet<>();
		if (attributes != null) {
			packages.addAll(Arrays.asList((String[]) Objects.requireNonNull(attributes.get("basePackages"))));
			for (Class<?> type : (Class<?>[]) Objects.requireNonNull(attributes.get("basePackageClasses"))) {
				packages.add(ClassUtils.getPackageName(type));
			}
		}
		if (packages.isEmpty()) {
			packages.add(ClassUtils.getPackageName(metadata.getClassName()));
		}
		return packages;
	}

	/**
	 * Register a repository bean for each tenant-scoped repository interface in the given
	 * packages, unless a bean of the same name exists.
	 * @param registry the registry
	 * @param packages the packages to scan
	 * @param resourceLoader the resource loader
	 * @param environment the environment
	 */
	public static void register(BeanDefinitionRegistry registry, Collection<String> packages,
			ResourceLoader resourceLoader, Environment environment) {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false,
				environment) {

			@Override
			protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
				return definition.getMetadata().isInterface() && definition.getMetadata().isIndependent()
						&& !TenantScopedCrudRepository.class.getName().equals(definition.getMetadata().getClassName());
			}

		};
		scanner.setResourceLoader(resourceLoader);
		scanner.addIncludeFilter(new AssignableTypeFilter(TenantScopedCrudRepository.class));
		scanner.addExcludeFilter(new AnnotationTypeFilter(NoRepositoryBean.class));
		for (String basePackage : packages) {
			for (BeanDefinition candidate : scanner.findCandidateComponents(basePackage)) {
				String className = Objects.requireNonNull(candidate.getBeanClassName());
				String beanName = Introspector.decapitalize(ClassUtils.getShortName(className));
				if (registry.containsBeanDefinition(beanName)) {
					continue;
				}
				Class<?> repositoryInterface = ClassUtils.resolveClassName(className, resourceLoader.getClassLoader());
				AbstractBeanDefinition definition = BeanDefinitionBuilder
					.rootBeanDefinition(TenantScopedRepositoryFactoryBean.class)
					.addConstructorArgValue(repositoryInterface)
					.getBeanDefinition();
				definition.setAttribute(FactoryBean.OBJECT_TYPE_ATTRIBUTE, repositoryInterface);
				definition.setSource(candidate.getSource());
				registry.registerBeanDefinition(beanName, definition);
			}
		}
	}

}
