package io.tenancykit.benchmarks.repository;

import java.util.UUID;

import io.tenancykit.persistence.repository.TenantScopedCrudRepository;

/**
 * The kit's repository of {@link RlsItem}, used with row-level security enabled.
 */
interface RlsItemRepository extends TenantScopedCrudRepository<RlsItem, UUID> {

}
