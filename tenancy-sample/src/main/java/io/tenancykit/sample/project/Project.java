package io.tenancykit.sample.project;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import io.tenancykit.api.TenantId;
import io.tenancykit.persistence.repository.TenantOwned;

/**
 * A project of one tenant.
 *
 * @param tenantId the owning tenant
 * @param id the id, unique within the tenant
 * @param name the name, 1 to {@value #MAX_NAME_LENGTH} characters, not blank
 * @param createdAt when the project was created
 * @param updatedAt when the project was last changed
 */
public record Project(TenantId tenantId, UUID id, String name, Instant createdAt,
		Instant updatedAt) implements TenantOwned {

	/** The longest name a project may have. */
	public static final int MAX_NAME_LENGTH = 200;

	public Project {
		Objects.requireNonNull(tenantId, "'tenantId' must not be null");
		Objects.requireNonNull(id, "'id' must not be null");
		Objects.requireNonNull(name, "'name' must not be null");
		Objects.requireNonNull(createdAt, "'createdAt' must not be null");
		Objects.requireNonNull(updatedAt, "'updatedAt' must not be null");
	}

	/**
	 * Return a copy with another name, marked as updated at the given instant.
	 * @param newName the new name
	 * @param now the update instant
	 * @return the renamed project
	 */
	Project rename(String newName, Instant now) {
		return new Project(this.tenantId, this.id, newName, this.createdAt, now);
	}

}
