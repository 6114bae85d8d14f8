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
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * An in-memory tenant directory that counts its lookups. Behind the caching directory
 * every lookup it counts stands for one database round trip of the real directory. In
 * {@linkplain #copying(int) copying} mode every lookup answers a new {@link Tenant}, with
 * its own id, key and strings, as a database directory does, so that what a cache keeps
 * of it is retained by the cache alone.
 */
final class CountingTenantDirectory implements TenantDirectory {

	private final Map<TenantKey, Tenant> byKey = new HashMap<>();

	private final Map<TenantId, Tenant> byId = new HashMap<>();

	private final LongAdder lookups = new LongAdder();

	private final boolean copying;

	/**
	 * Create a directory of active tenants {@code t00001} to {@code tNNNNN}.
	 * @param tenants the number of tenants
	 */
	CountingTenantDirectory(int tenants) {
		this(tenants, false);
	}

	/**
	 * Create a directory of active tenants {@code t00001} to {@code tNNNNN} that answers
	 * every lookup with a new copy of the tenant.
	 * @param tenants the number of tenants
	 * @return the directory
	 */
	static CountingTenantDirectory copying(int tenants) {
		return new CountingTenantDirectory(tenants, true);
	}

	private CountingTenantDirectory(int tenants, boolean copying) {
		this.copying = copying;
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
		return answer(this.byKey.get(key));
	}

	@Override
	public Mono<Tenant> findById(TenantId id) {
		this.lookups.increment();
		return answer(this.byId.get(id));
	}

	private Mono<Tenant> answer(@Nullable Tenant tenant) {
		if (tenant == null || !this.copying) {
			return Mono.justOrEmpty(tenant);
		}
		UUID id = tenant.id().value();
		return Mono.just(new Tenant(new TenantId(new UUID(id.getMostSignificantBits(), id.getLeastSignificantBits())),
				new TenantKey(new String(tenant.key().value().toCharArray())),
				new String(tenant.displayName().toCharArray()), tenant.status(),
				Instant.parse(tenant.createdAt().toString()), Instant.parse(tenant.updatedAt().toString())));
	}

	long lookups() {
		return this.lookups.sum();
	}

}
