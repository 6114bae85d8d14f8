package io.tenancykit.persistence.repository;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import org.jspecify.annotations.NullMarked;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What mapping one row of the sample-like {@link BenchmarkProject} costs (issue 12): the
 * kit's read path — the converter, then its per-row re-check that the row belongs to the
 * context's tenant ({@code TenantEntity.requireOwnedBy}), as
 * {@link TenantScopedTemplate#select} runs it ({@code kitRead}) — against Spring Data's
 * {@code R2dbcConverter.read} alone ({@code baselineRead}), on the same converter. The
 * row is a {@link PreparedRow}: this measures mapping, not the driver. Run with
 * {@code -prof gc} for the bytes allocated per row.
 */
@NullMarked
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class RowMappingBenchmark {

	private MappingFixture fixture;

	private Row row;

	private BiFunction<Row, RowMetadata, BenchmarkProject> reader;

	@Setup(Level.Trial)
	public void setUp() {
		this.fixture = new MappingFixture();
		// The template makes one reader per statement, not per row.
		this.reader = this.fixture.meta.reader(this.fixture.converter);
		OffsetDateTime created = OffsetDateTime.of(2026, 11, 29, 12, 0, 0, 0, ZoneOffset.UTC);
		// The columns of the sample's project table, in table order, with the Java types
		// r2dbc-postgresql reads them as (uuid, text, bigint, timestamptz).
		this.row = new PreparedRow().with("tenant_id", this.fixture.context.tenantId().value(), UUID.class)
			.with("id", UUID.nameUUIDFromBytes(new byte[] { 42 }), UUID.class)
			.with("name", "Project 42", String.class)
			.with("version", 3L, Long.class)
			.with("created_at", created, OffsetDateTime.class)
			.with("updated_at", created.plusMinutes(5), OffsetDateTime.class);
		BenchmarkProject kit = kitRead();
		BenchmarkProject baseline = baselineRead();
		if (!kit.equals(baseline) || kit.updatedAt() == null || !"Project 42".equals(kit.name())) {
			throw new IllegalStateException("The two reads differ: " + kit + " and " + baseline);
		}
		System.out.printf("%nMapped: %s%n", kit);
	}

	@Benchmark
	public BenchmarkProject baselineRead() {
		return this.fixture.converter.read(BenchmarkProject.class, this.row, this.row.getMetadata());
	}

	@Benchmark
	public BenchmarkProject kitRead() {
		BenchmarkProject read = this.reader.apply(this.row, this.row.getMetadata());
		return this.fixture.meta.requireOwnedBy(this.fixture.context, read, "select");
	}

}
