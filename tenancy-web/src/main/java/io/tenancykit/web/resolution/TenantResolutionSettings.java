package io.tenancykit.web.resolution;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

import io.tenancykit.web.InvalidSettingException;
import io.tenancykit.web.problem.TenancyProblems;

import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * Settings of tenant resolution, plain and immutable so that any configuration mechanism
 * can bind them, and the one place their defaults are written. Every value is validated
 * on construction by the type that uses it; an invalid one raises an
 * {@link InvalidSettingException} naming the setting. Start from {@link #defaults()} and
 * change what differs: <pre class="code">
 * TenantResolutionSettings.defaults().withBaseDomains(List.of("example.com"));
 * </pre>
 *
 * @param headerName the request header that carries the tenant
 * @param headerFormat the accepted form of the header value
 * @param baseDomains the base domains under which the first host label is the tenant key;
 * subdomain resolution is inactive when empty
 * @param hostSource where the client-facing host name is read
 * @param pathPrefix the path prefix before the tenant segment
 * @param claimName the name of the principal claim that carries the tenant
 * @param claimFormat the accepted form of the claim value
 * @param excludedPaths path patterns (within the application) that need no tenant
 * @param chain the sources consulted, in order
 * @param retryAfter the delay advertised in {@code Retry-After} when the directory is
 * unavailable
 * @param requireClaim whether an authenticated principal must carry the tenant claim:
 * client-supplied sources then never name the tenant of an authenticated caller, they may
 * only repeat the claim's (ADR-032)
 * @param suspendedAsUnknown whether a suspended tenant is answered exactly like an
 * unknown one, so that callers cannot learn that its key exists (ADR-033)
 */
public record TenantResolutionSettings(String headerName, TenantReferenceFormat headerFormat, List<String> baseDomains,
		HostSource hostSource, String pathPrefix, String claimName, TenantReferenceFormat claimFormat,
		List<String> excludedPaths, List<TenantSource> chain, Duration retryAfter, boolean requireClaim,
		boolean suspendedAsUnknown) {

	/** The default {@link #headerName()}. */
	public static final String DEFAULT_HEADER_NAME = "X-Tenant-ID";

	/** The default {@link #headerFormat()}. */
	public static final TenantReferenceFormat DEFAULT_HEADER_FORMAT = TenantReferenceFormat.KEY;

	/** The default {@link #hostSource()}. */
	public static final HostSource DEFAULT_HOST_SOURCE = HostSource.HOST;

	/** The default {@link #pathPrefix()}. */
	public static final String DEFAULT_PATH_PREFIX = "/t";

	/** The default {@link #claimName()}. */
	public static final String DEFAULT_CLAIM_NAME = "tenant";

	/** The default {@link #claimFormat()}. */
	public static final TenantReferenceFormat DEFAULT_CLAIM_FORMAT = TenantReferenceFormat.KEY_OR_ID;

	/**
	 * The default {@link #excludedPaths()}: Actuator, the OpenAPI description and Swagger
	 * UI as springdoc-openapi serves it on WebFlux ({@code /swagger-ui.html} redirects to
	 * {@code /webjars/swagger-ui/index.html}); only Swagger UI's webjar, not every
	 * webjar.
	 */
	public static final List<String> DEFAULT_EXCLUDED_PATHS = List.of("/actuator/**", "/v3/api-docs/**",
			"/swagger-ui/**", "/swagger-ui.html", "/webjars/swagger-ui/**");

	/**
	 * The default {@link #chain()}. The path prefix is left out so that applications opt
	 * in to it explicitly.
	 */
	public static final List<TenantSource> DEFAULT_CHAIN = List.of(TenantSource.CLAIM, TenantSource.HEADER,
			TenantSource.SUBDOMAIN);

	/**
	 * The default {@link #retryAfter()}: {@link TenancyProblems#DEFAULT_RETRY_AFTER}.
	 */
	public static final Duration DEFAULT_RETRY_AFTER = TenancyProblems.DEFAULT_RETRY_AFTER;

	/**
	 * The default {@link #requireClaim()}: an authenticated caller's tenant comes from
	 * its credential, never from the client.
	 */
	public static final boolean DEFAULT_REQUIRE_CLAIM = true;

	/**
	 * The default {@link #suspendedAsUnknown()}: a suspended tenant answers 403
	 * {@code tenant-suspended}, so that its users learn why.
	 */
	public static final boolean DEFAULT_SUSPENDED_AS_UNKNOWN = false;

	private static final TenantResolutionSettings DEFAULTS = new TenantResolutionSettings(DEFAULT_HEADER_NAME,
			DEFAULT_HEADER_FORMAT, List.of(), DEFAULT_HOST_SOURCE, DEFAULT_PATH_PREFIX, DEFAULT_CLAIM_NAME,
			DEFAULT_CLAIM_FORMAT, DEFAULT_EXCLUDED_PATHS, DEFAULT_CHAIN, DEFAULT_RETRY_AFTER, DEFAULT_REQUIRE_CLAIM,
			DEFAULT_SUSPENDED_AS_UNKNOWN);

	/**
	 * Create settings.
	 * @throws InvalidSettingException if a value is invalid; it names the setting
	 */
	public TenantResolutionSettings {
		HeaderTenantResolver.requireHeaderName(headerName);
		Objects.requireNonNull(headerFormat, "'headerFormat' must not be null");
		baseDomains = SubdomainTenantResolver.normalizeBaseDomains(baseDomains);
		Objects.requireNonNull(hostSource, "'hostSource' must not be null");
		PathPrefixTenantResolver.requirePathPrefix(pathPrefix);
		ClaimTenantResolver.requireClaimName(claimName);
		Objects.requireNonNull(claimFormat, "'claimFormat' must not be null");
		excludedPaths = List.copyOf(excludedPaths);
		excludedPaths.forEach(TenantResolutionSettings::requirePathPattern);
		chain = List.copyOf(chain);
		if (chain.isEmpty()) {
			throw new InvalidSettingException("chain", chain, "must name at least one source");
		}
		if (new HashSet<>(chain).size() != chain.size()) {
			throw new InvalidSettingException("chain", chain, "must not name a source twice");
		}
		Objects.requireNonNull(retryAfter, "'retryAfter' must not be null");
		if (retryAfter.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new InvalidSettingException("retryAfter", retryAfter, "must be at least one second");
		}
	}

	private static void requirePathPattern(String pattern) {
		try {
			PathPatternParser.defaultInstance.parse(pattern);
		}
		catch (PatternParseException ex) {
			throw new InvalidSettingException("excludedPaths", pattern,
					"contains an invalid path pattern '" + pattern + "'");
		}
	}

	/**
	 * Return the default settings.
	 * @return the defaults
	 */
	public static TenantResolutionSettings defaults() {
		return DEFAULTS;
	}

	/**
	 * Return these settings with another header name.
	 * @param headerName the header that carries the tenant
	 * @return new settings
	 */
	public TenantResolutionSettings withHeaderName(String headerName) {
		return new TenantResolutionSettings(headerName, this.headerFormat, this.baseDomains, this.hostSource,
				this.pathPrefix, this.claimName, this.claimFormat, this.excludedPaths, this.chain, this.retryAfter,
				this.requireClaim, this.suspendedAsUnknown);
	}

	/**
	 * Return these settings with another accepted form of the header value.
	 * @param headerFormat the format
	 * @return new settings
	 */
	public TenantResolutionSettings withHeaderFormat(TenantReferenceFormat headerFormat) {
		return new TenantResolutionSettings(this.headerName, headerFormat, this.baseDomains, this.hostSource,
				this.pathPrefix, this.claimName, this.claimFormat, this.excludedPaths, this.chain, this.retryAfter,
				this.requireClaim, this.suspendedAsUnknown);
	}

	/**
	 * Return these settings with other base domains for subdomain resolution.
	 * @param baseDomains the base domains
	 * @return new settings
	 */
	public TenantResolutionSettings withBaseDomains(List<String> baseDomains) {
		return new TenantResolutionSettings(this.headerName, this.headerFormat, baseDomains, this.hostSource,
				this.pathPrefix, this.claimName, this.claimFormat, this.excludedPaths, this.chain, this.retryAfter,
				this.requireClaim, this.suspendedAsUnknown);
	}

	/**
	 * Return these settings with another source of the client-facing host name.
	 * @param hostSource the host source
	 * @return new settings
	 */
	public TenantResolutionSettings withHostSource(HostSource hostSource) {
		return new TenantResolutionSettings(this.headerName, this.headerFormat, this.baseDomains, hostSource,
				this.pathPrefix, this.claimName, this.claimFormat, this.excludedPaths, this.chain, this.retryAfter,
				this.requireClaim, this.suspendedAsUnknown);
	}

	/**
	 * Return these settings with another path prefix before the tenant segment.
	 * @param pathPrefix the prefix
	 * @return new settings
	 */
	public TenantResolutionSettings withPathPrefix(String pathPrefix) {
		return new TenantResolutionSettings(this.headerName, this.headerFormat, this.baseDomains, this.hostSource,
				pathPrefix, this.claimName, this.claimFormat, this.excludedPaths, this.chain, this.retryAfter,
				this.requireClaim, this.suspendedAsUnknown);
	}

	/**
	 * Return these settings with another claim that carries the tenant.
	 * @param claimName the claim name
	 * @return new settings
	 */
	public TenantResolutionSettings withClaimName(String claimName) {
		return new TenantResolutionSettings(this.headerName, this.headerFormat, this.baseDomains, this.hostSource,
				this.pathPrefix, claimName, this.claimFormat, this.excludedPaths, this.chain, this.retryAfter,
				this.requireClaim, this.suspendedAsUnknown);
	}

	/**
	 * Return these settings with another accepted form of the claim value.
	 * @param claimFormat the format
	 * @return new settings
	 */
	public TenantResolutionSettings withClaimFormat(TenantReferenceFormat claimFormat) {
		return new TenantResolutionSettings(this.headerName, this.headerFormat, this.baseDomains, this.hostSource,
				this.pathPrefix, this.claimName, claimFormat, this.excludedPaths, this.chain, this.retryAfter,
				this.requireClaim, this.suspendedAsUnknown);
	}

	/**
	 * Return these settings with other path patterns that need no tenant.
	 * @param excludedPaths the patterns
	 * @return new settings
	 */
	public TenantResolutionSettings withExcludedPaths(List<String> excludedPaths) {
		return new TenantResolutionSettings(this.headerName, this.headerFormat, this.baseDomains, this.hostSource,
				this.pathPrefix, this.claimName, this.claimFormat, excludedPaths, this.chain, this.retryAfter,
				this.requireClaim, this.suspendedAsUnknown);
	}

	/**
	 * Return these settings with other sources, consulted in the given order.
	 * @param chain the sources
	 * @return new settings
	 */
	public TenantResolutionSettings withChain(List<TenantSource> chain) {
		return new TenantResolutionSettings(this.headerName, this.headerFormat, this.baseDomains, this.hostSource,
				this.pathPrefix, this.claimName, this.claimFormat, this.excludedPaths, chain, this.retryAfter,
				this.requireClaim, this.suspendedAsUnknown);
	}

	/**
	 * Return these settings with another delay advertised when the directory is
	 * unavailable.
	 * @param retryAfter the delay, at least one second
	 * @return new settings
	 */
	public TenantResolutionSettings withRetryAfter(Duration retryAfter) {
		return new TenantResolutionSettings(this.headerName, this.headerFormat, this.baseDomains, this.hostSource,
				this.pathPrefix, this.claimName, this.claimFormat, this.excludedPaths, this.chain, retryAfter,
				this.requireClaim, this.suspendedAsUnknown);
	}

	/**
	 * Return these settings with another choice of whether an authenticated principal
	 * must carry the tenant claim.
	 * @param requireClaim whether the claim is required of authenticated principals
	 * @return new settings
	 */
	public TenantResolutionSettings withRequireClaim(boolean requireClaim) {
		return new TenantResolutionSettings(this.headerName, this.headerFormat, this.baseDomains, this.hostSource,
				this.pathPrefix, this.claimName, this.claimFormat, this.excludedPaths, this.chain, this.retryAfter,
				requireClaim, this.suspendedAsUnknown);
	}

	/**
	 * Return these settings with another choice of whether a suspended tenant is answered
	 * like an unknown one.
	 * @param suspendedAsUnknown whether suspended tenants look unknown
	 * @return new settings
	 */
	public TenantResolutionSettings withSuspendedAsUnknown(boolean suspendedAsUnknown) {
		return new TenantResolutionSettings(this.headerName, this.headerFormat, this.baseDomains, this.hostSource,
				this.pathPrefix, this.claimName, this.claimFormat, this.excludedPaths, this.chain, this.retryAfter,
				this.requireClaim, suspendedAsUnknown);
	}

}
