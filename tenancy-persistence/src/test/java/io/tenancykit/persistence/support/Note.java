package io.tenancykit.persistence.support;

import java.util.UUID;

import io.tenancykit.api.TenantId;
import io.tenancykit.persistence.repository.TenantOwned;
import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A row of the {@code test_note} fixture table: an immutable entity whose id the
 * application assigns, found as tenant-owned through {@link TenantOwned}.
 *
 * @param id the id, unique per tenant
 * @param tenantId the owning tenant
 * @param notebookId the notebook of the same tenant, or {@literal null}
 * @param body the text
 */
@Table("test_note")
public record Note(@Id UUID id, TenantId tenantId, @Nullable UUID notebookId, String body) implements TenantOwned {

	/**
	 * Create a note outside any notebook.
	 */
	public static Note of(TenantId tenantId, UUID id, String body) {
		return new Note(id, tenantId, null, body);
	}

	public Note withBody(String body) {
		return new Note(this.id, this.tenantId, this.notebookId, body);
	}

	public Note withNotebook(@Nullable UUID notebookId) {
		return new Note(this.id, this.tenantId, notebookId, this.body);
	}

	public Note withTenant(TenantId tenantId) {
		return new Note(this.id, tenantId, this.notebookId, this.body);
	}

}
