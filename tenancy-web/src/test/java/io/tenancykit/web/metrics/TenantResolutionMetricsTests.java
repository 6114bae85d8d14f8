package io.tenancykit.web.metrics;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tenancykit.api.TenantId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TenantResolutionMetrics} counts every outcome of every source (from counters it
 * looks up once), and every tenant when the tenant tag is enabled.
 */
class TenantResolutionMetricsTests {

	private static final long SEED = Long.getLong("tenancy.test.seed", System.nanoTime());

	private static final List<String> SOURCES = List.of("header", "path", "claim", TenantResolutionMetrics.NO_SOURCE);

	@Test
	void countsEveryOutcomeOfEverySource() {
		System.out
			.println("TenantResolutionMetricsTests seed " + SEED + " (rerun with -Dtenancy.test.seed=" + SEED + ")");
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		TenantResolutionMetrics metrics = new TenantResolutionMetrics(registry, false);
		Random random = new Random(SEED);
		Map<ResolutionOutcome, Map<String, Integer>> expected = new EnumMap<>(ResolutionOutcome.class);
		for (int i = 0; i < 10_000; i++) {
			ResolutionOutcome outcome = ResolutionOutcome.values()[random.nextInt(ResolutionOutcome.values().length)];
			String source = SOURCES.get(random.nextInt(SOURCES.size()));
			metrics.record(outcome, source, new TenantId(UUID.randomUUID()));
			expected.computeIfAbsent(outcome, (key) -> new HashMap<>()).merge(source, 1, Integer::sum);
		}
		int counters = 0;
		for (Map.Entry<ResolutionOutcome, Map<String, Integer>> outcome : expected.entrySet()) {
			for (Map.Entry<String, Integer> source : outcome.getValue().entrySet()) {
				double counted = registry.get(TenantResolutionMetrics.METER_NAME)
					.tag("outcome", outcome.getKey().tagValue())
					.tag("source", source.getKey())
					.counter()
					.count();
				assertThat(counted).as("%s from %s (seed %d)", outcome.getKey(), source.getKey(), SEED)
					.isEqualTo(source.getValue().doubleValue());
				counters++;
			}
		}
		assertThat(registry.getMeters()).hasSize(counters);
	}

	@Test
	void tagsEachTenantWhenEnabled() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		TenantResolutionMetrics metrics = new TenantResolutionMetrics(registry, true);
		TenantId alpha = new TenantId(UUID.randomUUID());
		TenantId beta = new TenantId(UUID.randomUUID());
		metrics.record(ResolutionOutcome.RESOLVED, "header", alpha);
		metrics.record(ResolutionOutcome.RESOLVED, "header", alpha);
		metrics.record(ResolutionOutcome.RESOLVED, "header", beta);
		metrics.record(ResolutionOutcome.EXCLUDED, TenantResolutionMetrics.NO_SOURCE, null);
		assertThat(registry.get(TenantResolutionMetrics.METER_NAME).tag("tenant", alpha.toString()).counter().count())
			.isEqualTo(2.0);
		assertThat(registry.get(TenantResolutionMetrics.METER_NAME).tag("tenant", beta.toString()).counter().count())
			.isEqualTo(1.0);
		assertThat(registry.get(TenantResolutionMetrics.METER_NAME)
			.tag("tenant", TenantResolutionMetrics.NO_SOURCE)
			.tag("outcome", ResolutionOutcome.EXCLUDED.tagValue())
			.counter()
			.count()).isEqualTo(1.0);
	}

}
