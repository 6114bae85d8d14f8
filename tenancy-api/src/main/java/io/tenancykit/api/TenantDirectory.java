package io.tenancykit.api;

import reactor.core.publisher.Mono;

/**
 * Port to the directory of tenants. Implementations complete empty when no tenant matches
 * and signal {@link TenantResolutionException.DirectoryUnavailable} when the directory
 * cannot answer.
 */
public interface TenantDirectory {

	/**
	 * Find a tenant by its public key.
	 * @param key the key, must not be {@literal null}
	 * @return the tenant, or empty when there is none
	 */
	Mono<Tenant> findByKey(TenantKey key);

	/**
	 * Find a tenant by its internal id.
	 * @param id the id, must not be {@literal null}
	 * @return the tenant, or empty when there is none
	 */
	Mono<Tenant> findById(TenantId id);

}
