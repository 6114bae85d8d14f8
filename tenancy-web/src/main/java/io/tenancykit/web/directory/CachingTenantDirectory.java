package io.tenancykit.web.directory;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Predicate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Policy;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.ConcurrentStatsCounter;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.tenancykit.api.Tenant;
import io.tenancykit.api.TenantDirectory;
import io.tenancykit.api.TenantId;
import io.tenancykit.api.TenantKey;
import io.tenancykit.api.TenantResolutionException;
import io.tenancykit.web.logging.FailureCauses;
import io.tenancykit.web.logging.TenantLogging;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;
import reactor.core.publisher.Mono;

/**
 * A {@link TenantDirectory} decorator that serves lookups from bounded Caffeine caches.
 * <p>
 * A hit is answered when the lookup is called, as {@code Mono.just(tenant)}, a scalar
 * that callers can read without subscribing; a miss is looked up when subscribed to.
 * Concurrent misses of one key share a single in-flight directory call. Found tenants
 * live for {@link TenantCacheSettings#ttl()}; absent keys are remembered in a separate,
 * bounded negative cache for {@link TenantCacheSettings#negativeTtl()}, so a flood of
 * random keys neither grows memory without bound nor reaches the database for every
 * request. A lookup that fails or exceeds {@link TenantCacheSettings#lookupTimeout()}
 * signals {@link TenantResolutionException.DirectoryUnavailable} and is never cached, so
 * service resumes as soon as the directory recovers. {@link #evict(TenantKey)} and
 * {@link #evict(TenantId)} make a status change, such as a suspension, apply at once.
 * <p>
 * With {@link TenantCacheSettings#refreshAhead()}, a hit on a tenant loaded more than
 * half its time to live ago is answered from the cache and starts one background reload
 * of that tenant: a tenant read at least once per half time to live never makes a request
 * wait on the directory. A reload that finds the tenant replaces the entry (its time to
 * live starts again), one that finds it absent removes it and remembers the absence, and
 * one that fails or times out leaves the cached tenant to expire as it would have. A
 * reload that races an eviction is discarded. Failed reloads are counted
 * ({@link #refreshFailureCount()}, the {@value #REFRESH_FAILURES_METER_NAME} counter) and
 * reported by a WARN event at most once per {@link #REFRESH_FAILURE_WARNING_INTERVAL},
 * with the failure count, the cause and the tenant's id, so that an outage the cache
 * hides is seen before cached tenants expire.
 */
public final class CachingTenantDirectory implements TenantDirectory, MeterBinder {

	/** The name of the gauge reporting the share of lookups answered from the cache. */
	public static final String HIT_RATIO_METER_NAME = "tenancy.directory.cache.hit.ratio";

	/** The name of the counter of background reloads that failed or timed out. */
	public static final String REFRESH_FAILURES_METER_NAME = "tenancy.directory.cache.refresh.failures";

	/** The least time between two warnings of failed background reloads. */
	public static final Duration REFRESH_FAILURE_WARNING_INTERVAL = Duration.ofMinutes(1);

	private static final Logger logger = LoggerFactory.getLogger(CachingTenantDirectory.class);

	/** No warning yet: the next failed reload is reported at once. */
	private static final long NO_WARNING_YET = Long.MIN_VALUE;

	private final TenantCacheSettings settings;

	private final LookupCache<TenantKey, Tenant> byKey;

	private final LookupCache<TenantId, Tenant> byId;

	private final Cache<Object, Boolean> absent;

	private final LongAdder lookups = new LongAdder();

	private final LongAdder loads = new LongAdder();

	private final LongAdder refreshes = new LongAdder();

	private final LongAdder refreshFailures = new LongAdder();

	private final Ticker ticker;

	/** The ticker's time from which the next failed reload is warned of. */
	private final AtomicLong nextRefreshFailureWarning = new AtomicLong(NO_WARNING_YET);

	/** Failed reloads already counted in a warning. */
	private final AtomicLong refreshFailuresWarned = new AtomicLong();

	private final Executor executor;

	private final long refreshAfterNanos;

	/** Keys and ids with a reload in flight, so that a hot tenant has at most one. */
	private final ConcurrentMap<Object, Boolean> refreshing = new ConcurrentHashMap<>();

	/**
	 * Create a caching directory.
	 * @param delegate the directory to consult on a miss, must not be {@literal null}
	 * @param settings the cache settings, must not be {@literal null}
	 */
	public CachingTenantDirectory(TenantDirectory delegate, TenantCacheSettings settings) {
		this(delegate, settings, Ticker.systemTicker(), null);
	}

	CachingTenantDirectory(TenantDirectory delegate, TenantCacheSettings settings, Ticker ticker,
			@Nullable Executor executor) {
		Objects.requireNonNull(delegate, "'delegate' must not be null");
		this.settings = Objects.requireNonNull(settings, "'settings' must not be null");
		this.executor = (executor != null) ? executor : ForkJoinPool.commonPool();
		this.ticker = ticker;
		this.refreshAfterNanos = settings.refreshAhead() ? settings.ttl().toNanos() / 2 : Long.MAX_VALUE;
		this.byKey = new LookupCache<>(delegate::findByKey, Tenant::key, ticker, executor);
		this.byId = new LookupCache<>(delegate::findById, Tenant::id, ticker, executor);
		Caffeine<Object, Object> negative = Caffeine.newBuilder()
			.ticker(ticker)
			.expireAfterWrite(settings.negativeTtl())
			.maximumSize(settings.negativeMaximumSize());
		if (executor != null) {
			negative.executor(executor);
		}
		this.absent = negative.build();
	}

	@Override
	public Mono<Tenant> findByKey(TenantKey key) {
		Objects.requireNonNull(key, "'key' must not be null");
		return this.byKey.find(key);
	}

	@Override
	public Mono<Tenant> findById(TenantId id) {
		Objects.requireNonNull(id, "'id' must not be null");
		return this.byId.find(id);
	}

	/**
	 * Forget everything cached about the tenant with the given key, so that its next
	 * request reads the directory again.
	 * @param key the key, must not be {@literal null}
	 */
	public void evict(TenantKey key) {
		Objects.requireNonNull(key, "'key' must not be null");
		this.byKey.evict(key);
		this.absent.invalidate(key);
		this.byId.evictIf((tenant) -> tenant.key().equals(key));
	}

	/**
	 * Forget everything cached about the tenant with the given id, so that its next
	 * request reads the directory again.
	 * @param id the id, must not be {@literal null}
	 */
	public void evict(TenantId id) {
		Objects.requireNonNull(id, "'id' must not be null");
		this.byId.evict(id);
		this.absent.invalidate(id);
		this.byKey.evictIf((tenant) -> tenant.id().equals(id));
	}

	/**
	 * Forget every cached tenant and every remembered absence.
	 */
	public void evictAll() {
		this.byKey.evictAll();
		this.byId.evictAll();
		this.absent.invalidateAll();
	}

	/**
	 * Return the share of lookups answered without calling the directory.
	 * @return the hit ratio between 0 and 1, or 0 before the first lookup
	 */
	public double hitRatio() {
		long total = this.lookups.sum();
		if (total == 0) {
			return 0;
		}
		return Math.max(0, total - this.loads.sum()) / (double) total;
	}

	/**
	 * Return the number of background reloads started by refresh ahead of expiry.
	 * @return the number of reloads
	 */
	public long refreshCount() {
		return this.refreshes.sum();
	}

	/**
	 * Return the number of background reloads started by refresh ahead of expiry that
	 * failed or timed out; each left its cached tenant to expire as it would have.
	 * @return the number of failed reloads
	 */
	public long refreshFailureCount() {
		return this.refreshFailures.sum();
	}

	/**
	 * Count a failed reload and warn of it, at most once per
	 * {@link #REFRESH_FAILURE_WARNING_INTERVAL}: an outage is seen in the log while
	 * cached tenants still answer, without an event per hot tenant.
	 */
	private void refreshFailed(Object cached, Throwable failure) {
		this.refreshFailures.increment();
		long now = this.ticker.read();
		long next = this.nextRefreshFailureWarning.get();
		if (next != NO_WARNING_YET && now - next < 0) {
			return;
		}
		if (!this.nextRefreshFailureWarning.compareAndSet(next, now + REFRESH_FAILURE_WARNING_INTERVAL.toNanos())) {
			return;
		}
		long total = this.refreshFailures.sum();
		long since = total - this.refreshFailuresWarned.getAndSet(total);
		LoggingEventBuilder event = FailureCauses.withCause(logger.atWarn(), failure)
			.addKeyValue("refresh_failures", total);
		if (cached instanceof Tenant tenant) {
			event = event.addKeyValue(TenantLogging.TENANT_ID, tenant.id().toString());
		}
		event.log(
				"Background reload of a cached tenant failed ({} since the last warning, {} in all); cached"
						+ " tenants answer until their time to live ends, then lookups fail closed: {}",
				since, total, FailureCauses.describe(failure));
	}

	/**
	 * Return the approximate number of remembered absent keys and ids.
	 * @return the size of the negative cache
	 */
	public long negativeSize() {
		return this.absent.estimatedSize();
	}

	void cleanUp() {
		this.byKey.cache.cleanUp();
		this.byId.cache.cleanUp();
		this.absent.cleanUp();
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder(HIT_RATIO_METER_NAME, this, CachingTenantDirectory::hitRatio)
			.description("Share of tenant directory lookups answered from the cache")
			.register(registry);
		Gauge.builder("tenancy.directory.cache.negative.size", this, CachingTenantDirectory::negativeSize)
			.description("Number of tenant keys and ids remembered as absent")
			.register(registry);
		FunctionCounter.builder(REFRESH_FAILURES_METER_NAME, this, CachingTenantDirectory::refreshFailureCount)
			.description("Background reloads of cached tenants that failed or timed out")
			.register(registry);
		CaffeineCacheMetrics.monitor(registry, this.byKey.cache, "tenancy.directory.by-key");
		CaffeineCacheMetrics.monitor(registry, this.byId.cache, "tenancy.directory.by-id");
	}

	/**
	 * The found tenants of one lookup kind, by key or by id, and the loads in flight.
	 * <p>
	 * Entries hold the tenant itself, under the tenant's own key or id: neither a wrapper
	 * nor the request's copy of the key lives as long as the entry. A load is in
	 * {@link #loading} until its outcome is stored, and leaves it before its callers hear
	 * of it, so a failure is shared by the callers that waited for it and never cached.
	 *
	 * @param <K> {@link TenantKey} or {@link TenantId}
	 * @param <V> the tenant
	 */
	private final class LookupCache<K, V> {

		private final Function<K, Mono<V>> loader;

		private final Function<V, K> keyOf;

		private final StatsCounter stats = new ConcurrentStatsCounter();

		private final Cache<K, V> cache;

		private final Policy.@Nullable FixedExpiration<K, V> expiry;

		private final ConcurrentMap<K, CompletableFuture<V>> loading = new ConcurrentHashMap<>();

		LookupCache(Function<K, Mono<V>> loader, Function<V, K> keyOf, Ticker ticker, @Nullable Executor executor) {
			this.loader = loader;
			this.keyOf = keyOf;
			Caffeine<Object, Object> builder = Caffeine.newBuilder()
				.ticker(ticker)
				.expireAfterWrite(CachingTenantDirectory.this.settings.ttl())
				.maximumSize(CachingTenantDirectory.this.settings.maximumSize())
				.recordStats(() -> this.stats);
			if (executor != null) {
				builder.executor(executor);
			}
			this.cache = builder.build();
			// The entry's write time is its load time: refresh ahead reads it rather than
			// storing its own.
			this.expiry = CachingTenantDirectory.this.settings.refreshAhead()
					? this.cache.policy().expireAfterWrite().orElse(null) : null;
		}

		Mono<V> find(K key) {
			// Looked up at call time, so that a hit is a scalar Mono: the resolution
			// filter reads it without subscribing. Only a miss waits for a subscriber.
			V cached = this.cache.getIfPresent(key);
			if (cached != null) {
				CachingTenantDirectory.this.lookups.increment();
				refreshIfDue(key, cached);
				return Mono.just(cached);
			}
			return Mono.defer(() -> {
				CachingTenantDirectory.this.lookups.increment();
				return miss(key);
			});
		}

		private Mono<V> miss(K key) {
			// Map.get does not count a second time in the cache's statistics.
			V cached = this.cache.asMap().get(key);
			if (cached != null) {
				return Mono.just(cached);
			}
			if (CachingTenantDirectory.this.absent.getIfPresent(key) != null) {
				return Mono.empty();
			}
			CompletableFuture<V> pending = this.loading.get(key);
			if (pending == null) {
				CompletableFuture<V> created = new CompletableFuture<>();
				pending = this.loading.putIfAbsent(key, created);
				if (pending == null) {
					return load(key, created);
				}
			}
			// One caller cancelling (a client disconnect) must not cancel the lookup that
			// other callers of the same key are waiting for.
			return Mono.fromFuture(pending, true);
		}

		private Mono<V> load(K key, CompletableFuture<V> pending) {
			// A load that ended between the look-ups in miss and claiming the key has
			// left its outcome behind.
			V cached = this.cache.asMap().get(key);
			if (cached != null || CachingTenantDirectory.this.absent.getIfPresent(key) != null) {
				this.loading.remove(key, pending);
				pending.complete(cached);
				return Mono.justOrEmpty(cached);
			}
			CachingTenantDirectory.this.loads.increment();
			long started = System.nanoTime();
			Mono.defer(() -> this.loader.apply(key))
				.timeout(CachingTenantDirectory.this.settings.lookupTimeout())
				.doOnSuccess((tenant) -> answered(key, pending, tenant, System.nanoTime() - started))
				.subscribe(null, (ex) -> failed(key, pending, ex, System.nanoTime() - started));
			return Mono.fromFuture(pending, true);
		}

		private void answered(K key, CompletableFuture<V> pending, @Nullable V tenant, long nanos) {
			// The outcome is stored before the load leaves the in-flight map, so that no
			// lookup in between starts another; an eviction that removed the load wins.
			this.loading.computeIfPresent(key, (k, current) -> {
				if (current != pending) {
					return current;
				}
				if (tenant != null) {
					this.cache.put(ownKey(key, tenant), tenant);
				}
				else {
					CachingTenantDirectory.this.absent.put(key, Boolean.TRUE);
				}
				return null;
			});
			if (tenant != null) {
				this.stats.recordLoadSuccess(nanos);
			}
			else {
				// As Caffeine counts a loader's null.
				this.stats.recordLoadFailure(nanos);
			}
			pending.complete(tenant);
		}

		private void failed(K key, CompletableFuture<V> pending, Throwable failure, long nanos) {
			this.loading.remove(key, pending);
			this.stats.recordLoadFailure(nanos);
			pending.completeExceptionally(DirectoryFailures.unavailable(failure));
		}

		private K ownKey(K key, V tenant) {
			K own = this.keyOf.apply(tenant);
			return own.equals(key) ? own : key;
		}

		private void refreshIfDue(K key, V cached) {
			if (this.expiry == null) {
				return;
			}
			OptionalLong age = this.expiry.ageOf(key, TimeUnit.NANOSECONDS);
			if (age.isEmpty() || age.getAsLong() < CachingTenantDirectory.this.refreshAfterNanos) {
				return;
			}
			if (CachingTenantDirectory.this.refreshing.putIfAbsent(key, Boolean.TRUE) != null) {
				return;
			}
			CachingTenantDirectory.this.refreshes.increment();
			try {
				CachingTenantDirectory.this.executor.execute(() -> reload(key, cached));
			}
			catch (RuntimeException ex) {
				// A rejected reload leaves the entry to expire as it would have.
				CachingTenantDirectory.this.refreshing.remove(key);
			}
		}

		private void reload(K key, V cached) {
			Mono.defer(() -> this.loader.apply(key))
				.timeout(CachingTenantDirectory.this.settings.lookupTimeout())
				.doFinally((signal) -> CachingTenantDirectory.this.refreshing.remove(key))
				.doOnSuccess((tenant) -> reloaded(key, cached, tenant))
				// The cached tenant is served until it expires; the next hit tries again.
				.subscribe(null, (ex) -> CachingTenantDirectory.this.refreshFailed(cached, ex));
		}

		private void reloaded(K key, V cached, @Nullable V tenant) {
			// Replaces or removes only an entry that still holds the tenant the reload
			// started from: an eviction or a load in between wins over what it read.
			if (tenant == null) {
				if (this.cache.asMap().remove(key, cached)) {
					CachingTenantDirectory.this.absent.put(key, Boolean.TRUE);
				}
			}
			else {
				// An unchanged tenant stays the same instance, whose key or id is the
				// entry's: the reloaded copy would hold a second one.
				this.cache.asMap().replace(key, cached, tenant.equals(cached) ? cached : tenant);
			}
		}

		void evict(K key) {
			// The load first: it must not store what it read after the entry is gone.
			this.loading.remove(key);
			this.cache.invalidate(key);
		}

		void evictIf(Predicate<V> predicate) {
			// An in-flight lookup may have read the old state, so it goes as well.
			this.loading.clear();
			this.cache.asMap().values().removeIf(predicate);
		}

		void evictAll() {
			this.loading.clear();
			this.cache.invalidateAll();
		}

	}

}
