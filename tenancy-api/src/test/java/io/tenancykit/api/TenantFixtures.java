package io.tenancykit.api;

import java.time.Instant;

/**
 * Tenants for tests.
 */
final class TenantFixtures {

	static final Instant CREATED = Instant.parse("2025-01-01T00:00:00Z");

	static final TenantId ACME_ID = TenantId.parse("0f8fad5b-d9cb-469f-a165-70867728950e");

	static final TenantKey ACME_KEY = TenantKey.parse("acme");

	private TenantFixtures() {
	}

	static Tenant acme(TenantStatus status) {
		return new Tenant(ACME_ID, ACME_KEY, "ACME Corp", status, CREATED, CREATED);
	}

	static Tenant tenant(String id, String key, TenantStatus status) {
		return new Tenant(TenantId.parse(id), TenantKey.parse(key), "Tenant " + key, status, CREATED, CREATED);
	}

}
