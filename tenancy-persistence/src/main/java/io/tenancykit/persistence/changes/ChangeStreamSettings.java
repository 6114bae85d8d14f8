package io.tenancykit.persistence.changes;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of {@link TenantChangeStreams}.
 *
 * @param bufferSize the most events buffered for one subscriber that has not requested
 * them; when it is exceeded the buffer is replaced by one {@link ChangeEvent.Resync
 * Resync} marker
 * @param minReconnectBackoff the first delay before listening again after the connection
 * was lost; it doubles on each failed attempt
 * @param maxReconnectBackoff the longest delay between attempts to listen again
 * @param tenantCheckInterval how often the tenants of open streams are looked up in the
 * tenant directory, when the streams have one: the streams of a tenant found suspended or
 * gone end with an error; zero for never
 */
public record ChangeStreamSettings(int bufferSize, Duration minReconnectBackoff, Duration maxReconnectBackoff,
		Duration tenantCheckInterval) {

	/** The default interval of the tenant check: 10 seconds. */
	public static final Duration DEFAULT_TENANT_CHECK_INTERVAL = Duration.ofSeconds(10);

	/**
	 * The defaults: 256 events per subscriber, reconnect after 100 ms up to 10 s, check
	 * the tenants of open streams every 10 s.
	 */
	public static final ChangeStreamSettings DEFAULTS = new ChangeStreamSettings(256, Duration.ofMillis(100),
			Duration.ofSeconds(10), DEFAULT_TENANT_CHECK_INTERVAL);

	public ChangeStreamSettings {
		if (bufferSize < 1) {
			throw new IllegalArgumentException("'bufferSize' must be at least 1");
		}
		Objects.requireNonNull(minReconnectBackoff, "'minReconnectBackoff' must not be null");
		Objects.requireNonNull(maxReconnectBackoff, "'maxReconnectBackoff' must not be null");
		Objects.requireNonNull(tenantCheckInterval, "'tenantCheckInterval' must not be null");
		if (minReconnectBackoff.isNegative() || minReconnectBackoff.isZero()) {
			throw new IllegalArgumentException("'minReconnectBackoff' must be positive");
		}
		if (maxReconnectBackoff.compareTo(minReconnectBackoff) < 0) {
			throw new IllegalArgumentException("'maxReconnectBackoff' must not be shorter than 'minReconnectBackoff'");
		}
		if (tenantCheckInterval.isNegative()) {
			throw new IllegalArgumentException("'tenantCheckInterval' must not be negative");
		}
	}

	/**
	 * Create settings with the {@linkplain #DEFAULT_TENANT_CHECK_INTERVAL default tenant
	 * check interval}.
	 * @param bufferSize the most events buffered for one subscriber
	 * @param minReconnectBackoff the first delay before listening again
	 * @param maxReconnectBackoff the longest delay between attempts to listen again
	 */
	public ChangeStreamSettings(int bufferSize, Duration minReconnectBackoff, Duration maxReconnectBackoff) {
		this(bufferSize, minReconnectBackoff, maxReconnectBackoff, DEFAULT_TENANT_CHECK_INTERVAL);
	}

	/**
	 * Return these settings with another tenant check interval.
	 * @param interval the interval, zero for never, must not be negative
	 * @return the settings
	 */
	public ChangeStreamSettings withTenantCheckInterval(Duration interval) {
		return new ChangeStreamSettings(this.bufferSize, this.minReconnectBackoff, this.maxReconnectBackoff, interval);
	}

}
