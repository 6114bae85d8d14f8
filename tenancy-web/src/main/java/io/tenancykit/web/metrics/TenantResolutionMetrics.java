package io.tenancykit.web.metrics;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.tenancykit.api.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * Counts resolution outcomes in {@value #METER_NAME}, tagged with {@code outcome} and
 * {@code source}. The per-tenant {@code tenant} tag is added only when explicitly
 * enabled, because its cardinality grows with the number of tenants.
 */
public final class TenantResolutionMetrics {

	/** The name of the counter. */
	public static final String METER_NAME = "tenancy.resolution";

	/** The {@code source} tag value when no source was involved. */
	public static final String NO_SOURCE = "none";

	private final MeterRegistry registry;

	private final boolean tenantTag;

	/**
	 * The counter of each outcome and source, looked up once: registering a counter
	 * builds its tags and id and runs the registry's filters, which cost more than the
	 * increment. Not used with the tenant tag, whose counters grow with the tenants.
	 */
	private final Map<ResolutionOutcome, Map<String, Counter>> counters = new EnumMap<>(ResolutionOutcome.class);

	/**
	 * Create metrics that record into a registry.
	 * @param registry the registry, must not be {@literal null}
	 * @param tenantTag whether to tag resolved requests with their tenant id
	 */
	public TenantResolutionMetrics(MeterRegistry registry, boolean tenantTag) {
		this.registry = Objects.requireNonNull(registry, "'registry' must not be null");
		this.tenantTag = tenantTag;
		for (ResolutionOutcome outcome : ResolutionOutcome.values()) {
			this.counters.put(outcome, new ConcurrentHashMap<>());
		}
	}

	/**
	 * Return metrics that record nothing.
	 * @return metrics backed by an empty composite registry
	 */
	public static TenantResolutionMetrics disabled() {
		return new TenantResolutionMetrics(new CompositeMeterRegistry(), false);
	}

	/**
	 * Count one outcome.
	 * @param outcome the outcome, must not be {@literal null}
	 * @param source the source that decided it, or {@link #NO_SOURCE}
	 * @param tenantId the resolved tenant, or {@literal null} when none was resolved
	 */
	public void record(ResolutionOutcome outcome, String source, @Nullable TenantId tenantId) {
		if (this.tenantTag) {
			register(Tags.of("outcome", outcome.tagValue(), "source", source, "tenant",
					(tenantId != null) ? tenantId.toString() : NO_SOURCE))
				.increment();
			return;
		}
		Map<String, Counter> bySource = Objects.requireNonNull(this.counters.get(outcome));
		Counter counter = bySource.get(source);
		if (counter == null) {
			counter = bySource.computeIfAbsent(source,
					(key) -> register(Tags.of("outcome", outcome.tagValue(), "source", key)));
		}
		counter.increment();
	}

	private Counter register(Tags tags) {
		return Counter.builder(METER_NAME)
			.description("Tenant resolution outcomes of web requests")
			.tags(tags)
			.register(this.registry);
	}

}
