package io.tenancykit.benchmarks.resolution;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;

import io.tenancykit.api.Tenant;
import io.tenancykit.api.TenantDirectory;
import io.tenancykit.api.TenantId;
import io.tenancykit.api.TenantKey;
import io.tenancykit.api.TenantStatus;
import reactor.core.publisher.Mono;

/**
 * An in-memory tenant directory that counts its lookups. Behind the caching directory
 * every lookup it counts stands for one database round trip of the real directory.
 */
final class CountingTenantDirectory implements TenantDirectory {

	private final Map<TenantKey, Tenant> byKey = new HashMap<>();

	private final Map<TenantId, Tenant> byId = new HashMap<>();

	private final LongAdder lookups = new LongAdder();

	/**
	 * Create a directory of active tenants {@code t00001} to {@code tNNNNN}.
	 * @param tenants the number of tenants
	 */
	CountingTenantDirectory(int tenants) {
		Instant now = Instant.now();
		for (int i = 1; i <= tenants; i++) {
			Tenant tenant = new Tenant(
					new TenantId(UUID.nameUUIDFromBytes(("tenant-" + i).getBytes(StandardCharsets.UTF_8))), key(i),
					"Tenant " + i, TenantStatus.ACTIVE, now, now);
			this.byKey.put(tenant.key(), tenant);
			this.byId.put(tenant.id(), tenant);
		}
	}

	static TenantKey key(int i) {
		return TenantKey.parse(String.format("t%05d", i));
	}

	@Override
	public Mono<Tenant> findByKey(TenantKey key) {
		this.lookups.increment();
		return Mono.justOrEmpty(this.byKey.get(key));
	}

	@Override
	public Mono<Tenant> findById(TenantId id) {
		this.lookups.increment();
		return Mono.justOrEmpty(this.byId.get(id));
	}

	long lookups() {
		return this.lookups.sum();
	}

}
