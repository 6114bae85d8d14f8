package io.tenancykit.boot.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.tenancykit.web.InvalidSettingException;
import io.tenancykit.web.directory.TenantCacheSettings;
import io.tenancykit.web.resolution.HostSource;
import io.tenancykit.web.resolution.TenantReferenceFormat;
import io.tenancykit.web.resolution.TenantResolutionSettings;
import io.tenancykit.web.resolution.TenantResolutionWebFilter;
import io.tenancykit.web.resolution.TenantSource;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Configuration properties of the kit's web layer, under {@value #PREFIX}. They bind onto
 * {@link TenantResolutionSettings} and {@link TenantCacheSettings}, which own the
 * defaults and check the values; an invalid value fails startup with an
 * {@link InvalidConfigurationPropertyValueException} naming the property.
 */
@ConfigurationProperties(TenancyWebProperties.PREFIX)
public final class TenancyWebProperties {

	/** The prefix of the web properties. */
	public static final String PREFIX = "tenancy.web";

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
	 * Create the resolution settings of these properties.
	 * @return the settings
	 * @throws InvalidConfigurationPropertyValueException if a property is invalid
	 */
	public TenantResolutionSettings toResolutionSettings() {
		Resolution r = this.resolution;
		return checkResolution(() -> new TenantResolutionSettings(r.headerName, r.headerFormat, r.baseDomains,
				r.hostSource, r.pathPrefix, r.claimName, r.claimFormat, r.excludedPaths, r.chain, r.retryAfter,
				r.requireClaim, r.suspendedAsUnknown));
	}

	/**
	 * Create the cache settings of these properties.
	 * @return the settings
	 * @throws InvalidConfigurationPropertyValueException if a property is invalid
	 */
	public TenantCacheSettings toCacheSettings() {
		Cache c = this.cache;
		return check(PREFIX + ".cache.", () -> new TenantCacheSettings(c.ttl, c.maximumSize, c.negativeTtl,
				c.negativeMaximumSize, c.lookupTimeout, c.refreshAhead));
	}

	/**
	 * Return what a factory of resolution settings, or of something built from them,
	 * creates, reporting an invalid setting as the property it was bound from.
	 */
	static <T> T checkResolution(Supplier<T> factory) {
		return check(PREFIX + ".resolution.", factory);
	}

	private static <T> T check(String group, Supplier<T> factory) {
		try {
			return factory.get();
		}
		catch (InvalidSettingException ex) {
			throw new InvalidConfigurationPropertyValueException(
					group + DataObjectPropertyName.toDashedForm(ex.getSetting()), ex.getValue(), ex.getReason());
		}
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
		private List<TenantSource> chain = new ArrayList<>(TenantResolutionSettings.DEFAULT_CHAIN);

		/**
		 * Names the request header that carries the tenant.
		 */
		private String headerName = TenantResolutionSettings.DEFAULT_HEADER_NAME;

		/**
		 * Sets the form of the tenant accepted in the header: key, id or key-or-id.
		 */
		private TenantReferenceFormat headerFormat = TenantResolutionSettings.DEFAULT_HEADER_FORMAT;

		/**
		 * Lists the base domains under which the first host label names the tenant, such
		 * as example.com for acme.example.com.
		 */
		private List<String> baseDomains = new ArrayList<>();

		/**
		 * Selects where the subdomain source reads the host name the client used. Choose
		 * a forwarded header only behind a proxy that always overwrites it.
		 */
		private HostSource hostSource = TenantResolutionSettings.DEFAULT_HOST_SOURCE;

		/**
		 * Sets the path prefix before the tenant segment, as in /t/{tenant}/...
		 */
		private String pathPrefix = TenantResolutionSettings.DEFAULT_PATH_PREFIX;

		/**
		 * Names the claim of the authenticated principal that carries the tenant.
		 */
		private String claimName = TenantResolutionSettings.DEFAULT_CLAIM_NAME;

		/**
		 * Sets the form of the tenant accepted in the claim: key, id or key-or-id.
		 */
		private TenantReferenceFormat claimFormat = TenantResolutionSettings.DEFAULT_CLAIM_FORMAT;

		/**
		 * Lists the path patterns, within the application, of requests that need no
		 * tenant.
		 */
		private List<String> excludedPaths = new ArrayList<>(TenantResolutionSettings.DEFAULT_EXCLUDED_PATHS);

		/**
		 * Sets the delay advertised in the Retry-After header of 503 responses: tenant
		 * directory or database unavailable, deadline exceeded; at least one second.
		 */
		private Duration retryAfter = TenantResolutionSettings.DEFAULT_RETRY_AFTER;

		/**
		 * Whether an authenticated principal must carry the tenant claim when the claim
		 * source is in the chain. Client-supplied sources then only repeat the claim's
		 * tenant; an authenticated principal without the claim is refused with 403
		 * tenant-claim-missing. Anonymous callers are still resolved from client-supplied
		 * sources.
		 */
		private boolean requireClaim = TenantResolutionSettings.DEFAULT_REQUIRE_CLAIM;

		/**
		 * Whether a suspended tenant is answered exactly like an unknown one (404
		 * tenant-unknown), so that callers cannot learn that its key exists.
		 */
		private boolean suspendedAsUnknown = TenantResolutionSettings.DEFAULT_SUSPENDED_AS_UNKNOWN;

		/**
		 * Orders the tenant resolution web filter among the web filters. Startup fails
		 * when the claim source is in the chain and this is not after Spring Security's
		 * WebFilterChainProxy (-100), which would hide the authenticated principal.
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

		public boolean isRequireClaim() {
			return this.requireClaim;
		}

		public void setRequireClaim(boolean requireClaim) {
			this.requireClaim = requireClaim;
		}

		public boolean isSuspendedAsUnknown() {
			return this.suspendedAsUnknown;
		}

		public void setSuspendedAsUnknown(boolean suspendedAsUnknown) {
			this.suspendedAsUnknown = suspendedAsUnknown;
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
		private Duration ttl = TenantCacheSettings.DEFAULT_TTL;

		/**
		 * Limits the number of found tenants kept, per lookup kind (by key and by id).
		 */
		private long maximumSize = TenantCacheSettings.DEFAULT_MAXIMUM_SIZE;

		/**
		 * Limits how long an unknown tenant key or id is remembered as absent.
		 */
		private Duration negativeTtl = TenantCacheSettings.DEFAULT_NEGATIVE_TTL;

		/**
		 * Limits the number of unknown tenant keys and ids remembered as absent.
		 */
		private long negativeMaximumSize = TenantCacheSettings.DEFAULT_NEGATIVE_MAXIMUM_SIZE;

		/**
		 * Limits how long a directory lookup through the cache may take before the
		 * request fails as unavailable.
		 */
		private Duration lookupTimeout = TenantCacheSettings.DEFAULT_LOOKUP_TIMEOUT;

		/**
		 * Whether a found tenant read after half its ttl is reloaded in the background,
		 * so that a tenant read at least once per half ttl never waits on the directory.
		 * A failed reload keeps the cached tenant until its ttl ends; failed reloads are
		 * counted (tenancy.directory.cache.refresh.failures) and warned of at most once a
		 * minute.
		 */
		private boolean refreshAhead = TenantCacheSettings.DEFAULT_REFRESH_AHEAD;

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

		public boolean isRefreshAhead() {
			return this.refreshAhead;
		}

		public void setRefreshAhead(boolean refreshAhead) {
			this.refreshAhead = refreshAhead;
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
