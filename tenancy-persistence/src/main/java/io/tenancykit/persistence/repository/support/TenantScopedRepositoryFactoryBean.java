package io.tenancykit.persistence.repository.support;

import java.util.Objects;

import io.tenancykit.persistence.repository.TenantScopedTemplate;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * The bean behind each tenant-scoped repository interface: it creates the repository with
 * the application's {@link TenantScopedTemplate} when the context starts, so that a
 * malformed query method fails the startup.
 *
 * @param <R> the repository interface
 */
public class TenantScopedRepositoryFactoryBean<R> implements FactoryBean<R>, BeanFactoryAware, InitializingBean {

	private final Class<R> repositoryInterface;

	private @Nullable BeanFactory beanFactory;

	private @Nullable TenantScopedTemplate template;

	private @Nullable R repository;

	/**
	 * Create a factory bean.
	 * @param repositoryInterface the repository interface, must not be {@literal null}
	 */
	public TenantScopedRepositoryFactoryBean(Class<R> repositoryInterface) {
		this.repositoryInterface = Objects.requireNonNull(repositoryInterface,
				"'repositoryInterface' must not be null");
	}

	/**
	 * Set the template, instead of the one found in the bean factory.
	 * @param template the template
	 */
	public void setTemplate(TenantScopedTemplate template) {
		this.template = template;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void afterPropertiesSet() {
		TenantScopedTemplate templateToUse = this.template;
		if (templateToUse == null) {
			templateToUse = Objects.requireNonNull(this.beanFactory, "no BeanFactory")
				.getBean(TenantScopedTemplate.class);
		}
		this.repository = new TenantScopedRepositoryFactory(templateToUse).getRepository(this.repositoryInterface);
	}

	@Override
	public R getObject() {
		return Objects.requireNonNull(this.repository, "the repository is created after the properties are set");
	}

	@Override
	public Class<R> getObjectType() {
		return this.repositoryInterface;
	}

}
