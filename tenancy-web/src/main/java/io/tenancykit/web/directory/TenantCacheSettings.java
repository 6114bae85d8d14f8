package io.tenancykit.web.directory;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the {@link CachingTenantDirectory}.
 *
 * @param ttl how long a found tenant is served from the cache; also the longest time a
 * suspension that is not signalled through an eviction takes to apply
 * @param maximumSize the maximum number of found tenants kept, per lookup kind
 * @param negativeTtl how long an absent tenant is remembered as absent
 * @param negativeMaximumSize the maximum number of absent keys and ids remembered
 * @param lookupTimeout how long a directory lookup may take before the request fails as
 * unavailable
 */
public record TenantCacheSettings(Duration ttl, long maximumSize, Duration negativeTtl, long negativeMaximumSize,
		Duration lookupTimeout) {

	/** The default {@link #ttl()}. */
	public static final Duration DEFAULT_TTL = Duration.ofMinutes(1);

	/** The default {@link #maximumSize()}. */
	public static final long DEFAULT_MAXIMUM_SIZE = 10_000;

	/** The default {@link #negativeTtl()}. */
	public static final Duration DEFAULT_NEGATIVE_TTL = Duration.ofSeconds(5);

	/** The default {@link #negativeMaximumSize()}. */
	public static final long DEFAULT_NEGATIVE_MAXIMUM_SIZE = 10_000;

	/** The default {@link #lookupTimeout()}. */
	public static final Duration DEFAULT_LOOKUP_TIMEOUT = Duration.ofSeconds(2);

	public TenantCacheSettings {
		requirePositive(ttl, "ttl");
		requirePositive(negativeTtl, "negativeTtl");
		requirePositive(lookupTimeout, "lookupTimeout");
		if (maximumSize < 1) {
			throw new IllegalArgumentException("'maximumSize' must be positive");
		}
		if (negativeMaximumSize < 1) {
			throw new IllegalArgumentException("'negativeMaximumSize' must be positive");
		}
	}

	private static void requirePositive(Duration duration, String name) {
		Objects.requireNonNull(duration, () -> "'" + name + "' must not be null");
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException("'" + name + "' must be positive");
		}
	}

	/**
	 * Return the default settings.
	 * @return the defaults
	 */
	public static TenantCacheSettings defaults() {
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
	 * Builds {@link TenantCacheSettings}, starting from the defaults.
	 */
	public static final class Builder {

		private Duration ttl = DEFAULT_TTL;

		private long maximumSize = DEFAULT_MAXIMUM_SIZE;

		private Duration negativeTtl = DEFAULT_NEGATIVE_TTL;

		private long negativeMaximumSize = DEFAULT_NEGATIVE_MAXIMUM_SIZE;

		private Duration lookupTimeout = DEFAULT_LOOKUP_TIMEOUT;

		private Builder() {
		}

		/**
		 * Set the time to live of found tenants.
		 * @param ttl the time to live
		 * @return this builder
		 */
		public Builder ttl(Duration ttl) {
			this.ttl = ttl;
			return this;
		}

		/**
		 * Set the maximum number of found tenants kept per lookup kind.
		 * @param maximumSize the maximum size
		 * @return this builder
		 */
		public Builder maximumSize(long maximumSize) {
			this.maximumSize = maximumSize;
			return this;
		}

		/**
		 * Set how long absent tenants are remembered.
		 * @param negativeTtl the time to live of negative entries
		 * @return this builder
		 */
		public Builder negativeTtl(Duration negativeTtl) {
			this.negativeTtl = negativeTtl;
			return this;
		}

		/**
		 * Set the maximum number of absent keys and ids remembered.
		 * @param negativeMaximumSize the maximum size of the negative cache
		 * @return this builder
		 */
		public Builder negativeMaximumSize(long negativeMaximumSize) {
			this.negativeMaximumSize = negativeMaximumSize;
			return this;
		}

		/**
		 * Set the lookup timeout.
		 * @param lookupTimeout the timeout
		 * @return this builder
		 */
		public Builder lookupTimeout(Duration lookupTimeout) {
			this.lookupTimeout = lookupTimeout;
			return this;
		}

		/**
		 * Build the settings.
		 * @return the settings
		 * @throws IllegalArgumentException if a setting is invalid; the message names it
		 */
		public TenantCacheSettings build() {
			return new TenantCacheSettings(this.ttl, this.maximumSize, this.negativeTtl, this.negativeMaximumSize,
					this.lookupTimeout);
		}

	}

}
