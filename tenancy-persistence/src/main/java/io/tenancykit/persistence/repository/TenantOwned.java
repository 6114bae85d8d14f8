package io.tenancykit.persistence.repository;

import io.tenancykit.api.TenantId;

/**
 * An entity stored in a tenant-owned table: a table with a {@code tenant_id} column that
 * leads its primary key, foreign keys and indexes.
 */
public interface TenantOwned {

	/**
	 * Return the tenant that owns this entity. It never changes once the entity is
	 * stored.
	 * @return the owning tenant
	 */
	TenantId tenantId();

}
