package io.tenancykit.boot.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.tenancykit.web.directory.TenantCacheSettings;
import io.tenancykit.web.resolution.HostSource;
import io.tenancykit.web.resolution.TenantReferenceFormat;
import io.tenancykit.web.resolution.TenantResolutionSettings;
import io.tenancykit.web.resolution.TenantResolutionWebFilter;
import io.tenancykit.web.resolution.TenantSource;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Configuration properties of the kit's web layer, under {@value #PREFIX}. They are
 * mapped onto {@link TenantResolutionSettings} and {@link TenantCacheSettings}; an
 * invalid value fails startup with an {@link InvalidConfigurationPropertyValueException}
 * naming the property.
 */
@ConfigurationProperties(TenancyWebProperties.PREFIX)
public final class TenancyWebProperties {

	/** The prefix of the web properties. */
	public static final String PREFIX = "tenancy.web";

	private static final String RESOLUTION = PREFIX + ".resolution.";

	private static final String CACHE = PREFIX + ".cache.";

	private final Resolution resolution = new Resolution();

	private final Cache cache = new Cache();

	private final Metrics metrics = new Metrics();

	/**
	 * Limits how long a tenant-scoped request may take until its response is committed; a
	 * request still working then is cancelled and answered 503 deadline-exceeded. Zero
	 * turns the deadline off.
	 */
	private Duration requestTimeout = Duration.ofSeconds(10);

	public Resolution getResolution() {
		return this.resolution;
	}

	public Cache getCache() {
		return this.cache;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	public Duration getRequestTimeout() {
		return this.requestTimeout;
	}

	public void setRequestTimeout(Duration requestTimeout) {
		this.requestTimeout = requestTimeout;
	}

	/**
	 * Map the resolution properties onto validated settings.
	 * @return the settings
	 * @throws InvalidConfigurationPropertyValueException if a property is invalid
	 */
	public TenantResolutionSettings toResolutionSettings() {
		Resolution r = this.resolution;
		// Each value is first checked alone against the defaults, so that the failure
		// names the one property that is wrong.
		check(RESOLUTION + "header-name", r.getHeaderName(), (v) -> resolutionBuilder().headerName(v).build());
		check(RESOLUTION + "base-domains", r.getBaseDomains(), (v) -> resolutionBuilder().baseDomains(v).build());
		check(RESOLUTION + "path-prefix", r.getPathPrefix(), (v) -> resolutionBuilder().pathPrefix(v).build());
		check(RESOLUTION + "claim-name", r.getClaimName(), (v) -> resolutionBuilder().claimName(v).build());
		check(RESOLUTION + "excluded-paths", r.getExcludedPaths(), (v) -> resolutionBuilder().excludedPaths(v).build());
		check(RESOLUTION + "chain", r.getChain(), (v) -> resolutionBuilder().chain(v).build());
		check(RESOLUTION + "retry-after", r.getRetryAfter(), (v) -> resolutionBuilder().retryAfter(v).build());
		return TenantResolutionSettings.builder()
			.headerName(r.getHeaderName())
			.headerFormat(r.getHeaderFormat())
			.baseDomains(r.getBaseDomains())
			.hostSource(r.getHostSource())
			.pathPrefix(r.getPathPrefix())
			.claimName(r.getClaimName())
			.claimFormat(r.getClaimFormat())
			.excludedPaths(r.getExcludedPaths())
			.chain(r.getChain())
			.retryAfter(r.getRetryAfter())
			.accessLog(r.isAccessLog())
			.tenantMetricTag(this.metrics.isTenantTag())
			.build();
	}

	/**
	 * Map the cache properties onto validated settings.
	 * @return the settings
	 * @throws InvalidConfigurationPropertyValueException if a property is invalid
	 */
	public TenantCacheSettings toCacheSettings() {
		Cache c = this.cache;
		check(CACHE + "ttl", c.getTtl(), (v) -> TenantCacheSettings.builder().ttl(v).build());
		check(CACHE + "maximum-size", c.getMaximumSize(), (v) -> TenantCacheSettings.builder().maximumSize(v).build());
		check(CACHE + "negative-ttl", c.getNegativeTtl(), (v) -> TenantCacheSettings.builder().negativeTtl(v).build());
		check(CACHE + "negative-maximum-size", c.getNegativeMaximumSize(),
				(v) -> TenantCacheSettings.builder().negativeMaximumSize(v).build());
		check(CACHE + "lookup-timeout", c.getLookupTimeout(),
				(v) -> TenantCacheSettings.builder().lookupTimeout(v).build());
		return TenantCacheSettings.builder()
			.ttl(c.getTtl())
			.maximumSize(c.getMaximumSize())
			.negativeTtl(c.getNegativeTtl())
			.negativeMaximumSize(c.getNegativeMaximumSize())
			.lookupTimeout(c.getLookupTimeout())
			.build();
	}

	private static TenantResolutionSettings.Builder resolutionBuilder() {
		return TenantResolutionSettings.builder();
	}

	private static <V> void check(String property, V value, Consumer<V> validation) {
		try {
			validation.accept(value);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(property, value, reason(ex));
		}
	}

	// The settings types name their own argument ("'headerName' must ..."); the property
	// name replaces it.
	private static String reason(RuntimeException ex) {
		String message = ex.getMessage();
		if (message == null) {
			return ex.getClass().getSimpleName();
		}
		return message.replaceFirst("^'[^']*' ", "");
	}

	/**
	 * How the tenant of a request is found.
	 */
	public static final class Resolution {

		/**
		 * Lists the sources consulted for the tenant of a request, in order: claim,
		 * header, subdomain and path. The claim source needs Spring Security on the
		 * classpath and the subdomain source needs base domains; otherwise they are left
		 * out.
		 */
		private List<TenantSource> chain = new ArrayList<>(
				List.of(TenantSource.CLAIM, TenantSource.HEADER, TenantSource.SUBDOMAIN));

		/**
		 * Names the request header that carries the tenant.
		 */
		private String headerName = "X-Tenant-ID";

		/**
		 * Sets the form of the tenant accepted in the header: key, id or key-or-id.
		 */
		private TenantReferenceFormat headerFormat = TenantReferenceFormat.KEY;

		/**
		 * Lists the base domains under which the first host label names the tenant, such
		 * as example.com for acme.example.com.
		 */
		private List<String> baseDomains = new ArrayList<>();

		/**
		 * Selects where the subdomain source reads the host name the client used. Choose
		 * a forwarded header only behind a proxy that always overwrites it.
		 */
		private HostSource hostSource = HostSource.HOST;

		/**
		 * Sets the path prefix before the tenant segment, as in /t/{tenant}/...
		 */
		private String pathPrefix = "/t";

		/**
		 * Names the claim of the authenticated principal that carries the tenant.
		 */
		private String claimName = "tenant";

		/**
		 * Sets the form of the tenant accepted in the claim: key, id or key-or-id.
		 */
		private TenantReferenceFormat claimFormat = TenantReferenceFormat.KEY_OR_ID;

		/**
		 * Lists the path patterns, within the application, of requests that need no
		 * tenant.
		 */
		private List<String> excludedPaths = new ArrayList<>(
				List.of("/actuator/**", "/v3/api-docs/**", "/swagger-ui/**"));

		/**
		 * Sets the delay advertised in the Retry-After header of 503 responses: tenant
		 * directory or database unavailable, deadline exceeded; at least one second.
		 */
		private Duration retryAfter = Duration.ofSeconds(5);

		/**
		 * Whether to log one line per request, with its tenant, to the
		 * io.tenancykit.web.access logger.
		 */
		private boolean accessLog;

		/**
		 * Orders the tenant resolution web filter among the web filters. Keep it after
		 * Spring Security's filter chain (-100) so that an authenticated principal is
		 * available.
		 */
		private int filterOrder = TenantResolutionWebFilter.DEFAULT_ORDER;

		public List<TenantSource> getChain() {
			return this.chain;
		}

		public void setChain(List<TenantSource> chain) {
			this.chain = chain;
		}

		public String getHeaderName() {
			return this.headerName;
		}

		public void setHeaderName(String headerName) {
			this.headerName = headerName;
		}

		public TenantReferenceFormat getHeaderFormat() {
			return this.headerFormat;
		}

		public void setHeaderFormat(TenantReferenceFormat headerFormat) {
			this.headerFormat = headerFormat;
		}

		public List<String> getBaseDomains() {
			return this.baseDomains;
		}

		public void setBaseDomains(List<String> baseDomains) {
			this.baseDomains = baseDomains;
		}

		public HostSource getHostSource() {
			return this.hostSource;
		}

		public void setHostSource(HostSource hostSource) {
			this.hostSource = hostSource;
		}

		public String getPathPrefix() {
			return this.pathPrefix;
		}

		public void setPathPrefix(String pathPrefix) {
			this.pathPrefix = pathPrefix;
		}

		public String getClaimName() {
			return this.claimName;
		}

		public void setClaimName(String claimName) {
			this.claimName = claimName;
		}

		public TenantReferenceFormat getClaimFormat() {
			return this.claimFormat;
		}

		public void setClaimFormat(TenantReferenceFormat claimFormat) {
			this.claimFormat = claimFormat;
		}

		public List<String> getExcludedPaths() {
			return this.excludedPaths;
		}

		public void setExcludedPaths(List<String> excludedPaths) {
			this.excludedPaths = excludedPaths;
		}

		public Duration getRetryAfter() {
			return this.retryAfter;
		}

		public void setRetryAfter(Duration retryAfter) {
			this.retryAfter = retryAfter;
		}

		public boolean isAccessLog() {
			return this.accessLog;
		}

		public void setAccessLog(boolean accessLog) {
			this.accessLog = accessLog;
		}

		public int getFilterOrder() {
			return this.filterOrder;
		}

		public void setFilterOrder(int filterOrder) {
			this.filterOrder = filterOrder;
		}

	}

	/**
	 * The cache in front of the tenant directory.
	 */
	public static final class Cache {

		/**
		 * Limits how long a found tenant is served from the cache; also the longest time
		 * a suspension takes to apply when it is not signalled through an eviction.
		 */
		private Duration ttl = Duration.ofMinutes(1);

		/**
		 * Limits the number of found tenants kept, per lookup kind (by key and by id).
		 */
		private long maximumSize = 10_000;

		/**
		 * Limits how long an unknown tenant key or id is remembered as absent.
		 */
		private Duration negativeTtl = Duration.ofSeconds(5);

		/**
		 * Limits the number of unknown tenant keys and ids remembered as absent.
		 */
		private long negativeMaximumSize = 10_000;

		/**
		 * Limits how long a directory lookup through the cache may take before the
		 * request fails as unavailable.
		 */
		private Duration lookupTimeout = Duration.ofSeconds(2);

		public Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(Duration ttl) {
			this.ttl = ttl;
		}

		public long getMaximumSize() {
			return this.maximumSize;
		}

		public void setMaximumSize(long maximumSize) {
			this.maximumSize = maximumSize;
		}

		public Duration getNegativeTtl() {
			return this.negativeTtl;
		}

		public void setNegativeTtl(Duration negativeTtl) {
			this.negativeTtl = negativeTtl;
		}

		public long getNegativeMaximumSize() {
			return this.negativeMaximumSize;
		}

		public void setNegativeMaximumSize(long negativeMaximumSize) {
			this.negativeMaximumSize = negativeMaximumSize;
		}

		public Duration getLookupTimeout() {
			return this.lookupTimeout;
		}

		public void setLookupTimeout(Duration lookupTimeout) {
			this.lookupTimeout = lookupTimeout;
		}

	}

	/**
	 * Metrics of tenant resolution.
	 */
	public static final class Metrics {

		/**
		 * Whether to tag the tenancy.resolution counter with the tenant id. The number of
		 * series then grows with the number of tenants.
		 */
		private boolean tenantTag;

		public boolean isTenantTag() {
			return this.tenantTag;
		}

		public void setTenantTag(boolean tenantTag) {
			this.tenantTag = tenantTag;
		}

	}

}
