package io.tenancykit.benchmarks.resolution;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tenancykit.api.TenantId;
import io.tenancykit.web.metrics.ResolutionOutcome;
import io.tenancykit.web.metrics.TenantResolutionMetrics;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What counting one resolved request costs: {@link TenantResolutionMetrics#record} into a
 * {@link SimpleMeterRegistry}, without the tenant tag (the default).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ResolutionMetricsBenchmark {

	private final TenantResolutionMetrics metrics = new TenantResolutionMetrics(new SimpleMeterRegistry(), false);

	private final TenantId tenant = new TenantId(UUID.randomUUID());

	@Benchmark
	public void recordResolved() {
		this.metrics.record(ResolutionOutcome.RESOLVED, "header", this.tenant);
	}

}
