package io.tenancykit.benchmarks.resolution;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.tenancykit.api.Tenant;
import io.tenancykit.api.TenantKey;
import io.tenancykit.web.bind.TenantContexts;
import io.tenancykit.web.directory.CachingTenantDirectory;
import io.tenancykit.web.directory.TenantCacheSettings;
import io.tenancykit.web.resolution.TenantResolutionSettings;
import io.tenancykit.web.resolution.TenantResolutionWebFilter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Mono;

import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.server.adapter.DefaultServerWebExchange;
import org.springframework.web.server.i18n.AcceptHeaderLocaleContextResolver;
import org.springframework.web.server.i18n.LocaleContextResolver;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.WebSessionManager;

/**
 * Tenant resolution of a request whose tenant is already cached (issue 12: at most 1 µs,
 * no database round trip). Every tenant is looked up once in {@link #setUp()}; afterwards
 * each call resolves a random one of them. The directory behind the cache counts its
 * lookups: {@link #checkNoLookups()} fails the run if a single measured call reached it
 * (background reloads of refresh ahead of expiry, which no call waits for, are reported
 * apart).
 * <ul>
 * <li>{@code directoryHit}: {@link CachingTenantDirectory#findByKey} of a parsed key,
 * blocking on the answer (which is already there);</li>
 * <li>{@code filterHit}: the kit's {@link TenantResolutionWebFilter} with its default
 * settings on a prepared request with an {@code X-Tenant-ID} header, through to the next
 * filter, including creating the exchange;</li>
 * <li>{@code filterScalarHit}: the same filter over a directory that answers with
 * {@code Mono.just} (as a cache hit can), so that the filter can decide without
 * subscribing to the lookup;</li>
 * <li>{@code exchangeOnly}: creating that exchange alone, to subtract from
 * {@code filterHit}.</li>
 * </ul>
 * Run with {@code -prof gc} for the bytes allocated per call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ResolutionCacheHitBenchmark {

	/** The number of cached tenants the calls spread over. */
	@Param({ "10", "10000" })
	public int tenants;

	/**
	 * Whether the cache refreshes ahead of expiry (the default), which adds a clock read
	 * to every hit; {@code false} is the cache as it was before.
	 */
	@Param({ "true", "false" })
	public boolean refreshAhead;

	private CountingTenantDirectory directory;

	private CachingTenantDirectory cache;

	private TenantResolutionWebFilter filter;

	private TenantResolutionWebFilter scalarFilter;

	private String[] keys;

	private MockServerHttpRequest[] requests;

	private final ServerCodecConfigurer codecs = ServerCodecConfigurer.create();

	private final WebSessionManager sessions = new DefaultWebSessionManager();

	private final LocaleContextResolver locales = new AcceptHeaderLocaleContextResolver();

	private long lookupsAfterSetUp;

	private final WebFilterChain next = (exchange) -> Mono.empty();

	@Setup(Level.Trial)
	public void setUp() {
		this.directory = new CountingTenantDirectory(this.tenants);
		this.cache = new CachingTenantDirectory(this.directory,
				TenantCacheSettings.defaults().withRefreshAhead(this.refreshAhead));
		this.filter = new TenantResolutionWebFilter(this.cache, TenantResolutionSettings.defaults());
		// A directory of its own: its lookups are the point, not a cache miss.
		this.scalarFilter = new TenantResolutionWebFilter(new CountingTenantDirectory(this.tenants),
				TenantResolutionSettings.defaults());
		this.keys = new String[this.tenants];
		this.requests = new MockServerHttpRequest[this.tenants];
		for (int i = 0; i < this.tenants; i++) {
			TenantKey key = CountingTenantDirectory.key(i + 1);
			this.keys[i] = key.value();
			this.requests[i] = MockServerHttpRequest.get("/api/projects").header("X-Tenant-ID", key.value()).build();
			if (this.cache.findByKey(key).block() == null) {
				throw new IllegalStateException("Tenant " + key.value() + " was not found");
			}
		}
		this.lookupsAfterSetUp = this.directory.lookups();
	}

	@TearDown(Level.Trial)
	public void checkNoLookups() {
		// A run longer than half the time to live reloads tenants in the background:
		// those lookups are not on a request's path.
		long reloads = this.cache.refreshCount();
		long measured = this.directory.lookups() - this.lookupsAfterSetUp - reloads;
		System.out
			.printf("%nDirectory lookups during warm-up and measurement: %d (after %d to fill the cache; %d background"
					+ " reloads)%n", measured, this.lookupsAfterSetUp, reloads);
		if (measured != 0) {
			throw new IllegalStateException(measured + " lookups reached the directory behind the cache");
		}
	}

	@Benchmark
	public Tenant directoryHit() {
		// ThreadLocalRandom only picks which cached key to ask for; it carries no tenant.
		String key = this.keys[ThreadLocalRandom.current().nextInt(this.keys.length)];
		Tenant tenant = this.cache.findByKey(TenantKey.parse(key)).block();
		if (tenant == null) {
			throw new IllegalStateException("Tenant " + key + " was not found");
		}
		return tenant;
	}

	@Benchmark
	public ServerWebExchange filterHit() {
		return resolved(this.filter, exchange());
	}

	@Benchmark
	public ServerWebExchange filterScalarHit() {
		return resolved(this.scalarFilter, exchange());
	}

	@Benchmark
	public ServerWebExchange exchangeOnly() {
		return exchange();
	}

	/**
	 * {@link #filterHit()} over a request built for the call, as a server's is, instead
	 * of one of the prepared requests: with 10,000 tenants, picking one of 10,000
	 * prepared requests at random misses the CPU cache on the request itself, which a
	 * server's fresh request does not. Subtract {@link #exchangeOnlyFreshRequest()}.
	 * @return the exchange
	 */
	@Benchmark
	public ServerWebExchange filterHitFreshRequest() {
		return resolved(this.filter, freshExchange());
	}

	/**
	 * Building the request and exchange of {@link #filterHitFreshRequest()} alone.
	 * @return the exchange
	 */
	@Benchmark
	public ServerWebExchange exchangeOnlyFreshRequest() {
		return freshExchange();
	}

	private ServerWebExchange freshExchange() {
		// ThreadLocalRandom only picks which cached key to send; it carries no tenant.
		String key = this.keys[ThreadLocalRandom.current().nextInt(this.keys.length)];
		MockServerHttpRequest request = MockServerHttpRequest.get("/api/projects").header("X-Tenant-ID", key).build();
		return new DefaultServerWebExchange(request, new MockServerHttpResponse(), this.sessions, this.codecs,
				this.locales);
	}

	private ServerWebExchange resolved(TenantResolutionWebFilter resolution, ServerWebExchange exchange) {
		resolution.filter(exchange, this.next).block();
		if (exchange.getAttributes().get(TenantContexts.ATTRIBUTE) == null) {
			throw new IllegalStateException("The filter did not resolve the tenant");
		}
		return exchange;
	}

	private ServerWebExchange exchange() {
		// The requests are built once; the exchange shares codecs and session manager, as
		// a
		// server's exchanges do (MockServerWebExchange.from creates codecs for every
		// exchange, some 50 KB and hundreds of microseconds, which would drown the
		// filter).
		// ThreadLocalRandom only picks which prepared request to send; it carries no
		// tenant.
		MockServerHttpRequest request = this.requests[ThreadLocalRandom.current().nextInt(this.requests.length)];
		return new DefaultServerWebExchange(request, new MockServerHttpResponse(), this.sessions, this.codecs,
				this.locales);
	}

}
