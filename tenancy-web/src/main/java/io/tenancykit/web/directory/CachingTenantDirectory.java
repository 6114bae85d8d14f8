package io.tenancykit.web.directory;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Predicate;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.tenancykit.api.Tenant;
import io.tenancykit.api.TenantDirectory;
import io.tenancykit.api.TenantId;
import io.tenancykit.api.TenantKey;
import io.tenancykit.api.TenantResolutionException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A {@link TenantDirectory} decorator that serves lookups from a bounded asynchronous
 * Caffeine cache.
 * <p>
 * Concurrent lookups of one key share a single in-flight directory call. Found tenants
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
 * reload that races an eviction is discarded.
 */
public final class CachingTenantDirectory implements TenantDirectory, MeterBinder {

	/** The name of the gauge reporting the share of lookups answered from the cache. */
	public static final String HIT_RATIO_METER_NAME = "tenancy.directory.cache.hit.ratio";

	private final TenantDirectory delegate;

	private final TenantCacheSettings settings;

	private final AsyncCache<TenantKey, Lookup> byKey;

	private final AsyncCache<TenantId, Lookup> byId;

	private final Cache<Object, Boolean> absent;

	private final LongAdder lookups = new LongAdder();

	private final LongAdder loads = new LongAdder();

	private final LongAdder refreshes = new LongAdder();

	private final Ticker ticker;

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
		this.delegate = Objects.requireNonNull(delegate, "'delegate' must not be null");
		this.settings = Objects.requireNonNull(settings, "'settings' must not be null");
		this.ticker = ticker;
		this.executor = (executor != null) ? executor : ForkJoinPool.commonPool();
		this.refreshAfterNanos = settings.refreshAhead() ? settings.ttl().toNanos() / 2 : Long.MAX_VALUE;
		this.byKey = positiveCache(settings, ticker, executor).buildAsync();
		this.byId = positiveCache(settings, ticker, executor).buildAsync();
		Caffeine<Object, Object> negative = Caffeine.newBuilder()
			.ticker(ticker)
			.expireAfterWrite(settings.negativeTtl())
			.maximumSize(settings.negativeMaximumSize());
		if (executor != null) {
			negative.executor(executor);
		}
		this.absent = negative.build();
	}

	private static Caffeine<Object, Object> positiveCache(TenantCacheSettings settings, Ticker ticker,
			@Nullable Executor executor) {
		Caffeine<Object, Object> builder = Caffeine.newBuilder()
			.ticker(ticker)
			.expireAfterWrite(settings.ttl())
			.maximumSize(settings.maximumSize())
			.recordStats();
		if (executor != null) {
			builder.executor(executor);
		}
		return builder;
	}

	@Override
	public Mono<Tenant> findByKey(TenantKey key) {
		Objects.requireNonNull(key, "'key' must not be null");
		return lookup(key, this.byKey, this.delegate::findByKey);
	}

	@Override
	public Mono<Tenant> findById(TenantId id) {
		Objects.requireNonNull(id, "'id' must not be null");
		return lookup(id, this.byId, this.delegate::findById);
	}

	private <K> Mono<Tenant> lookup(K key, AsyncCache<K, Lookup> cache, Function<K, Mono<Tenant>> loader) {
		return Mono.defer(() -> {
			this.lookups.increment();
			if (this.absent.getIfPresent(key) != null) {
				return Mono.empty();
			}
			return fetch(key, cache, loader, true);
		});
	}

	private <K> Mono<Tenant> fetch(K key, AsyncCache<K, Lookup> cache, Function<K, Mono<Tenant>> loader,
			boolean retryStaleFailure) {
		AtomicBoolean loaded = new AtomicBoolean();
		CompletableFuture<Lookup> future = cache.get(key, (k, executor) -> {
			loaded.set(true);
			return load(k, loader);
		});
		boolean completedBefore = !loaded.get() && future.isDone();
		if (completedBefore) {
			refreshIfDue(key, cache, loader, future);
		}
		// One caller cancelling (a client disconnect) must not cancel the lookup that
		// other callers of the same key are waiting for.
		return Mono.fromFuture(future, true).flatMap((lookup) -> {
			TenantResolutionException.DirectoryUnavailable failure = lookup.failure();
			if (failure == null) {
				return Mono.justOrEmpty(lookup.tenant());
			}
			cache.asMap().remove(key, future);
			// Callers that shared the failed lookup share its failure; a caller that only
			// found it lying in the cache looks again, so a failure is never cached.
			return (retryStaleFailure && completedBefore) ? fetch(key, cache, loader, false) : Mono.error(failure);
		});
	}

	private <K> CompletableFuture<Lookup> load(K key, Function<K, Mono<Tenant>> loader) {
		this.loads.increment();
		// Failures complete the future normally, as a failed Lookup that the callers
		// remove: an exceptionally completed future would make Caffeine log a stack
		// trace for every failed lookup during an outage.
		return Mono.defer(() -> loader.apply(key))
			.timeout(this.settings.lookupTimeout())
			.map(this::found)
			.onErrorResume((ex) -> Mono.just(Lookup.failed(DirectoryFailures.unavailable(ex))))
			.doOnSuccess((lookup) -> {
				if (lookup == null) {
					this.absent.put(key, Boolean.TRUE);
				}
			})
			.toFuture();
	}

	private <K> void refreshIfDue(K key, AsyncCache<K, Lookup> cache, Function<K, Mono<Tenant>> loader,
			CompletableFuture<Lookup> future) {
		Lookup lookup = future.getNow(null);
		if (lookup == null || lookup.tenant() == null
				|| this.ticker.read() - lookup.loadedAt() < this.refreshAfterNanos) {
			return;
		}
		if (this.refreshing.putIfAbsent(key, Boolean.TRUE) != null) {
			return;
		}
		this.refreshes.increment();
		try {
			this.executor.execute(() -> reload(key, cache, loader, future));
		}
		catch (RuntimeException ex) {
			// A rejected reload leaves the entry to expire as it would have.
			this.refreshing.remove(key);
		}
	}

	private <K> void reload(K key, AsyncCache<K, Lookup> cache, Function<K, Mono<Tenant>> loader,
			CompletableFuture<Lookup> current) {
		// Replaces or removes only the entry the reload started from: an eviction or a
		// load in between wins over what the reload read.
		Mono.defer(() -> loader.apply(key))
			.timeout(this.settings.lookupTimeout())
			.map(this::found)
			.doFinally((signal) -> this.refreshing.remove(key))
			.subscribe((lookup) -> cache.asMap().replace(key, current, CompletableFuture.completedFuture(lookup)),
					(ex) -> {
						// The cached tenant is served until it expires; the next hit
						// tries again.
					}, () -> {
						if (cache.asMap().remove(key, current)) {
							this.absent.put(key, Boolean.TRUE);
						}
					});
	}

	private Lookup found(Tenant tenant) {
		return new Lookup(tenant, null, this.ticker.read());
	}

	/**
	 * Forget everything cached about the tenant with the given key, so that its next
	 * request reads the directory again.
	 * @param key the key, must not be {@literal null}
	 */
	public void evict(TenantKey key) {
		Objects.requireNonNull(key, "'key' must not be null");
		this.byKey.asMap().remove(key);
		this.absent.invalidate(key);
		removeIf(this.byId, (tenant) -> tenant.key().equals(key));
	}

	/**
	 * Forget everything cached about the tenant with the given id, so that its next
	 * request reads the directory again.
	 * @param id the id, must not be {@literal null}
	 */
	public void evict(TenantId id) {
		Objects.requireNonNull(id, "'id' must not be null");
		this.byId.asMap().remove(id);
		this.absent.invalidate(id);
		removeIf(this.byKey, (tenant) -> tenant.id().equals(id));
	}

	/**
	 * Forget every cached tenant and every remembered absence.
	 */
	public void evictAll() {
		this.byKey.synchronous().invalidateAll();
		this.byId.synchronous().invalidateAll();
		this.absent.invalidateAll();
	}

	private static <K> void removeIf(AsyncCache<K, Lookup> cache, Predicate<Tenant> predicate) {
		for (Map.Entry<K, CompletableFuture<Lookup>> entry : cache.asMap().entrySet()) {
			CompletableFuture<Lookup> future = entry.getValue();
			// An in-flight lookup may have read the old state, so it goes as well.
			if (!future.isDone() || matches(future.getNow(null), predicate)) {
				cache.asMap().remove(entry.getKey(), future);
			}
		}
	}

	private static boolean matches(@Nullable Lookup lookup, Predicate<Tenant> predicate) {
		Tenant tenant = (lookup != null) ? lookup.tenant() : null;
		return tenant != null && predicate.test(tenant);
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
	 * Return the approximate number of remembered absent keys and ids.
	 * @return the size of the negative cache
	 */
	public long negativeSize() {
		return this.absent.estimatedSize();
	}

	void cleanUp() {
		this.byKey.synchronous().cleanUp();
		this.byId.synchronous().cleanUp();
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
		CaffeineCacheMetrics.monitor(registry, this.byKey, "tenancy.directory.by-key");
		CaffeineCacheMetrics.monitor(registry, this.byId, "tenancy.directory.by-id");
	}

	/**
	 * The outcome of one directory call: a found tenant, with the ticker's time it was
	 * read at, or a failure.
	 */
	private record Lookup(@Nullable Tenant tenant, TenantResolutionException.@Nullable DirectoryUnavailable failure,
			long loadedAt) {

		static Lookup failed(TenantResolutionException.DirectoryUnavailable failure) {
			return new Lookup(null, failure, 0);
		}

	}

}
