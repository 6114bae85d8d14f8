package io.tenancykit.benchmarks.repository;

import java.util.UUID;

import io.tenancykit.persistence.repository.TenantScopedCrudRepository;

/**
 * The kit's repository of {@link PlainItem}, used with row-level security disabled.
 */
interface PlainItemRepository extends TenantScopedCrudRepository<PlainItem, UUID> {

}
