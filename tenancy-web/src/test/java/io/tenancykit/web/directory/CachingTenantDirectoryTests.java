package io.tenancykit.web.directory;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tenancykit.api.Tenant;
import io.tenancykit.api.TenantDirectory;
import io.tenancykit.api.TenantId;
import io.tenancykit.api.TenantKey;
import io.tenancykit.api.TenantResolutionException;
import io.tenancykit.api.TenantStatus;
import io.tenancykit.web.InvalidSettingException;
import io.tenancykit.web.logging.FailureCauses;
import io.tenancykit.web.logging.TenantLogging;
import io.tenancykit.web.testsupport.InMemoryTenantDirectory;
import io.tenancykit.web.testsupport.LogCapture;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.Fuseable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The caching decorator: in-flight sharing, expiry, refresh ahead of expiry, bounded
 * negative caching, eviction, timeouts and metrics.
 */
class CachingTenantDirectoryTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final InMemoryTenantDirectory delegate = new InMemoryTenantDirectory();

	private final Tenant acme = this.delegate.add("acme");

	private final AtomicLong nanos = new AtomicLong();

	private final Ticker ticker = this.nanos::get;

	private final TenantCacheSettings settings = TenantCacheSettings.defaults()
		.withTtl(Duration.ofMinutes(1))
		.withNegativeTtl(Duration.ofSeconds(5))
		.withNegativeMaximumSize(100)
		// Far above the delegate's delays, so that a loaded machine cannot turn a slow
		// lookup into a timeout; the timeout's own test sets a short one.
		.withLookupTimeout(Duration.ofSeconds(5));

	private final CachingTenantDirectory directory = new CachingTenantDirectory(this.delegate, this.settings,
			this.ticker, Runnable::run);

	private void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

	private static TenantKey key(String key) {
		return new TenantKey(key);
	}

	@Test
	void sharesOneInFlightLookupPerKey() {
		this.delegate.fixedDelay(Duration.ofMillis(200));
		StepVerifier.create(Flux.range(0, 500).flatMap((i) -> this.directory.findByKey(key("acme")), 500).collectList())
			.assertNext((tenants) -> assertThat(tenants).hasSize(500).containsOnly(this.acme))
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(this.delegate.calls(key("acme"))).isEqualTo(1);
	}

	@Test
	void cancelledCallerDoesNotCancelTheSharedLookup() {
		this.delegate.fixedDelay(Duration.ofMillis(200));
		StepVerifier.create(this.directory.findByKey(key("acme")))
			.thenAwait(Duration.ofMillis(20))
			.thenCancel()
			.verify(TIMEOUT);
		StepVerifier.create(this.directory.findByKey(key("acme")))
			.expectNext(this.acme)
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(this.delegate.calls(key("acme"))).isEqualTo(1);
	}

	@Test
	void servesFoundTenantsUntilTheirTimeToLive() {
		for (int i = 0; i < 3; i++) {
			StepVerifier.create(this.directory.findByKey(key("acme")))
				.expectNext(this.acme)
				.expectComplete()
				.verify(TIMEOUT);
			StepVerifier.create(this.directory.findById(this.acme.id()))
				.expectNext(this.acme)
				.expectComplete()
				.verify(TIMEOUT);
		}
		assertThat(this.delegate.calls(key("acme"))).isEqualTo(1);
		assertThat(this.delegate.calls(this.acme.id())).isEqualTo(1);
		advance(Duration.ofMinutes(1).plusSeconds(1));
		StepVerifier.create(this.directory.findByKey(key("acme")))
			.expectNext(this.acme)
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(this.delegate.calls(key("acme"))).isEqualTo(2);
	}

	@Test
	void hotTenantIsReloadedAheadOfExpiryAndServedPastItsFirstTimeToLive() {
		expectAcme(this.directory);
		advance(Duration.ofSeconds(40));
		expectAcme(this.directory);
		assertThat(this.delegate.calls(key("acme"))).as("reloaded in the background").isEqualTo(2);
		// Past the first load's time to live, with the directory down: only the reload at
		// 40 s keeps the tenant cached.
		this.delegate.mode(InMemoryTenantDirectory.Mode.DOWN);
		advance(Duration.ofSeconds(40));
		expectAcme(this.directory);
		assertThat(this.directory.hitRatio()).as("no request waited on the directory after the first")
			.isEqualTo(2 / 3.0);
	}

	@Test
	void refreshAheadDoesNotMakeTheRequestWaitAndRunsOnceAtATime() {
		CachingTenantDirectory directory = new CachingTenantDirectory(this.delegate,
				this.settings.withLookupTimeout(Duration.ofMinutes(5)), this.ticker, Runnable::run);
		expectAcme(directory);
		this.delegate.mode(InMemoryTenantDirectory.Mode.HANGING);
		advance(Duration.ofSeconds(40));
		for (int i = 0; i < 100; i++) {
			expectAcme(directory);
		}
		assertThat(this.delegate.calls(key("acme"))).as("one reload in flight").isEqualTo(2);
		assertThat(directory.refreshCount()).isEqualTo(1);
	}

	@Test
	void refreshFindingTheTenantSuspendedReplacesTheCachedTenant() {
		expectAcme(this.directory);
		Tenant suspended = this.delegate.setStatus("acme", TenantStatus.SUSPENDED);
		advance(Duration.ofSeconds(40));
		expectAcme(this.directory);
		StepVerifier.create(this.directory.findByKey(key("acme")))
			.expectNext(suspended)
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(this.delegate.calls(key("acme"))).isEqualTo(2);
	}

	@Test
	void refreshFindingTheTenantRemovedDropsItAndRemembersTheAbsence() {
		expectAcme(this.directory);
		this.delegate.remove("acme");
		advance(Duration.ofSeconds(40));
		expectAcme(this.directory);
		StepVerifier.create(this.directory.findByKey(key("acme"))).expectComplete().verify(TIMEOUT);
		StepVerifier.create(this.directory.findByKey(key("acme"))).expectComplete().verify(TIMEOUT);
		assertThat(this.delegate.calls(key("acme"))).as("the reload, then the remembered absence").isEqualTo(2);
	}

	@Test
	void failedRefreshKeepsTheCachedTenantUntilItsTimeToLiveEnds() {
		expectAcme(this.directory);
		this.delegate.mode(InMemoryTenantDirectory.Mode.DOWN);
		advance(Duration.ofSeconds(40));
		expectAcme(this.directory);
		advance(Duration.ofSeconds(10));
		expectAcme(this.directory);
		assertThat(this.delegate.calls(key("acme"))).as("each hit after a failed reload tries again").isEqualTo(3);
		advance(Duration.ofSeconds(11));
		StepVerifier.create(this.directory.findByKey(key("acme")))
			.as("a failed reload does not extend the time to live")
			.expectError(TenantResolutionException.DirectoryUnavailable.class)
			.verify(TIMEOUT);
	}

	@Test
	void failedRefreshesAreCountedAndWarnedOfAtMostOncePerInterval() {
		// A time to live long enough to see two warning intervals within it.
		CachingTenantDirectory directory = new CachingTenantDirectory(this.delegate,
				this.settings.withTtl(Duration.ofMinutes(10)), this.ticker, Runnable::run);
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		directory.bindTo(registry);
		expectAcme(directory);
		this.delegate.mode(InMemoryTenantDirectory.Mode.DOWN);
		try (LogCapture log = new LogCapture()) {
			advance(Duration.ofMinutes(5).plusSeconds(1));
			expectAcme(directory);
			expectAcme(directory);
			advance(CachingTenantDirectory.REFRESH_FAILURE_WARNING_INTERVAL.minusSeconds(1));
			expectAcme(directory);
			assertThat(directory.refreshFailureCount()).isEqualTo(3);
			List<ILoggingEvent> first = log.events(CachingTenantDirectory.class.getName());
			assertThat(first).as("one warning within an interval").hasSize(1);
			ILoggingEvent warning = first.get(0);
			assertThat(warning.getLevel()).isEqualTo(Level.WARN);
			assertThat(warning.getFormattedMessage())
				.startsWith("Background reload of a cached tenant failed (1 since the last warning, 1 in all)")
				.endsWith(IllegalStateException.class.getName() + ": connection refused");
			assertThat(LogCapture.keyValue(warning, TenantLogging.TENANT_ID)).isEqualTo(this.acme.id().toString());
			assertThat(LogCapture.keyValue(warning, FailureCauses.CAUSE))
				.isEqualTo(IllegalStateException.class.getName());
			advance(Duration.ofSeconds(1));
			expectAcme(directory);
			List<ILoggingEvent> events = log.events(CachingTenantDirectory.class.getName());
			assertThat(events).as("the next interval's first failure is warned of").hasSize(2);
			assertThat(events.get(1).getFormattedMessage())
				.startsWith("Background reload of a cached tenant failed (3 since the last warning, 4 in all)");
		}
		assertThat(directory.refreshFailureCount()).isEqualTo(4);
		assertThat(registry.get(CachingTenantDirectory.REFRESH_FAILURES_METER_NAME).functionCounter().count())
			.isEqualTo(4.0);
		assertThat(directory.refreshCount()).as("every failed reload was one started").isEqualTo(4);
	}

	@Test
	void successfulRefreshesAreNotCountedAsFailures() {
		expectAcme(this.directory);
		advance(Duration.ofSeconds(40));
		try (LogCapture log = new LogCapture()) {
			expectAcme(this.directory);
			assertThat(log.events(CachingTenantDirectory.class.getName())).isEmpty();
		}
		assertThat(this.directory.refreshCount()).isEqualTo(1);
		assertThat(this.directory.refreshFailureCount()).isZero();
	}

	@Test
	void reloadThatRacesAnEvictionIsDiscarded() {
		GatedDirectory gated = new GatedDirectory();
		CachingTenantDirectory directory = new CachingTenantDirectory(gated, this.settings, this.ticker, Runnable::run);
		expectAcme(directory);
		Sinks.One<Tenant> reload = gated.holdNext();
		advance(Duration.ofSeconds(40));
		expectAcme(directory);
		Tenant suspended = this.delegate.setStatus("acme", TenantStatus.SUSPENDED);
		directory.evict(key("acme"));
		StepVerifier.create(directory.findByKey(key("acme"))).expectNext(suspended).expectComplete().verify(TIMEOUT);
		// The reload read the tenant before the suspension and answers only now.
		reload.tryEmitValue(this.acme).orThrow();
		StepVerifier.create(directory.findByKey(key("acme"))).expectNext(suspended).expectComplete().verify(TIMEOUT);
	}

	@Test
	void reloadFindingNothingAfterAnEvictionAndNewLoadKeepsTheNewEntry() {
		GatedDirectory gated = new GatedDirectory();
		CachingTenantDirectory directory = new CachingTenantDirectory(gated, this.settings, this.ticker, Runnable::run);
		expectAcme(directory);
		Sinks.One<Tenant> reload = gated.holdNext();
		advance(Duration.ofSeconds(40));
		expectAcme(directory);
		Tenant suspended = this.delegate.setStatus("acme", TenantStatus.SUSPENDED);
		directory.evict(key("acme"));
		StepVerifier.create(directory.findByKey(key("acme"))).expectNext(suspended).expectComplete().verify(TIMEOUT);
		// The stale reload answers "absent": neither removes the new entry nor remembers
		// an absence.
		reload.tryEmitEmpty().orThrow();
		StepVerifier.create(directory.findByKey(key("acme"))).expectNext(suspended).expectComplete().verify(TIMEOUT);
		directory.evict(this.acme.id());
		StepVerifier.create(directory.findByKey(key("acme"))).expectNext(suspended).expectComplete().verify(TIMEOUT);
		assertThat(directory.negativeSize()).isZero();
	}

	@Test
	void loadThatRacesAnEvictionAnswersItsCallersButIsNotCached() {
		GatedDirectory gated = new GatedDirectory();
		CachingTenantDirectory directory = new CachingTenantDirectory(gated, this.settings, this.ticker, Runnable::run);
		Sinks.One<Tenant> load = gated.holdNext();
		Tenant suspended = this.delegate.setStatus("acme", TenantStatus.SUSPENDED);
		StepVerifier.create(directory.findByKey(key("acme"))).then(() -> {
			directory.evict(key("acme"));
			// The load read the tenant before the suspension and answers only now.
			load.tryEmitValue(this.acme).orThrow();
		}).expectNext(this.acme).expectComplete().verify(TIMEOUT);
		StepVerifier.create(directory.findByKey(key("acme"))).expectNext(suspended).expectComplete().verify(TIMEOUT);
	}

	@Test
	void withoutRefreshAheadFoundTenantsAreNotReloadedBeforeExpiry() {
		CachingTenantDirectory directory = new CachingTenantDirectory(this.delegate,
				this.settings.withRefreshAhead(false), this.ticker, Runnable::run);
		expectAcme(directory);
		advance(Duration.ofSeconds(40));
		expectAcme(directory);
		assertThat(this.delegate.calls(key("acme"))).isEqualTo(1);
		assertThat(directory.refreshCount()).isZero();
	}

	private void expectAcme(CachingTenantDirectory directory) {
		StepVerifier.create(directory.findByKey(key("acme"))).expectNext(this.acme).expectComplete().verify(TIMEOUT);
	}

	@Test
	void remembersAbsentTenantsForTheNegativeTimeToLive() {
		StepVerifier.create(this.directory.findByKey(key("umbrella"))).expectComplete().verify(TIMEOUT);
		StepVerifier.create(this.directory.findByKey(key("umbrella"))).expectComplete().verify(TIMEOUT);
		TenantId unknownId = new TenantId(UUID.randomUUID());
		StepVerifier.create(this.directory.findById(unknownId)).expectComplete().verify(TIMEOUT);
		StepVerifier.create(this.directory.findById(unknownId)).expectComplete().verify(TIMEOUT);
		assertThat(this.delegate.calls(key("umbrella"))).isEqualTo(1);
		assertThat(this.delegate.calls(unknownId)).isEqualTo(1);
		Tenant umbrella = this.delegate.add("umbrella");
		advance(Duration.ofSeconds(6));
		StepVerifier.create(this.directory.findByKey(key("umbrella")))
			.expectNext(umbrella)
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(this.delegate.calls(key("umbrella"))).isEqualTo(2);
	}

	@Test
	void boundsTheNegativeCacheAndKeepsFoundTenants() {
		StepVerifier.create(this.directory.findByKey(key("acme")))
			.expectNext(this.acme)
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(Flux.range(0, 5_000).concatMap((i) -> this.directory.findByKey(key("random-" + i))))
			.expectComplete()
			.verify(TIMEOUT);
		this.directory.cleanUp();
		assertThat(this.directory.negativeSize()).isLessThanOrEqualTo(100);
		StepVerifier.create(this.directory.findByKey(key("acme")))
			.expectNext(this.acme)
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(this.delegate.calls(key("acme"))).as("flood must not evict found tenants").isEqualTo(1);
	}

	@Test
	void evictionMakesSuspensionEffectiveImmediately() {
		StepVerifier.create(this.directory.findByKey(key("acme")))
			.expectNext(this.acme)
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(this.directory.findById(this.acme.id()))
			.expectNext(this.acme)
			.expectComplete()
			.verify(TIMEOUT);
		Tenant suspended = this.delegate.setStatus("acme", TenantStatus.SUSPENDED);
		StepVerifier.create(this.directory.findByKey(key("acme")))
			.expectNext(this.acme)
			.expectComplete()
			.verify(TIMEOUT);
		this.directory.evict(key("acme"));
		StepVerifier.create(this.directory.findByKey(key("acme")))
			.expectNext(suspended)
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(this.directory.findById(this.acme.id()))
			.as("evicting the key also evicts the id entry")
			.expectNext(suspended)
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void evictionByIdAlsoEvictsTheKeyEntry() {
		StepVerifier.create(this.directory.findByKey(key("acme")))
			.expectNext(this.acme)
			.expectComplete()
			.verify(TIMEOUT);
		Tenant suspended = this.delegate.setStatus("acme", TenantStatus.SUSPENDED);
		this.directory.evict(this.acme.id());
		StepVerifier.create(this.directory.findByKey(key("acme")))
			.expectNext(suspended)
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void evictionForgetsAbsenceSoNewTenantsAreFoundAtOnce() {
		StepVerifier.create(this.directory.findByKey(key("hooli"))).expectComplete().verify(TIMEOUT);
		Tenant hooli = this.delegate.add("hooli");
		this.directory.evict(key("hooli"));
		StepVerifier.create(this.directory.findByKey(key("hooli"))).expectNext(hooli).expectComplete().verify(TIMEOUT);
		StepVerifier.create(this.directory.findByKey(key("umbrella"))).expectComplete().verify(TIMEOUT);
		Tenant umbrella = this.delegate.add("umbrella");
		this.directory.evictAll();
		StepVerifier.create(this.directory.findByKey(key("umbrella")))
			.expectNext(umbrella)
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(this.directory.findByKey(key("acme")))
			.expectNext(this.acme)
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(this.delegate.calls(key("acme"))).isEqualTo(1);
	}

	@Test
	void failedLookupsAreUnavailableAndNotCached() {
		this.delegate.mode(InMemoryTenantDirectory.Mode.DOWN);
		StepVerifier.create(this.directory.findByKey(key("acme")))
			.expectError(TenantResolutionException.DirectoryUnavailable.class)
			.verify(TIMEOUT);
		this.delegate.mode(InMemoryTenantDirectory.Mode.UP);
		StepVerifier.create(this.directory.findByKey(key("acme")))
			.expectNext(this.acme)
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void failedLookupIsSharedByItsWaitersAndTheNextLookupAsksAgain() {
		GatedDirectory gated = new GatedDirectory();
		CachingTenantDirectory directory = new CachingTenantDirectory(gated, this.settings, this.ticker, Runnable::run);
		Sinks.One<Tenant> load = gated.holdNext();
		StepVerifier.create(Flux.range(0, 10)
			.flatMap((i) -> directory.findByKey(key("acme"))
				.map((tenant) -> "found")
				.onErrorResume(TenantResolutionException.DirectoryUnavailable.class, (ex) -> Mono.just("unavailable")))
			.collectList())
			.then(() -> load.tryEmitError(new IllegalStateException("connection refused")).orThrow())
			.assertNext((outcomes) -> assertThat(outcomes).hasSize(10).containsOnly("unavailable"))
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(gated.calls()).as("one lookup shared by ten callers").isEqualTo(1);
		expectAcme(directory);
		assertThat(gated.calls()).as("the failure was not cached").isEqualTo(2);
	}

	@Test
	void hitIsAScalarMonoAnsweredWhenCalled() throws Exception {
		expectAcme(this.directory);
		Mono<Tenant> hit = this.directory.findByKey(key("acme"));
		assertThat(hit).isInstanceOf(Fuseable.ScalarCallable.class);
		assertThat(((Callable<?>) hit).call()).isEqualTo(this.acme);
		expectAcme(this.directory);
		assertThat(this.delegate.calls(key("acme"))).isEqualTo(1);
	}

	@Test
	void missIsLookedUpOnlyWhenSubscribed() {
		Mono<Tenant> miss = this.directory.findByKey(key("acme"));
		assertThat(miss).isNotInstanceOf(Fuseable.ScalarCallable.class);
		assertThat(this.delegate.calls(key("acme"))).isZero();
		assertThat(this.directory.hitRatio()).as("not counted before it is subscribed").isZero();
		StepVerifier.create(miss).expectNext(this.acme).expectComplete().verify(TIMEOUT);
		assertThat(this.delegate.calls(key("acme"))).isEqualTo(1);
	}

	@Test
	void missAssembledBeforeALoadEndsIsAnsweredFromThatLoad() {
		Mono<Tenant> first = this.directory.findByKey(key("acme"));
		Mono<Tenant> second = this.directory.findByKey(key("acme"));
		StepVerifier.create(first.then(second)).expectNext(this.acme).expectComplete().verify(TIMEOUT);
		assertThat(this.delegate.calls(key("acme"))).isEqualTo(1);
		assertThat(this.directory.hitRatio()).isEqualTo(0.5);
	}

	@Test
	void absentKeyFoundAfterTheNegativeTimeToLiveIsThenAHit() {
		StepVerifier.create(this.directory.findByKey(key("umbrella"))).expectComplete().verify(TIMEOUT);
		Tenant umbrella = this.delegate.add("umbrella");
		advance(Duration.ofSeconds(6));
		StepVerifier.create(this.directory.findByKey(key("umbrella")))
			.expectNext(umbrella)
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(this.directory.findByKey(key("umbrella"))).isInstanceOf(Fuseable.ScalarCallable.class);
		assertThat(this.delegate.calls(key("umbrella"))).isEqualTo(2);
	}

	@Test
	void tenantAnsweredForAnotherKeyIsCachedUnderTheKeyAskedFor() {
		Tenant other = this.delegate.add("other");
		TenantDirectory aliasing = new TenantDirectory() {

			@Override
			public Mono<Tenant> findByKey(TenantKey key) {
				return CachingTenantDirectoryTests.this.delegate.findByKey(key("other"));
			}

			@Override
			public Mono<Tenant> findById(TenantId id) {
				return CachingTenantDirectoryTests.this.delegate.findById(id);
			}

		};
		CachingTenantDirectory directory = new CachingTenantDirectory(aliasing, this.settings, this.ticker,
				Runnable::run);
		for (int i = 0; i < 2; i++) {
			StepVerifier.create(directory.findByKey(key("alias"))).expectNext(other).expectComplete().verify(TIMEOUT);
		}
		assertThat(this.delegate.calls(key("other"))).isEqualTo(1);
		assertThat(directory.findByKey(key("other"))).as("not cached under the tenant's own key")
			.isNotInstanceOf(Fuseable.ScalarCallable.class);
	}

	@Test
	void hangingLookupTimesOutAsUnavailableAndIsNotCached() {
		CachingTenantDirectory directory = new CachingTenantDirectory(this.delegate,
				this.settings.withLookupTimeout(Duration.ofMillis(300)), this.ticker, Runnable::run);
		this.delegate.mode(InMemoryTenantDirectory.Mode.HANGING);
		long start = System.nanoTime();
		StepVerifier.create(directory.findByKey(key("acme")))
			.expectError(TenantResolutionException.DirectoryUnavailable.class)
			.verify(TIMEOUT);
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("failed by the timeout")
			.isGreaterThanOrEqualTo(250L);
		this.delegate.mode(InMemoryTenantDirectory.Mode.UP);
		StepVerifier.create(directory.findByKey(key("acme"))).expectNext(this.acme).expectComplete().verify(TIMEOUT);
	}

	@Test
	void exportsHitRatioAndCacheMetrics() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		this.directory.bindTo(registry);
		for (int i = 0; i < 4; i++) {
			StepVerifier.create(this.directory.findByKey(key("acme")))
				.expectNext(this.acme)
				.expectComplete()
				.verify(TIMEOUT);
		}
		assertThat(registry.get(CachingTenantDirectory.HIT_RATIO_METER_NAME).gauge().value()).isEqualTo(0.75);
		assertThat(registry.get("cache.gets")
			.tags("cache", "tenancy.directory.by-key", "result", "hit")
			.functionCounter()
			.count()).isEqualTo(3);
	}

	@Test
	void settingsNameTheInvalidSetting() {
		assertInvalid(() -> TenantCacheSettings.defaults().withTtl(Duration.ZERO), "ttl");
		assertInvalid(() -> TenantCacheSettings.defaults().withNegativeTtl(Duration.ofSeconds(-1)), "negativeTtl");
		assertInvalid(() -> TenantCacheSettings.defaults().withLookupTimeout(Duration.ofSeconds(-1)), "lookupTimeout");
		assertInvalid(() -> TenantCacheSettings.defaults().withMaximumSize(0), "maximumSize");
		assertInvalid(() -> TenantCacheSettings.defaults().withNegativeMaximumSize(0), "negativeMaximumSize");
		assertThat(TenantCacheSettings.defaults()).isEqualTo(new TenantCacheSettings(Duration.ofMinutes(1), 10_000,
				Duration.ofSeconds(5), 10_000, Duration.ofSeconds(2), true));
	}

	private static void assertInvalid(Supplier<TenantCacheSettings> settings, String setting) {
		assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(settings::get)
			.withMessage("'%s' must be positive", setting)
			.satisfies((ex) -> assertThat(ex.getSetting()).isEqualTo(setting));
	}

	@Test
	void publicConstructorWorksWithSystemTicker() {
		CachingTenantDirectory plain = new CachingTenantDirectory(this.delegate, TenantCacheSettings.defaults());
		StepVerifier.create(plain.findByKey(key("acme")).then(plain.findByKey(key("acme"))))
			.expectNext(this.acme)
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(Mono.fromRunnable(plain::evictAll)).expectComplete().verify(TIMEOUT);
	}

	/**
	 * The in-memory directory, except that the next key lookup asked to be held answers
	 * only when the test completes its sink.
	 */
	private final class GatedDirectory implements TenantDirectory {

		private final AtomicReference<Sinks.@Nullable One<Tenant>> held = new AtomicReference<>();

		private final AtomicInteger calls = new AtomicInteger();

		Sinks.One<Tenant> holdNext() {
			Sinks.One<Tenant> sink = Sinks.one();
			this.held.set(sink);
			return sink;
		}

		int calls() {
			return this.calls.get();
		}

		@Override
		public Mono<Tenant> findByKey(TenantKey key) {
			this.calls.incrementAndGet();
			Sinks.One<Tenant> sink = this.held.getAndSet(null);
			return (sink != null) ? sink.asMono() : CachingTenantDirectoryTests.this.delegate.findByKey(key);
		}

		@Override
		public Mono<Tenant> findById(TenantId id) {
			return CachingTenantDirectoryTests.this.delegate.findById(id);
		}

	}

}
