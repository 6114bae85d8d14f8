package io.tenancykit.persistence.citus;

import java.util.UUID;

import io.tenancykit.persistence.repository.TenantScopedCrudRepository;

interface EntryRepository extends TenantScopedCrudRepository<Entry, UUID> {

}
