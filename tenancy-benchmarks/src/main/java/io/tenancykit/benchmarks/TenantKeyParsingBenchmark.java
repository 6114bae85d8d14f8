package io.tenancykit.benchmarks;

import java.util.concurrent.TimeUnit;

import io.tenancykit.api.TenantId;
import io.tenancykit.api.TenantKey;
import io.tenancykit.api.TenantResolutionException;
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
 * Cost of parsing the tenant identifiers that arrive with every request: a valid
 * {@link TenantKey}, a rejected one, and a {@link TenantId}. Inputs live in non-final
 * state fields so that the JIT cannot constant-fold the parse.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class TenantKeyParsingBenchmark {

	/** A typical valid key, as sent in a header or subdomain. */
	public String validKey = "acme-corp-eu-west";

	/** A near miss that is only rejected at its last character. */
	public String invalidKey = "acme-corp-eu-west-";

	/** A canonical tenant id. */
	public String tenantId = "0f8fad5b-d9cb-469f-a165-70867728950e";

	@Benchmark
	public TenantKey parseValidKey() {
		return TenantKey.parse(this.validKey);
	}

	@Benchmark
	public Object rejectInvalidKey() {
		try {
			return TenantKey.parse(this.invalidKey);
		}
		catch (TenantResolutionException.Malformed ex) {
			// Returned, not swallowed, so that the exception allocation is not
			// eliminated.
			return ex;
		}
	}

	@Benchmark
	public TenantId parseTenantId() {
		return TenantId.parse(this.tenantId);
	}

}
