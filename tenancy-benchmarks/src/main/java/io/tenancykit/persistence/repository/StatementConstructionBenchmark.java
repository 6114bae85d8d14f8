package io.tenancykit.persistence.repository;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.tenancykit.persistence.rls.RowLevelSecurity;
import io.tenancykit.persistence.rls.TenantSettingMode;
import org.jspecify.annotations.NullMarked;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.r2dbc.core.DefaultReactiveDataAccessStrategy;
import org.springframework.data.r2dbc.core.StatementMapper;
import org.springframework.data.r2dbc.dialect.PostgresDialect;
import org.springframework.data.r2dbc.mapping.OutboundRow;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.data.relational.core.sql.SqlIdentifier;
import org.springframework.r2dbc.core.PreparedOperation;
import org.springframework.r2dbc.core.binding.BindTarget;

/**
 * What building a statement costs, without a database (issue 12): the statements the
 * kit's {@link TenantScopedTemplate} builds through {@link TenantStatements} for a read
 * by id, a page (sorted, 20 rows, third page) and an insert of the sample-like
 * {@link BenchmarkProject}, against Spring Data R2DBC's own {@link StatementMapper}
 * building the same statement with a hand-written tenant predicate, as
 * {@code R2dbcEntityTemplate} does ({@code *Baseline}). Every variant ends with the
 * rendered SQL ({@link PreparedOperation#toQuery()}) and its values bound to a counting
 * {@link BindTarget}, which is what the driver is handed.
 * <p>
 * The kit's variants ({@code *Kit}) run with row-level security off ({@code rls=false},
 * the same SQL as the baseline apart from the page's stable sort) and on
 * ({@code rls=true}, with the inline tenant setting of ADR-021). The insert variants
 * start from the same entity, version already set; the kit's adds its ownership claim
 * check. This class lives in the kit's package because {@link TenantStatements} is
 * package-private. Run with {@code -prof gc} for the bytes allocated per statement.
 */
@NullMarked
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class StatementConstructionBenchmark {

	private static final SqlIdentifier TABLE = SqlIdentifier.unquoted("project");

	private MappingFixture fixture;

	private TenantScopedTemplate template;

	private DefaultReactiveDataAccessStrategy dataAccess;

	private StatementMapper mapper;

	private UUID id;

	private Pageable page;

	private BenchmarkProject newProject;

	@Setup(Level.Trial)
	public void setUp() {
		this.fixture = new MappingFixture();
		// Never connects: only its page logic (pagedQuery) is used.
		this.template = new TenantScopedTemplate(
				org.springframework.r2dbc.core.DatabaseClient.create(new UnusedConnectionFactory()),
				this.fixture.converter, RowLevelSecurity.DISABLED, TenantSettingMode.INLINE, null, null);
		this.dataAccess = new DefaultReactiveDataAccessStrategy(PostgresDialect.INSTANCE, this.fixture.converter);
		this.mapper = this.dataAccess.getStatementMapper();
		this.id = UUID.nameUUIDFromBytes(new byte[] { 42 });
		this.page = PageRequest.of(2, 20, Sort.by("name"));
		this.newProject = new BenchmarkProject(this.fixture.context.tenantId(), null, "Project 42", 0L, null, null);
		TenantStatements rlsOn = new TenantStatements(this.fixture.converter, RowLevelSecurity.ENABLED);
		System.out.printf(
				"%nfindById baseline: %s%nfindById kit RLS on: %s%npage baseline: %s%npage kit RLS on: %s%n"
						+ "insert baseline: %s%ninsert kit RLS on: %s%n",
				findByIdOperation().toQuery(), findById(rlsOn).toQuery(), pageOperation().toQuery(),
				page(rlsOn).toQuery(), insertOperation().toQuery(), insert(rlsOn).toQuery());
	}

	/**
	 * The kit's statements, with row-level security off ({@code rls=false}: the same SQL
	 * as the baseline) or on ({@code rls=true}: with the inline tenant setting).
	 */
	@State(Scope.Benchmark)
	public static class Kit {

		/** Whether row-level security is enabled. */
		@Param({ "false", "true" })
		public boolean rls;

		TenantStatements statements;

		@Setup(Level.Trial)
		public void setUp() {
			this.statements = new TenantStatements(new MappingFixture().converter,
					this.rls ? RowLevelSecurity.ENABLED : RowLevelSecurity.DISABLED);
		}

	}

	// ---------------------------------------------------------------- read by id

	@Benchmark
	public int findByIdBaseline() {
		return render(findByIdOperation());
	}

	private PreparedOperation<?> findByIdOperation() {
		// R2dbcEntityTemplate.selectOne(query(where tenant and id), type), as doSelect
		// builds it.
		Query query = Query.query(Criteria.where("tenantId").is(this.fixture.context.tenantId()).and("id").is(this.id))
			.limit(2);
		return select(query);
	}

	@Benchmark
	public int findByIdKit(Kit kit) {
		return render(findById(kit.statements));
	}

	@Benchmark
	public int findByIdKitGeneral(Kit kit) {
		// The general select path that a read by id took before selectById.
		Query query = Query.query(Criteria.where(this.fixture.meta.idProperty().getName()).is(this.id)).limit(2);
		return render(kit.statements.select(this.fixture.meta, this.fixture.context, query));
	}

	private TenantStatement findById(TenantStatements statements) {
		// TenantScopedTemplate.findById: the entity's read by id, rendered once.
		return statements.selectById(this.fixture.meta, this.fixture.context, this.id);
	}

	// ---------------------------------------------------------------- a page

	@Benchmark
	public int pageBaseline() {
		return render(pageOperation());
	}

	private PreparedOperation<?> pageOperation() {
		// SimpleR2dbcRepository.findAll(Pageable) with the tenant predicate.
		return select(Query.query(Criteria.where("tenantId").is(this.fixture.context.tenantId())).with(this.page));
	}

	@Benchmark
	public int pageKit(Kit kit) {
		return render(page(kit.statements));
	}

	private TenantStatement page(TenantStatements statements) {
		// TenantScopedTemplate.selectPage's select (its count statement is not built
		// here).
		Query query = this.template.pagedQuery(Query.empty(), this.page, BenchmarkProject.class);
		return statements.select(this.fixture.meta, this.fixture.context, query);
	}

	// ---------------------------------------------------------------- insert

	@Benchmark
	public int insertBaseline() {
		return render(insertOperation());
	}

	// OutboundRow, Spring Data R2DBC's own write model, is typed with the deprecated
	// r2dbc Parameter; R2dbcEntityTemplate's insert, copied here, uses it too.
	@SuppressWarnings("deprecation")
	private PreparedOperation<?> insertOperation() {
		// R2dbcEntityTemplate.doInsert.
		OutboundRow row = this.dataAccess.getOutboundRow(this.newProject);
		StatementMapper.InsertSpec insert = this.mapper.createInsert(TABLE);
		for (var column : row.entrySet()) {
			if (column.getValue().hasValue()) {
				insert = insert.withColumn(column.getKey(), column.getValue());
			}
		}
		return this.mapper.getMappedObject(insert);
	}

	@Benchmark
	public int insertKit(Kit kit) {
		return render(insert(kit.statements));
	}

	private TenantStatement insert(TenantStatements statements) {
		// TenantEntityWrites.insert: the claim check, the outbound row without a null id,
		// the statement.
		this.fixture.meta.requireClaimable(this.fixture.context, this.newProject, "insert");
		OutboundRow row = this.dataAccess.getOutboundRow(this.newProject);
		row.remove(this.fixture.meta.idColumn());
		return statements.insert(this.fixture.meta, this.fixture.context, row, TenantSettingMode.INLINE);
	}

	// ---------------------------------------------------------------- shared

	private PreparedOperation<?> select(Query query) {
		// R2dbcEntityTemplate.doSelect with the default projection.
		StatementMapper typed = this.mapper.forType(BenchmarkProject.class);
		StatementMapper.SelectSpec select = typed.createSelect(TABLE)
			.doWithTable((table, spec) -> spec.withProjection(table.asterisk()));
		if (query.getLimit() > 0) {
			select = select.limit(query.getLimit());
		}
		if (query.getOffset() > 0) {
			select = select.offset(query.getOffset());
		}
		if (query.isSorted()) {
			select = select.withSort(query.getSort());
		}
		StatementMapper.SelectSpec criteria = select;
		select = query.getCriteria().map(criteria::withCriteria).orElse(criteria);
		return typed.getMappedObject(select);
	}

	private static int render(PreparedOperation<?> operation) {
		CountingBindTarget target = new CountingBindTarget();
		operation.bindTo(target);
		return operation.toQuery().length() + target.values;
	}

	/**
	 * Counts what a statement binds, as the driver's statement would receive it.
	 */
	private static final class CountingBindTarget implements BindTarget {

		int values;

		@Override
		public void bind(String identifier, Object value) {
			this.values += value.hashCode() & 1;
		}

		@Override
		public void bind(int index, Object value) {
			this.values += value.hashCode() & 1;
		}

		@Override
		public void bindNull(String identifier, Class<?> type) {
			this.values++;
		}

		@Override
		public void bindNull(int index, Class<?> type) {
			this.values++;
		}

	}

	/**
	 * A connection factory that is never asked for a connection: the template is built
	 * only for its page logic.
	 */
	private static final class UnusedConnectionFactory implements io.r2dbc.spi.ConnectionFactory {

		@Override
		public org.reactivestreams.Publisher<? extends io.r2dbc.spi.Connection> create() {
			throw new UnsupportedOperationException("The statement benchmark never connects");
		}

		@Override
		public io.r2dbc.spi.ConnectionFactoryMetadata getMetadata() {
			return () -> "PostgreSQL";
		}

	}

}
