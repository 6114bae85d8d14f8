package io.tenancykit.benchmarks.repository;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.tenancykit.api.TenantContext;
import io.tenancykit.benchmarks.repository.BenchmarkDatabase.SeededRow;
import io.tenancykit.persistence.repository.TenantScopedTemplate;
import io.tenancykit.persistence.repository.support.TenantScopedRepositoryFactory;
import io.tenancykit.persistence.rls.RowLevelSecurity;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Mono;

import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.r2dbc.dialect.PostgresDialect;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * What the kit's tenant-scoped repository costs over Spring Data's
 * {@link R2dbcEntityTemplate} doing the same work without the kit, for a primary-key read
 * and an insert, against a real PostgreSQL server.
 * <p>
 * All variants share one connection pool of the application role (not the table owner, no
 * {@code BYPASSRLS}), one driver and one mapping:
 * <ul>
 * <li>{@code *Baseline}: {@code R2dbcEntityTemplate} on {@code bench_plain_item}, a table
 * without row-level security (as the application role it would see no row of a table
 * under row-level security);</li>
 * <li>{@code *KitRlsDisabled}: the kit's interface repository with
 * {@link RowLevelSecurity#DISABLED} on the same table;</li>
 * <li>{@code *KitRlsEnabled}: the kit's interface repository with
 * {@link RowLevelSecurity#ENABLED} on {@code bench_rls_item}, a table of the same shape
 * under the kit's policy.</li>
 * </ul>
 * Reads pick a random seeded row; inserts pick a random tenant. Rows inserted during an
 * iteration are deleted (and the table vacuumed) after it, outside the measurement. The
 * {@code interleaved*} groups run the three variants of an operation at the same time,
 * one thread each, for a ratio that load from other processes disturbs less than
 * consecutive runs.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 10)
@Measurement(iterations = 5, time = 10)
@Fork(1)
@State(Scope.Benchmark)
public class RepositoryBenchmark {

	static final int TENANTS = 4;

	static final int ROWS_PER_TENANT = 1000;

	static final int POOL_SIZE = 4;

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final String PLAIN_TABLE = "bench_plain_item";

	private static final String RLS_TABLE = "bench_rls_item";

	private static final String INSERTED_NAME = "inserted";

	private static final Instant CREATED_AT = Instant.parse("2026-01-01T00:00:00Z");

	private BenchmarkDatabase database;

	private ConnectionPool pool;

	private R2dbcEntityTemplate entityTemplate;

	private PlainItemRepository plainItems;

	private RlsItemRepository rlsItems;

	private List<TenantContext> tenants;

	private SeededRow[] plainRows;

	private SeededRow[] rlsRows;

	@Setup(Level.Trial)
	public void setUp() throws SQLException {
		this.database = BenchmarkDatabase.create();
		this.tenants = List.copyOf(this.database.createTenants(TENANTS));
		this.plainRows = this.database.seed(PLAIN_TABLE, this.tenants, ROWS_PER_TENANT).toArray(SeededRow[]::new);
		this.rlsRows = this.database.seed(RLS_TABLE, this.tenants, ROWS_PER_TENANT).toArray(SeededRow[]::new);
		this.pool = new ConnectionPool(ConnectionPoolConfiguration.builder(this.database.applicationConnectionFactory())
			.initialSize(POOL_SIZE)
			.maxSize(POOL_SIZE)
			.maxAcquireTime(Duration.ofSeconds(5))
			.build());
		this.pool.warmup().block(TIMEOUT);
		DatabaseClient client = DatabaseClient.create(this.pool);
		TenantScopedTemplate withoutRls = TenantScopedTemplate.create(client, RowLevelSecurity.DISABLED);
		TenantScopedTemplate withRls = TenantScopedTemplate.create(client, RowLevelSecurity.ENABLED);
		// The baseline maps with the very converter the kit's DISABLED template uses.
		this.entityTemplate = new R2dbcEntityTemplate(client, PostgresDialect.INSTANCE, withoutRls.getConverter());
		this.plainItems = new TenantScopedRepositoryFactory(withoutRls).getRepository(PlainItemRepository.class);
		this.rlsItems = new TenantScopedRepositoryFactory(withRls).getRepository(RlsItemRepository.class);
		System.out.println();
		System.out.println("# " + this.database + ": " + TENANTS + " tenants x " + ROWS_PER_TENANT
				+ " rows in each table, pool of " + POOL_SIZE + " as the application role");
		for (String line : this.database.explainPrimaryKeyRead(this.plainRows[0])) {
			System.out.println("# " + line);
		}
	}

	@TearDown(Level.Iteration)
	public void deleteInserted() throws SQLException {
		this.database.deleteInserted(PLAIN_TABLE, this.tenants);
		this.database.deleteInserted(RLS_TABLE, this.tenants);
	}

	@TearDown(Level.Trial)
	public void tearDown() throws SQLException {
		this.pool.dispose();
		this.database.close();
	}

	/**
	 * The baseline read: the same primary-key predicate (tenant and id) that the kit
	 * sends, written by hand. An id-only predicate would not use the
	 * {@code (tenant_id, id)} key and would measure a scan instead.
	 * @return the row
	 */
	@Benchmark
	public PlainItem readBaseline() {
		SeededRow row = pick(this.plainRows);
		UUID tenant = row.tenant().tenantId().value();
		return required(this.entityTemplate
			.selectOne(Query.query(Criteria.where("tenantId").is(tenant).and("id").is(row.id())), PlainItem.class));
	}

	@Benchmark
	public PlainItem readKitRlsDisabled() {
		SeededRow row = pick(this.plainRows);
		return required(this.plainItems.findById(row.tenant(), row.id()));
	}

	@Benchmark
	public RlsItem readKitRlsEnabled() {
		SeededRow row = pick(this.rlsRows);
		return required(this.rlsItems.findById(row.tenant(), row.id()));
	}

	@Benchmark
	public PlainItem insertBaseline() {
		UUID tenant = pickTenant().tenantId().value();
		return required(this.entityTemplate.insert(new PlainItem(null, tenant, INSERTED_NAME, 42, true, CREATED_AT)));
	}

	@Benchmark
	public PlainItem insertKitRlsDisabled() {
		// The kit fills in the context's tenant, as applications rely on it to.
		return required(
				this.plainItems.insert(pickTenant(), new PlainItem(null, null, INSERTED_NAME, 42, true, CREATED_AT)));
	}

	@Benchmark
	public RlsItem insertKitRlsEnabled() {
		return required(
				this.rlsItems.insert(pickTenant(), new RlsItem(null, null, INSERTED_NAME, 42, true, CREATED_AT)));
	}

	// The same operations again, run side by side: one thread per variant, all at
	// once, so that load from outside the benchmark slows every variant alike.

	@Benchmark
	@Group("interleavedRead")
	public PlainItem interleavedReadBaseline() {
		return readBaseline();
	}

	@Benchmark
	@Group("interleavedRead")
	public PlainItem interleavedReadKitRlsDisabled() {
		return readKitRlsDisabled();
	}

	@Benchmark
	@Group("interleavedRead")
	public RlsItem interleavedReadKitRlsEnabled() {
		return readKitRlsEnabled();
	}

	@Benchmark
	@Group("interleavedInsert")
	public PlainItem interleavedInsertBaseline() {
		return insertBaseline();
	}

	@Benchmark
	@Group("interleavedInsert")
	public PlainItem interleavedInsertKitRlsDisabled() {
		return insertKitRlsDisabled();
	}

	@Benchmark
	@Group("interleavedInsert")
	public RlsItem interleavedInsertKitRlsEnabled() {
		return insertKitRlsEnabled();
	}

	// ThreadLocalRandom only draws which row or tenant to use next; it carries no tenant
	// state: every call takes its TenantContext as an argument.
	private TenantContext pickTenant() {
		return this.tenants.get(ThreadLocalRandom.current().nextInt(this.tenants.size()));
	}

	private static SeededRow pick(SeededRow[] rows) {
		return rows[ThreadLocalRandom.current().nextInt(rows.length)];
	}

	private static <T> T required(Mono<T> result) {
		return Objects.requireNonNull(result.block(TIMEOUT), "the statement returned no row");
	}

}
