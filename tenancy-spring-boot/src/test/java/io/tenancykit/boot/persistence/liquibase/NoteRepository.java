package io.tenancykit.boot.persistence.liquibase;

import java.util.UUID;

import io.tenancykit.persistence.repository.TenantScopedCrudRepository;

public interface NoteRepository extends TenantScopedCrudRepository<Note, UUID> {

}
