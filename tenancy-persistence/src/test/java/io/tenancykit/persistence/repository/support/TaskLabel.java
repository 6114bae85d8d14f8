package io.tenancykit.persistence.repository.support;

import java.util.UUID;

import io.tenancykit.api.TenantId;
import io.tenancykit.persistence.repository.TenantOwned;
import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A label of a task, referencing it through the composite key
 * {@code (tenant_id, task_id)}.
 */
@Table("test_task_label")
record TaskLabel(TenantId tenantId, @Id @Nullable UUID id, long taskId, String label) implements TenantOwned {

}
