package io.tenancykit.web.directory;

import java.time.Duration;
import java.util.Objects;

import io.tenancykit.web.InvalidSettingException;

/**
 * Settings of the {@link CachingTenantDirectory}, and the one place their defaults are
 * written. Every value is validated on construction; an invalid one raises an
 * {@link InvalidSettingException} naming the setting.
 *
 * @param ttl how long a found tenant is served from the cache; also the longest time a
 * suspension that is not signalled through an eviction takes to apply
 * @param maximumSize the maximum number of found tenants kept, per lookup kind
 * @param negativeTtl how long an absent tenant is remembered as absent
 * @param negativeMaximumSize the maximum number of absent keys and ids remembered
 * @param lookupTimeout how long a directory lookup may take before the request fails as
 * unavailable
 * @param refreshAhead whether a found tenant read after half its {@code ttl} is reloaded
 * in the background, so that a tenant read at least once per half {@code ttl} is always
 * served from the cache; a failed reload keeps the cached tenant until its {@code ttl}
 * ends
 */
public record TenantCacheSettings(Duration ttl, long maximumSize, Duration negativeTtl, long negativeMaximumSize,
		Duration lookupTimeout, boolean refreshAhead) {

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

	/** The default {@link #refreshAhead()}. */
	public static final boolean DEFAULT_REFRESH_AHEAD = true;

	private static final TenantCacheSettings DEFAULTS = new TenantCacheSettings(DEFAULT_TTL, DEFAULT_MAXIMUM_SIZE,
			DEFAULT_NEGATIVE_TTL, DEFAULT_NEGATIVE_MAXIMUM_SIZE, DEFAULT_LOOKUP_TIMEOUT, DEFAULT_REFRESH_AHEAD);

	/**
	 * Create settings.
	 * @throws InvalidSettingException if a value is invalid; it names the setting
	 */
	public TenantCacheSettings {
		requirePositive(ttl, "ttl");
		requirePositive(negativeTtl, "negativeTtl");
		requirePositive(lookupTimeout, "lookupTimeout");
		if (maximumSize < 1) {
			throw new InvalidSettingException("maximumSize", maximumSize, "must be positive");
		}
		if (negativeMaximumSize < 1) {
			throw new InvalidSettingException("negativeMaximumSize", negativeMaximumSize, "must be positive");
		}
	}

	private static void requirePositive(Duration duration, String name) {
		Objects.requireNonNull(duration, () -> "'" + name + "' must not be null");
		if (duration.isNegative() || duration.isZero()) {
			throw new InvalidSettingException(name, duration, "must be positive");
		}
	}

	/**
	 * Return the default settings.
	 * @return the defaults
	 */
	public static TenantCacheSettings defaults() {
		return DEFAULTS;
	}

	/**
	 * Return these settings with another time to live of found tenants.
	 * @param ttl the time to live
	 * @return new settings
	 */
	public TenantCacheSettings withTtl(Duration ttl) {
		return new TenantCacheSettings(ttl, this.maximumSize, this.negativeTtl, this.negativeMaximumSize,
				this.lookupTimeout, this.refreshAhead);
	}

	/**
	 * Return these settings with another maximum number of found tenants per lookup kind.
	 * @param maximumSize the maximum size
	 * @return new settings
	 */
	public TenantCacheSettings withMaximumSize(long maximumSize) {
		return new TenantCacheSettings(this.ttl, maximumSize, this.negativeTtl, this.negativeMaximumSize,
				this.lookupTimeout, this.refreshAhead);
	}

	/**
	 * Return these settings with another time absent tenants are remembered.
	 * @param negativeTtl the time to live of negative entries
	 * @return new settings
	 */
	public TenantCacheSettings withNegativeTtl(Duration negativeTtl) {
		return new TenantCacheSettings(this.ttl, this.maximumSize, negativeTtl, this.negativeMaximumSize,
				this.lookupTimeout, this.refreshAhead);
	}

	/**
	 * Return these settings with another maximum number of absent keys and ids
	 * remembered.
	 * @param negativeMaximumSize the maximum size of the negative cache
	 * @return new settings
	 */
	public TenantCacheSettings withNegativeMaximumSize(long negativeMaximumSize) {
		return new TenantCacheSettings(this.ttl, this.maximumSize, this.negativeTtl, negativeMaximumSize,
				this.lookupTimeout, this.refreshAhead);
	}

	/**
	 * Return these settings with another lookup timeout.
	 * @param lookupTimeout the timeout
	 * @return new settings
	 */
	public TenantCacheSettings withLookupTimeout(Duration lookupTimeout) {
		return new TenantCacheSettings(this.ttl, this.maximumSize, this.negativeTtl, this.negativeMaximumSize,
				lookupTimeout, this.refreshAhead);
	}

	/**
	 * Return these settings with refresh ahead of expiry turned on or off.
	 * @param refreshAhead whether found tenants read after half their time to live are
	 * reloaded in the background
	 * @return new settings
	 */
	public TenantCacheSettings withRefreshAhead(boolean refreshAhead) {
		return new TenantCacheSettings(this.ttl, this.maximumSize, this.negativeTtl, this.negativeMaximumSize,
				this.lookupTimeout, refreshAhead);
	}

}
