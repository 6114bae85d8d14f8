package io.tenancykit.persistence.support;

import java.util.UUID;

import io.tenancykit.api.TenantId;
import io.tenancykit.persistence.repository.TenantOwned;

/**
 * A row of the {@code test_note} fixture table.
 *
 * @param tenantId the owning tenant
 * @param id the id, unique per tenant
 * @param body the text
 */
public record Note(TenantId tenantId, UUID id, String body) implements TenantOwned {

	public Note withBody(String body) {
		return new Note(this.tenantId, this.id, body);
	}

}
