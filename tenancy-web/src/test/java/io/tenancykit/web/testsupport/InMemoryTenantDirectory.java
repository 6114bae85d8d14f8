package io.tenancykit.web.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.tenancykit.api.Tenant;
import io.tenancykit.api.TenantDirectory;
import io.tenancykit.api.TenantId;
import io.tenancykit.api.TenantKey;
import io.tenancykit.api.TenantStatus;
import reactor.core.publisher.Mono;

/**
 * An in-memory {@link TenantDirectory} for tests, with switchable outages, optional
 * random delays and per-lookup call counting.
 */
public final class InMemoryTenantDirectory implements TenantDirectory {

	/** How the directory answers. */
	public enum Mode {

		/** Answers normally. */
		UP,

		/** Fails every lookup at once, like a refused connection. */
		DOWN,

		/** Never answers, like a hung connection. */
		HANGING

	}

	private final Map<TenantKey, Tenant> byKey = new ConcurrentHashMap<>();

	private final Map<TenantId, Tenant> byId = new ConcurrentHashMap<>();

	private final Map<Object, AtomicInteger> calls = new ConcurrentHashMap<>();

	private final AtomicInteger totalCalls = new AtomicInteger();

	private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.UP);

	private volatile Duration maxDelay = Duration.ZERO;

	private volatile Duration fixedDelay = Duration.ZERO;

	public Tenant add(String key) {
		return add(key, TenantStatus.ACTIVE);
	}

	public Tenant add(String key, TenantStatus status) {
		Instant now = Instant.parse("2026-01-01T00:00:00Z");
		Tenant tenant = new Tenant(
				new TenantId(UUID.nameUUIDFromBytes(key.getBytes(java.nio.charset.StandardCharsets.UTF_8))),
				new TenantKey(key), "Tenant " + key, status, now, now);
		put(tenant);
		return tenant;
	}

	public void put(Tenant tenant) {
		this.byKey.put(tenant.key(), tenant);
		this.byId.put(tenant.id(), tenant);
	}

	public void remove(String key) {
		Tenant removed = this.byKey.remove(new TenantKey(key));
		if (removed != null) {
			this.byId.remove(removed.id());
		}
	}

	public Tenant setStatus(String key, TenantStatus status) {
		Tenant old = this.byKey.get(new TenantKey(key));
		Tenant changed = new Tenant(old.id(), old.key(), old.displayName(), status, old.createdAt(), Instant.now());
		put(changed);
		return changed;
	}

	public void mode(Mode mode) {
		this.mode.set(mode);
	}

	/** Delay every lookup by a random time between zero and the given maximum. */
	public void randomDelay(Duration maxDelay) {
		this.maxDelay = maxDelay;
	}

	/** Delay every lookup by the given time. */
	public void fixedDelay(Duration fixedDelay) {
		this.fixedDelay = fixedDelay;
	}

	public int calls(Object keyOrId) {
		AtomicInteger count = this.calls.get(keyOrId);
		return (count != null) ? count.get() : 0;
	}

	public int totalCalls() {
		return this.totalCalls.get();
	}

	@Override
	public Mono<Tenant> findByKey(TenantKey key) {
		return answer(key, this.byKey.get(key));
	}

	@Override
	public Mono<Tenant> findById(TenantId id) {
		return answer(id, this.byId.get(id));
	}

	private Mono<Tenant> answer(Object lookup, Tenant tenant) {
		return Mono.defer(() -> {
			this.calls.computeIfAbsent(lookup, (k) -> new AtomicInteger()).incrementAndGet();
			this.totalCalls.incrementAndGet();
			Mode current = this.mode.get();
			if (current == Mode.DOWN) {
				return Mono.error(new IllegalStateException("connection refused"));
			}
			if (current == Mode.HANGING) {
				return Mono.never();
			}
			Mono<Tenant> result = Mono.justOrEmpty(tenant);
			Duration delay = this.fixedDelay;
			long maxNanos = this.maxDelay.toNanos();
			if (maxNanos > 0) {
				delay = delay.plusNanos(ThreadLocalRandom.current().nextLong(maxNanos));
			}
			return delay.isZero() ? result : Mono.delay(delay).then(result);
		});
	}

}
