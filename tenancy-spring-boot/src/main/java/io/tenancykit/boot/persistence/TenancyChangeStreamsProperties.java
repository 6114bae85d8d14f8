package io.tenancykit.boot.persistence;

import java.time.Duration;

import io.tenancykit.persistence.changes.ChangeStreamSettings;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Configuration properties of the kit's tenant-scoped change streams, under
 * {@value #PREFIX}. The defaults are those of {@link ChangeStreamSettings#DEFAULTS}.
 */
@ConfigurationProperties(TenancyChangeStreamsProperties.PREFIX)
public final class TenancyChangeStreamsProperties {

	/** The prefix of the change stream properties. */
	public static final String PREFIX = "tenancy.persistence.change-streams";

	/**
	 * Limits the events buffered for one subscriber that has not requested them. When it
	 * is exceeded, the buffered events are replaced by one resync marker.
	 */
	private int bufferSize = ChangeStreamSettings.DEFAULTS.bufferSize();

	/**
	 * Sets the first delay before the listener connects again after losing its
	 * connection; it doubles, with jitter, on each failed attempt.
	 */
	private Duration minReconnectBackoff = ChangeStreamSettings.DEFAULTS.minReconnectBackoff();

	/**
	 * Limits the delay between the listener's attempts to connect again.
	 */
	private Duration maxReconnectBackoff = ChangeStreamSettings.DEFAULTS.maxReconnectBackoff();

	/**
	 * Sets how often the tenants of open change streams are looked up in the tenant
	 * directory: the streams of a tenant found suspended or gone end with an error. Zero
	 * turns the check off, so that a stream outlives a suspension of its tenant.
	 */
	private Duration tenantCheckInterval = ChangeStreamSettings.DEFAULTS.tenantCheckInterval();

	public int getBufferSize() {
		return this.bufferSize;
	}

	public void setBufferSize(int bufferSize) {
		this.bufferSize = bufferSize;
	}

	public Duration getMinReconnectBackoff() {
		return this.minReconnectBackoff;
	}

	public void setMinReconnectBackoff(Duration minReconnectBackoff) {
		this.minReconnectBackoff = minReconnectBackoff;
	}

	public Duration getMaxReconnectBackoff() {
		return this.maxReconnectBackoff;
	}

	public void setMaxReconnectBackoff(Duration maxReconnectBackoff) {
		this.maxReconnectBackoff = maxReconnectBackoff;
	}

	public Duration getTenantCheckInterval() {
		return this.tenantCheckInterval;
	}

	public void setTenantCheckInterval(Duration tenantCheckInterval) {
		this.tenantCheckInterval = tenantCheckInterval;
	}

	/**
	 * Return the validated settings.
	 * @return the settings
	 * @throws InvalidConfigurationPropertyValueException if a value is out of range
	 */
	public ChangeStreamSettings settings() {
		if (this.bufferSize < 1) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + ".buffer-size", this.bufferSize,
					"must be at least 1");
		}
		if (this.minReconnectBackoff.isNegative() || this.minReconnectBackoff.isZero()) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + ".min-reconnect-backoff",
					this.minReconnectBackoff, "must be positive");
		}
		if (this.maxReconnectBackoff.compareTo(this.minReconnectBackoff) < 0) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + ".max-reconnect-backoff",
					this.maxReconnectBackoff, "must not be shorter than " + PREFIX + ".min-reconnect-backoff");
		}
		if (this.tenantCheckInterval.isNegative()) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + ".tenant-check-interval",
					this.tenantCheckInterval, "must not be negative");
		}
		return new ChangeStreamSettings(this.bufferSize, this.minReconnectBackoff, this.maxReconnectBackoff,
				this.tenantCheckInterval);
	}

}
