package io.tenancykit.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A tenant as recorded in the tenant directory.
 *
 * @param id the internal identifier
 * @param key the public key
 * @param displayName the human-readable name
 * @param status the lifecycle status
 * @param createdAt when the tenant was created
 * @param updatedAt when the tenant was last changed
 */
public record Tenant(TenantId id, TenantKey key, String displayName, TenantStatus status, Instant createdAt,
		Instant updatedAt) {

	public Tenant {
		Objects.requireNonNull(id, "'id' must not be null");
		Objects.requireNonNull(key, "'key' must not be null");
		Objects.requireNonNull(displayName, "'displayName' must not be null");
		Objects.requireNonNull(status, "'status' must not be null");
		Objects.requireNonNull(createdAt, "'createdAt' must not be null");
		Objects.requireNonNull(updatedAt, "'updatedAt' must not be null");
		if (displayName.isBlank()) {
			throw new IllegalArgumentException("'displayName' must not be blank");
		}
	}

	/**
	 * Return whether this tenant may be served.
	 * @return whether the status is {@link TenantStatus#ACTIVE}
	 */
	public boolean isActive() {
		return this.status == TenantStatus.ACTIVE;
	}

}
