package io.tenancykit.persistence.repository.support;

import java.util.UUID;

import io.tenancykit.api.TenantContext;
import io.tenancykit.persistence.repository.TenantScopedCrudRepository;
import reactor.core.publisher.Flux;

interface TaskLabelRepository extends TenantScopedCrudRepository<TaskLabel, UUID> {

	Flux<TaskLabel> findByTaskId(TenantContext tenant, long taskId);

}
