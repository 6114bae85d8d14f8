package io.tenancykit.benchmarks.e2e;

import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * The hand-written tenant resolution: the tenant key of the {@code X-Tenant-ID} header
 * looked up in an immutable map.
 *
 * @param ids tenant ids by key
 */
record TenantKeys(Map<String, UUID> ids) {

	/** The header that carries the tenant key, as in the kit's default. */
	static final String HEADER = "X-Tenant-ID";

	UUID resolve(@Nullable String key) {
		UUID id = (key != null) ? this.ids.get(key) : null;
		if (id == null) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "unknown tenant");
		}
		return id;
	}

}
