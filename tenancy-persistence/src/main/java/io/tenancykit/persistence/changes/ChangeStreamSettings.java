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
 */
public record ChangeStreamSettings(int bufferSize, Duration minReconnectBackoff, Duration maxReconnectBackoff) {

	/** The defaults: 256 events per subscriber, reconnect after 100 ms up to 10 s. */
	public static final ChangeStreamSettings DEFAULTS = new ChangeStreamSettings(256, Duration.ofMillis(100),
			Duration.ofSeconds(10));

	public ChangeStreamSettings {
		if (bufferSize < 1) {
			throw new IllegalArgumentException("'bufferSize' must be at least 1");
		}
		Objects.requireNonNull(minReconnectBackoff, "'minReconnectBackoff' must not be null");
		Objects.requireNonNull(maxReconnectBackoff, "'maxReconnectBackoff' must not be null");
		if (minReconnectBackoff.isNegative() || minReconnectBackoff.isZero()) {
			throw new IllegalArgumentException("'minReconnectBackoff' must be positive");
		}
		if (maxReconnectBackoff.compareTo(minReconnectBackoff) < 0) {
			throw new IllegalArgumentException("'maxReconnectBackoff' must not be shorter than 'minReconnectBackoff'");
		}
	}

}
