package io.tenancykit.persistence.repository.support;

import io.tenancykit.persistence.repository.TenantScopedRepository;
import io.tenancykit.persistence.repository.TenantScopedTemplate;

/**
 * The implementation behind every
 * {@link io.tenancykit.persistence.repository.TenantScopedCrudRepository} interface: the
 * CRUD methods of {@link TenantScopedRepository}.
 *
 * @param <T> the entity type
 * @param <ID> the id type
 */
public class SimpleTenantScopedRepository<T, ID> extends TenantScopedRepository<T, ID> {

	/**
	 * Create a repository of the given entity type.
	 * @param template the template, must not be {@literal null}
	 * @param entityType the entity type, must not be {@literal null}
	 */
	public SimpleTenantScopedRepository(TenantScopedTemplate template, Class<T> entityType) {
		super(template, entityType);
	}

}
