package io.tenancykit.persistence.repository.support;

import java.lang.reflect.Method;
import java.util.Objects;
import java.util.Optional;

import io.tenancykit.api.TenantContext;
import io.tenancykit.persistence.repository.TenantScopedTemplate;
import org.jspecify.annotations.Nullable;

import org.springframework.data.projection.ProjectionFactory;
import org.springframework.data.relational.core.mapping.RelationalPersistentEntity;
import org.springframework.data.relational.repository.support.MappingRelationalEntityInformation;
import org.springframework.data.repository.core.EntityInformation;
import org.springframework.data.repository.core.NamedQueries;
import org.springframework.data.repository.core.RepositoryInformation;
import org.springframework.data.repository.core.RepositoryMetadata;
import org.springframework.data.repository.core.support.ReactiveRepositoryFactorySupport;
import org.springframework.data.repository.query.QueryLookupStrategy;
import org.springframework.data.repository.query.RepositoryQuery;
import org.springframework.data.repository.query.ValueExpressionDelegate;

/**
 * Creates the implementation of a
 * {@link io.tenancykit.persistence.repository.TenantScopedCrudRepository} interface with
 * Spring Data's repository infrastructure: CRUD methods go to
 * {@link SimpleTenantScopedRepository}, query methods become tenant-bound derived or
 * {@code @Query} queries. Creating a repository fails, naming the method, when a query
 * method does not take a {@link TenantContext} first or an {@code @Query} does not bind
 * {@code :tenant_id}.
 */
public final class TenantScopedRepositoryFactory extends ReactiveRepositoryFactorySupport {

	private final TenantScopedTemplate template;

	/**
	 * Create a factory.
	 * @param template the template every repository runs its statements with, must not be
	 * {@literal null}
	 */
	public TenantScopedRepositoryFactory(TenantScopedTemplate template) {
		this.template = Objects.requireNonNull(template, "'template' must not be null");
	}

	@Override
	protected RepositoryMetadata getRepositoryMetadata(Class<?> repositoryInterface) {
		return new TenantScopedRepositoryMetadata(repositoryInterface);
	}

	@Override
	public EntityInformation<?, ?> getEntityInformation(RepositoryMetadata metadata) {
		return new MappingRelationalEntityInformation<>(persistentEntity(metadata.getDomainType()));
	}

	private RelationalPersistentEntity<?> persistentEntity(Class<?> type) {
		return this.template.getConverter().getMappingContext().getRequiredPersistentEntity(type);
	}

	@Override
	protected Object getTargetRepository(RepositoryInformation information) {
		return new SimpleTenantScopedRepository<>(this.template, information.getDomainType());
	}

	@Override
	protected Class<?> getRepositoryBaseClass(RepositoryMetadata metadata) {
		return SimpleTenantScopedRepository.class;
	}

	@Override
	protected Optional<QueryLookupStrategy> getQueryLookupStrategy(QueryLookupStrategy.@Nullable Key key,
			ValueExpressionDelegate valueExpressionDelegate) {
		return Optional.of(this::resolveQuery);
	}

	private RepositoryQuery resolveQuery(Method method, RepositoryMetadata metadata, ProjectionFactory factory,
			NamedQueries namedQueries) {
		Class<?>[] types = method.getParameterTypes();
		if (types.length == 0 || !TenantContext.class.equals(types[0])) {
			throw new IllegalStateException(TenantScopedQueryMethod.describe(method)
					+ " must take a TenantContext as its first parameter: every query of a tenant-scoped repository"
					+ " is bound to the tenant of the context");
		}
		for (int i = 1; i < types.length; i++) {
			if (TenantContext.class.equals(types[i])) {
				throw new IllegalStateException(
						TenantScopedQueryMethod.describe(method) + " must take exactly one TenantContext, first");
			}
		}
		TenantScopedQueryMethod queryMethod;
		try {
			queryMethod = new TenantScopedQueryMethod(method, metadata, factory);
			String sql = queryMethod.annotatedQuery();
			if (sql != null) {
				return new StringBasedTenantScopedQuery(queryMethod, this.template, sql);
			}
			String tenantProperty = this.template.tenantPropertyOf(metadata.getDomainType());
			return new PartTreeTenantScopedQuery(queryMethod, this.template, tenantProperty);
		}
		catch (IllegalStateException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException(
					"Cannot derive a query for " + TenantScopedQueryMethod.describe(method) + ": " + ex.getMessage(),
					ex);
		}
	}

}
