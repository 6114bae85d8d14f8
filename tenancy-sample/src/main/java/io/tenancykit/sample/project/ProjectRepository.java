package io.tenancykit.sample.project;

import java.util.UUID;

import io.tenancykit.api.TenantContext;
import io.tenancykit.persistence.repository.TenantScopedCrudRepository;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;

/**
 * The projects of a tenant: CRUD, paging and sorting from the kit, one derived search.
 */
interface ProjectRepository extends TenantScopedCrudRepository<Project, UUID> {

	Mono<Page<Project>> findByNameContainingIgnoreCase(TenantContext tenant, String part, Pageable page);

}
