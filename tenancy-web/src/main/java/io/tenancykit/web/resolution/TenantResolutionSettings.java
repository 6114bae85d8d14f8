package io.tenancykit.web.resolution;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * Settings of tenant resolution, plain and immutable so that any configuration mechanism
 * can bind them. Every value is validated on construction; messages name the setting.
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
 * @param accessLog whether to log one line per request
 * @param tenantMetricTag whether to tag resolution metrics with the tenant id
 */
public record TenantResolutionSettings(String headerName, TenantReferenceFormat headerFormat, List<String> baseDomains,
		HostSource hostSource, String pathPrefix, String claimName, TenantReferenceFormat claimFormat,
		List<String> excludedPaths, List<TenantSource> chain, Duration retryAfter, boolean accessLog,
		boolean tenantMetricTag) {

	/** The default {@link #headerName()}. */
	public static final String DEFAULT_HEADER_NAME = "X-Tenant-ID";

	/** The default {@link #pathPrefix()}. */
	public static final String DEFAULT_PATH_PREFIX = "/t";

	/** The default {@link #claimName()}. */
	public static final String DEFAULT_CLAIM_NAME = "tenant";

	/** The default {@link #excludedPaths()}. */
	public static final List<String> DEFAULT_EXCLUDED_PATHS = List.of("/actuator/**", "/v3/api-docs/**",
			"/swagger-ui/**");

	/**
	 * The default {@link #chain()}. The path prefix is left out so that applications opt
	 * in to it explicitly.
	 */
	public static final List<TenantSource> DEFAULT_CHAIN = List.of(TenantSource.CLAIM, TenantSource.HEADER,
			TenantSource.SUBDOMAIN);

	/** The default {@link #retryAfter()}. */
	public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

	private static final String TOKEN_SEPARATORS = "()<>@,;:\\\"/[]?={} \t";

	public TenantResolutionSettings {
		requireToken(headerName, "headerName");
		Objects.requireNonNull(headerFormat, "'headerFormat' must not be null");
		Objects.requireNonNull(baseDomains, "'baseDomains' must not be null");
		baseDomains = baseDomains.stream().map(TenantResolutionSettings::normalizeBaseDomain).toList();
		Objects.requireNonNull(hostSource, "'hostSource' must not be null");
		validatePathPrefix(pathPrefix);
		Objects.requireNonNull(claimName, "'claimName' must not be null");
		if (claimName.isBlank()) {
			throw new IllegalArgumentException("'claimName' must not be blank");
		}
		Objects.requireNonNull(claimFormat, "'claimFormat' must not be null");
		Objects.requireNonNull(excludedPaths, "'excludedPaths' must not be null");
		excludedPaths = List.copyOf(excludedPaths);
		for (String pattern : excludedPaths) {
			try {
				PathPatternParser.defaultInstance.parse(pattern);
			}
			catch (PatternParseException ex) {
				throw new IllegalArgumentException("'excludedPaths' contains an invalid path pattern '" + pattern + "'",
						ex);
			}
		}
		Objects.requireNonNull(chain, "'chain' must not be null");
		chain = List.copyOf(chain);
		if (chain.isEmpty()) {
			throw new IllegalArgumentException("'chain' must name at least one source");
		}
		if (new HashSet<>(chain).size() != chain.size()) {
			throw new IllegalArgumentException("'chain' must not name a source twice");
		}
		Objects.requireNonNull(retryAfter, "'retryAfter' must not be null");
		if (retryAfter.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new IllegalArgumentException("'retryAfter' must be at least one second");
		}
	}

	private static void requireToken(String value, String name) {
		Objects.requireNonNull(value, () -> "'" + name + "' must not be null");
		boolean valid = !value.isEmpty();
		for (int i = 0; valid && i < value.length(); i++) {
			char c = value.charAt(i);
			valid = c > 0x20 && c < 0x7f && TOKEN_SEPARATORS.indexOf(c) < 0;
		}
		if (!valid) {
			throw new IllegalArgumentException("'" + name + "' must be a valid HTTP header name");
		}
	}

	static void validatePathPrefix(String pathPrefix) {
		Objects.requireNonNull(pathPrefix, "'pathPrefix' must not be null");
		boolean valid = pathPrefix.length() > 1 && pathPrefix.startsWith("/") && !pathPrefix.endsWith("/")
				&& !pathPrefix.contains("//");
		for (int i = 0; valid && i < pathPrefix.length(); i++) {
			char c = pathPrefix.charAt(i);
			valid = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '-'
					|| c == '_' || c == '.';
		}
		if (!valid) {
			throw new IllegalArgumentException(
					"'pathPrefix' must start with '/', not end with '/' and contain only literal path segments");
		}
	}

	static String normalizeBaseDomain(String baseDomain) {
		Objects.requireNonNull(baseDomain, "'baseDomains' must not contain null");
		String domain = baseDomain.toLowerCase(Locale.ROOT);
		if (domain.endsWith(".")) {
			domain = domain.substring(0, domain.length() - 1);
		}
		boolean valid = !domain.isEmpty() && !domain.startsWith(".") && !domain.endsWith(".") && !domain.contains("..");
		for (int i = 0; valid && i < domain.length(); i++) {
			char c = domain.charAt(i);
			valid = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
		}
		if (!valid) {
			throw new IllegalArgumentException("'baseDomains' must contain ASCII domain names only");
		}
		return domain;
	}

	/**
	 * Return the default settings.
	 * @return the defaults
	 */
	public static TenantResolutionSettings defaults() {
		return builder().build();
	}

	/**
	 * Start building settings from the defaults.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Start building settings from these settings.
	 * @return a new builder
	 */
	public Builder toBuilder() {
		return new Builder().headerName(this.headerName)
			.headerFormat(this.headerFormat)
			.baseDomains(this.baseDomains)
			.hostSource(this.hostSource)
			.pathPrefix(this.pathPrefix)
			.claimName(this.claimName)
			.claimFormat(this.claimFormat)
			.excludedPaths(this.excludedPaths)
			.chain(this.chain)
			.retryAfter(this.retryAfter)
			.accessLog(this.accessLog)
			.tenantMetricTag(this.tenantMetricTag);
	}

	/**
	 * Builds {@link TenantResolutionSettings}, starting from the defaults.
	 */
	public static final class Builder {

		private String headerName = DEFAULT_HEADER_NAME;

		private TenantReferenceFormat headerFormat = TenantReferenceFormat.KEY;

		private List<String> baseDomains = List.of();

		private HostSource hostSource = HostSource.HOST;

		private String pathPrefix = DEFAULT_PATH_PREFIX;

		private String claimName = DEFAULT_CLAIM_NAME;

		private TenantReferenceFormat claimFormat = TenantReferenceFormat.KEY_OR_ID;

		private List<String> excludedPaths = DEFAULT_EXCLUDED_PATHS;

		private List<TenantSource> chain = DEFAULT_CHAIN;

		private Duration retryAfter = DEFAULT_RETRY_AFTER;

		private boolean accessLog;

		private boolean tenantMetricTag;

		private Builder() {
		}

		/**
		 * Set the header that carries the tenant.
		 * @param headerName the header name
		 * @return this builder
		 */
		public Builder headerName(String headerName) {
			this.headerName = headerName;
			return this;
		}

		/**
		 * Set the accepted form of the header value.
		 * @param headerFormat the format
		 * @return this builder
		 */
		public Builder headerFormat(TenantReferenceFormat headerFormat) {
			this.headerFormat = headerFormat;
			return this;
		}

		/**
		 * Set the base domains for subdomain resolution.
		 * @param baseDomains the base domains
		 * @return this builder
		 */
		public Builder baseDomains(List<String> baseDomains) {
			this.baseDomains = baseDomains;
			return this;
		}

		/**
		 * Set where the client-facing host name is read.
		 * @param hostSource the host source
		 * @return this builder
		 */
		public Builder hostSource(HostSource hostSource) {
			this.hostSource = hostSource;
			return this;
		}

		/**
		 * Set the path prefix before the tenant segment.
		 * @param pathPrefix the prefix
		 * @return this builder
		 */
		public Builder pathPrefix(String pathPrefix) {
			this.pathPrefix = pathPrefix;
			return this;
		}

		/**
		 * Set the claim that carries the tenant.
		 * @param claimName the claim name
		 * @return this builder
		 */
		public Builder claimName(String claimName) {
			this.claimName = claimName;
			return this;
		}

		/**
		 * Set the accepted form of the claim value.
		 * @param claimFormat the format
		 * @return this builder
		 */
		public Builder claimFormat(TenantReferenceFormat claimFormat) {
			this.claimFormat = claimFormat;
			return this;
		}

		/**
		 * Set the path patterns that need no tenant.
		 * @param excludedPaths the patterns
		 * @return this builder
		 */
		public Builder excludedPaths(List<String> excludedPaths) {
			this.excludedPaths = excludedPaths;
			return this;
		}

		/**
		 * Set the sources consulted, in order.
		 * @param chain the sources
		 * @return this builder
		 */
		public Builder chain(List<TenantSource> chain) {
			this.chain = chain;
			return this;
		}

		/**
		 * Set the delay advertised when the directory is unavailable.
		 * @param retryAfter the delay
		 * @return this builder
		 */
		public Builder retryAfter(Duration retryAfter) {
			this.retryAfter = retryAfter;
			return this;
		}

		/**
		 * Set whether to log one line per request.
		 * @param accessLog whether to log
		 * @return this builder
		 */
		public Builder accessLog(boolean accessLog) {
			this.accessLog = accessLog;
			return this;
		}

		/**
		 * Set whether to tag resolution metrics with the tenant id.
		 * @param tenantMetricTag whether to tag
		 * @return this builder
		 */
		public Builder tenantMetricTag(boolean tenantMetricTag) {
			this.tenantMetricTag = tenantMetricTag;
			return this;
		}

		/**
		 * Build the settings.
		 * @return the settings
		 * @throws IllegalArgumentException if a setting is invalid; the message names it
		 */
		public TenantResolutionSettings build() {
			return new TenantResolutionSettings(this.headerName, this.headerFormat, this.baseDomains, this.hostSource,
					this.pathPrefix, this.claimName, this.claimFormat, this.excludedPaths, this.chain, this.retryAfter,
					this.accessLog, this.tenantMetricTag);
		}

	}

}
