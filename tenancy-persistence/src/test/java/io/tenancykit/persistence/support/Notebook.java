package io.tenancykit.persistence.support;

import java.util.UUID;

import io.tenancykit.api.TenantId;
import io.tenancykit.persistence.repository.TenantOwned;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A row of the {@code test_notebook} fixture table, which notes reference through the
 * composite foreign key {@code (tenant_id, notebook_id)}.
 *
 * @param id the id, unique per tenant
 * @param tenantId the owning tenant
 * @param title the title
 */
@Table("test_notebook")
public record Notebook(@Id UUID id, TenantId tenantId, String title) implements TenantOwned {

}
