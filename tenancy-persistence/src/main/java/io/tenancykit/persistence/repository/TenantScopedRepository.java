package io.tenancykit.persistence.repository;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.r2dbc.spi.Parameter;
import io.r2dbc.spi.Parameters;
import io.r2dbc.spi.Readable;
import io.tenancykit.api.TenantContext;
import io.tenancykit.persistence.rls.RowLevelSecurity;
import io.tenancykit.persistence.rls.TenantSetting;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.Sort;
import org.springframework.data.r2dbc.core.DefaultReactiveDataAccessStrategy;
import org.springframework.data.r2dbc.core.StatementMapper;
import org.springframework.data.r2dbc.dialect.PostgresDialect;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.CriteriaDefinition;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.r2dbc.core.PreparedOperation;
import org.springframework.r2dbc.core.binding.BindTarget;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Base class for repositories of tenant-owned entities. Every statement it runs is bound
 * to the tenant of the {@link TenantContext} passed as the first argument: it carries the
 * predicate {@code tenant_id = $n} and, unless {@link RowLevelSecurity#DISABLED}, sets
 * the transaction-local {@linkplain TenantSetting tenant setting} that row-level security
 * policies check. The database client is private, so a subclass can only query through
 * the tenant-bound helpers {@link #query(TenantContext, String, Map)},
 * {@link #select(TenantContext, CriteriaDefinition, Sort, int)} and
 * {@link #execute(TenantContext, String, Map)}.
 * <p>
 * Guarantees: a {@literal null} context fails before any I/O; an entity of another tenant
 * is refused with a {@link TenantMismatchException} and nothing is written;
 * {@code tenant_id} is never written by an update; a row of another tenant behaves
 * exactly like a missing row (find completes empty, update completes empty, delete
 * reports zero rows); no method returns rows of two tenants.
 *
 * @param <T> the entity type
 * @param <ID> the id type
 */
public abstract class TenantScopedRepository<T extends TenantOwned, ID> {

	/** The largest page size {@link #findAll(TenantContext, int, int)} accepts. */
	public static final int MAX_PAGE_SIZE = 500;

	/** The named parameter that binds the tenant id in every statement. */
	protected static final String TENANT_ID_PARAMETER = "tenant_id";

	private static final Pattern TENANT_ID_PLACEHOLDER = Pattern.compile(":tenant_id(?![A-Za-z0-9_])");

	private static final String ID_PARAMETER = "tenancy_id";

	private static final String LIMIT_PARAMETER = "tenancy_limit";

	private static final String OFFSET_PARAMETER = "tenancy_offset";

	private static final String VALUE_PARAMETER_PREFIX = "tenancy_v_";

	private static final String INLINE_TENANT_CONDITION = TenantSetting
		.inlineCondition("CAST(:" + TENANT_ID_PARAMETER + " AS text)");

	private static final StatementMapper STATEMENT_MAPPER = new DefaultReactiveDataAccessStrategy(
			PostgresDialect.INSTANCE)
		.getStatementMapper();

	private final DatabaseClient client;

	private final TenantTable<T, ID> table;

	private final RowLevelSecurity rowLevelSecurity;

	private final TransactionalOperator transactionalOperator;

	private final Statements statements;

	/**
	 * Create a repository with row-level security {@linkplain RowLevelSecurity#ENABLED
	 * enabled}.
	 * @param client the database client, must not be {@literal null}
	 * @param table the table description, must not be {@literal null}
	 */
	protected TenantScopedRepository(DatabaseClient client, TenantTable<T, ID> table) {
		this(client, table, RowLevelSecurity.ENABLED);
	}

	/**
	 * Create a repository.
	 * @param client the database client, must not be {@literal null}
	 * @param table the table description, must not be {@literal null}
	 * @param rowLevelSecurity whether statements set the tenant setting that row-level
	 * security policies check, must not be {@literal null}
	 */
	protected TenantScopedRepository(DatabaseClient client, TenantTable<T, ID> table,
			RowLevelSecurity rowLevelSecurity) {
		this.client = Objects.requireNonNull(client, "'client' must not be null");
		this.table = Objects.requireNonNull(table, "'table' must not be null");
		this.rowLevelSecurity = Objects.requireNonNull(rowLevelSecurity, "'rowLevelSecurity' must not be null");
		this.transactionalOperator = TransactionalOperator
			.create(new R2dbcTransactionManager(client.getConnectionFactory()));
		this.statements = new Statements(table, rowLevelSecurity);
	}

	/**
	 * Find the entity with the given id, owned by the context's tenant.
	 * @param context the tenant context, must not be {@literal null}
	 * @param id the id, must not be {@literal null}
	 * @return the entity, or empty when the context's tenant has none with this id
	 */
	public Mono<T> findById(TenantContext context, ID id) {
		requireContext(context);
		Objects.requireNonNull(id, "'id' must not be null");
		return this.client.sql(this.statements.findById)
			.bind(TENANT_ID_PARAMETER, tenantId(context))
			.bind(ID_PARAMETER, id)
			.map(this.table.rowMapper())
			.one()
			.map((entity) -> requireOwnedBy(context, entity, "findById"));
	}

	/**
	 * Return whether the context's tenant has an entity with the given id.
	 * @param context the tenant context, must not be {@literal null}
	 * @param id the id, must not be {@literal null}
	 * @return whether the entity exists for this tenant
	 */
	public Mono<Boolean> existsById(TenantContext context, ID id) {
		requireContext(context);
		Objects.requireNonNull(id, "'id' must not be null");
		return this.client.sql(this.statements.existsById)
			.bind(TENANT_ID_PARAMETER, tenantId(context))
			.bind(ID_PARAMETER, id)
			.map((row) -> Boolean.TRUE)
			.first()
			.hasElement();
	}

	/**
	 * Count the entities of the context's tenant.
	 * @param context the tenant context, must not be {@literal null}
	 * @return the number of entities
	 */
	public Mono<Long> count(TenantContext context) {
		requireContext(context);
		return this.client.sql(this.statements.count)
			.bind(TENANT_ID_PARAMETER, tenantId(context))
			.map((row) -> Objects.requireNonNull(row.get(0, Long.class), "count(*) is never null"))
			.one();
	}

	/**
	 * Return one page of the context's tenant's entities, ordered by id.
	 * @param context the tenant context, must not be {@literal null}
	 * @param page the zero-based page number, not negative
	 * @param size the page size, from 1 to {@value #MAX_PAGE_SIZE}
	 * @return the entities of the page
	 * @throws IllegalArgumentException if the page or size is out of range
	 */
	public Flux<T> findAll(TenantContext context, int page, int size) {
		requireContext(context);
		if (page < 0) {
			throw new IllegalArgumentException("'page' must not be negative");
		}
		requirePageSize("size", size);
		return this.client.sql(this.statements.findAll)
			.bind(TENANT_ID_PARAMETER, tenantId(context))
			.bind(LIMIT_PARAMETER, size)
			.bind(OFFSET_PARAMETER, (long) page * size)
			.map(this.table.rowMapper())
			.all()
			.map((entity) -> requireOwnedBy(context, entity, "findAll"));
	}

	/**
	 * Insert an entity of the context's tenant.
	 * @param context the tenant context, must not be {@literal null}
	 * @param entity the entity, must not be {@literal null}
	 * @return the inserted row; a {@link TenantMismatchException} if the entity belongs
	 * to another tenant, in which case nothing is written
	 */
	public Mono<T> insert(TenantContext context, T entity) {
		requireContext(context);
		Objects.requireNonNull(entity, "'entity' must not be null");
		if (!ownedBy(context, entity)) {
			return Mono.error(new TenantMismatchException("insert"));
		}
		return bindEntity(this.client.sql(this.statements.insert), context, entity).map(this.table.rowMapper())
			.one()
			.map((inserted) -> requireOwnedBy(context, inserted, "insert"));
	}

	/**
	 * Update the columns of an entity of the context's tenant. The update never writes
	 * {@code tenant_id} or the id: it is predicated on both.
	 * @param context the tenant context, must not be {@literal null}
	 * @param entity the entity, must not be {@literal null}
	 * @return the updated row, or empty when the context's tenant has no row with the
	 * entity's id (also when another tenant has one); a {@link TenantMismatchException}
	 * if the entity belongs to another tenant, in which case nothing is written
	 */
	public Mono<T> update(TenantContext context, T entity) {
		requireContext(context);
		Objects.requireNonNull(entity, "'entity' must not be null");
		if (!ownedBy(context, entity)) {
			return Mono.error(new TenantMismatchException("update"));
		}
		return bindEntity(this.client.sql(this.statements.update), context, entity).map(this.table.rowMapper())
			.one()
			.map((updated) -> requireOwnedBy(context, updated, "update"));
	}

	/**
	 * Delete the entity with the given id, owned by the context's tenant.
	 * @param context the tenant context, must not be {@literal null}
	 * @param id the id, must not be {@literal null}
	 * @return the number of deleted rows: 1, or 0 when the context's tenant has no entity
	 * with this id
	 */
	public Mono<Long> deleteById(TenantContext context, ID id) {
		requireContext(context);
		Objects.requireNonNull(id, "'id' must not be null");
		return this.client.sql(this.statements.deleteById)
			.bind(TENANT_ID_PARAMETER, tenantId(context))
			.bind(ID_PARAMETER, id)
			.fetch()
			.rowsUpdated();
	}

	/**
	 * Run a query of the subclass's own and map each row with the table's row mapper. The
	 * SQL must be a single {@code SELECT} that restricts {@code tenant_id} with the named
	 * parameter {@code :tenant_id}, which this method binds from the context; it may use
	 * other named parameters.
	 * @param context the tenant context, must not be {@literal null}
	 * @param sql the query, referencing {@code :tenant_id}; must not be {@literal null}
	 * @param parameters the other named parameters, without {@code tenant_id}; values may
	 * be {@link Parameter}s to bind typed {@literal null}s
	 * @return the entities, each checked to belong to the context's tenant
	 * @throws IllegalArgumentException if the SQL does not reference {@code :tenant_id}
	 * or the parameters bind {@code tenant_id}
	 */
	protected final Flux<T> query(TenantContext context, String sql, Map<String, ?> parameters) {
		return query(context, sql, parameters, this.table.rowMapper())
			.map((entity) -> requireOwnedBy(context, entity, "query"));
	}

	/**
	 * Run a query of the subclass's own and map each row with the given mapper, for
	 * projections. The rules of {@link #query(TenantContext, String, Map)} apply.
	 * @param <R> the result type
	 * @param context the tenant context, must not be {@literal null}
	 * @param sql the query, referencing {@code :tenant_id}; must not be {@literal null}
	 * @param parameters the other named parameters, without {@code tenant_id}
	 * @param mapper the row mapper, must not be {@literal null}
	 * @return the mapped rows
	 */
	protected final <R> Flux<R> query(TenantContext context, String sql, Map<String, ?> parameters,
			Function<? super Readable, R> mapper) {
		requireContext(context);
		String select = requireTenantBoundSql(sql, parameters);
		Objects.requireNonNull(mapper, "'mapper' must not be null");
		String statement = this.rowLevelSecurity.isEnabled()
				? "SELECT * FROM (" + select + ") AS tenancy_query WHERE " + INLINE_TENANT_CONDITION : select;
		return bindNamed(this.client.sql(statement), context, parameters).map(mapper).all();
	}

	/**
	 * Select entities by criteria. The criteria are combined with
	 * {@code tenant_id = <context tenant>} by {@code AND}, as a group, so that no
	 * {@code OR} in them can widen the result beyond the tenant.
	 * @param context the tenant context, must not be {@literal null}
	 * @param criteria the criteria on the table's columns, must not be {@literal null}
	 * @param sort the order, must not be {@literal null}
	 * @param limit the maximum number of rows, from 1 to {@value #MAX_PAGE_SIZE}
	 * @return the entities, each checked to belong to the context's tenant
	 */
	protected final Flux<T> select(TenantContext context, CriteriaDefinition criteria, Sort sort, int limit) {
		requireContext(context);
		Objects.requireNonNull(criteria, "'criteria' must not be null");
		Objects.requireNonNull(sort, "'sort' must not be null");
		requirePageSize("limit", limit);
		Criteria scoped = Criteria.where(TenantTable.TENANT_ID_COLUMN).is(tenantId(context)).and(criteria);
		PreparedOperation<?> operation = STATEMENT_MAPPER
			.getMappedObject(STATEMENT_MAPPER.createSelect(this.table.name())
				.withProjection(this.table.allColumns().toArray(String[]::new))
				.withCriteria(scoped)
				.withSort(sort)
				.limit(limit));
		IndexedBindings bindings = new IndexedBindings();
		operation.bindTo(bindings);
		String statement = operation.toQuery();
		if (this.rowLevelSecurity.isEnabled()) {
			int settingIndex = bindings.nextIndex();
			bindings.bind(settingIndex, tenantId(context).toString());
			statement = "SELECT * FROM (" + statement + ") AS tenancy_query WHERE "
					+ TenantSetting.inlineCondition("$" + (settingIndex + 1));
		}
		return bindings.applyTo(this.client.sql(statement))
			.map(this.table.rowMapper())
			.all()
			.map((entity) -> requireOwnedBy(context, entity, "select"));
	}

	/**
	 * Execute a data-modifying statement of the subclass's own, such as a bulk
	 * {@code UPDATE}. The rules of {@link #query(TenantContext, String, Map)} apply. With
	 * row-level security the statement runs in a transaction (joining the caller's, if
	 * any) that first sets the tenant setting.
	 * @param context the tenant context, must not be {@literal null}
	 * @param sql the statement, referencing {@code :tenant_id}; must not be
	 * {@literal null}
	 * @param parameters the other named parameters, without {@code tenant_id}
	 * @return the number of affected rows
	 */
	protected final Mono<Long> execute(TenantContext context, String sql, Map<String, ?> parameters) {
		requireContext(context);
		String statement = requireTenantBoundSql(sql, parameters);
		Mono<Long> execution = bindNamed(this.client.sql(statement), context, parameters).fetch().rowsUpdated();
		if (!this.rowLevelSecurity.isEnabled()) {
			return execution;
		}
		Mono<Void> setTenant = this.client.sql(TenantSetting.SET_LOCAL).bind(0, tenantId(context).toString()).then();
		return this.transactionalOperator.transactional(setTenant.then(execution));
	}

	private static void requireContext(@Nullable TenantContext context) {
		Objects.requireNonNull(context, "'context' must not be null");
	}

	private static void requirePageSize(String argument, int size) {
		if (size < 1 || size > MAX_PAGE_SIZE) {
			throw new IllegalArgumentException("'" + argument + "' must be between 1 and " + MAX_PAGE_SIZE);
		}
	}

	private static String requireTenantBoundSql(@Nullable String sql, @Nullable Map<String, ?> parameters) {
		Objects.requireNonNull(sql, "'sql' must not be null");
		Objects.requireNonNull(parameters, "'parameters' must not be null");
		if (!TENANT_ID_PLACEHOLDER.matcher(sql).find()) {
			throw new IllegalArgumentException("'sql' must restrict tenant_id with the named parameter :tenant_id");
		}
		if (parameters.containsKey(TENANT_ID_PARAMETER)) {
			throw new IllegalArgumentException("'parameters' must not bind tenant_id, which is bound from the context");
		}
		String statement = sql.strip();
		if (statement.endsWith(";")) {
			statement = statement.substring(0, statement.length() - 1);
		}
		return statement;
	}

	private static UUID tenantId(TenantContext context) {
		return context.tenantId().value();
	}

	private static boolean ownedBy(TenantContext context, TenantOwned entity) {
		return context.tenantId().equals(entity.tenantId());
	}

	private static <E extends TenantOwned> E requireOwnedBy(TenantContext context, E entity, String operation) {
		if (!ownedBy(context, entity)) {
			throw new TenantMismatchException(operation);
		}
		return entity;
	}

	private GenericExecuteSpec bindNamed(GenericExecuteSpec spec, TenantContext context, Map<String, ?> parameters) {
		GenericExecuteSpec bound = spec.bind(TENANT_ID_PARAMETER, tenantId(context));
		for (Map.Entry<String, ?> parameter : parameters.entrySet()) {
			Object value = Objects.requireNonNull(parameter.getValue(),
					() -> "parameter '" + parameter.getKey() + "' must not be null; bind a Parameter instead");
			bound = bound.bind(parameter.getKey(), value);
		}
		return bound;
	}

	private GenericExecuteSpec bindEntity(GenericExecuteSpec spec, TenantContext context, T entity) {
		Map<String, Parameter> values = Objects.requireNonNull(this.table.values().apply(entity),
				"'values' must not return null");
		// Same size and every column present means the same key set, without copying the
		// columns into a set on every write.
		if (values.size() != this.table.columns().size() || !values.keySet().containsAll(this.table.columns())) {
			throw new IllegalStateException("'values' of table " + this.table.name()
					+ " must return exactly the columns " + this.table.columns());
		}
		GenericExecuteSpec bound = spec.bind(TENANT_ID_PARAMETER, tenantId(context))
			.bind(ID_PARAMETER, Objects.requireNonNull(this.table.id().apply(entity), "'id' must not return null"));
		for (String column : this.table.columns()) {
			Parameter value = Objects.requireNonNull(values.get(column),
					() -> "'values' must not map column " + column + " to null; use Parameters.in(type)");
			bound = bound.bind(VALUE_PARAMETER_PREFIX + column, value);
		}
		return bound;
	}

	/**
	 * The SQL of the generated statements, computed once per repository.
	 */
	private static final class Statements {

		final String findById;

		final String existsById;

		final String count;

		final String findAll;

		final String insert;

		final String update;

		final String deleteById;

		Statements(TenantTable<?, ?> table, RowLevelSecurity rowLevelSecurity) {
			String tenantAndId = "tenant_id = :" + TENANT_ID_PARAMETER + " AND " + table.idColumn() + " = :"
					+ ID_PARAMETER;
			String tenant = "tenant_id = :" + TENANT_ID_PARAMETER;
			// The inline condition goes first in each WHERE clause; PostgreSQL
			// evaluates it as a one-time filter before reading rows, whatever its
			// position.
			String setting = rowLevelSecurity.isEnabled() ? INLINE_TENANT_CONDITION + " AND " : "";
			String projection = String.join(", ", table.allColumns());
			this.findById = "SELECT " + projection + " FROM " + table.name() + " WHERE " + setting + tenantAndId;
			this.existsById = "SELECT 1 FROM " + table.name() + " WHERE " + setting + tenantAndId + " LIMIT 1";
			this.count = "SELECT count(*) FROM " + table.name() + " WHERE " + setting + tenant;
			this.findAll = "SELECT " + projection + " FROM " + table.name() + " WHERE " + setting + tenant
					+ " ORDER BY " + table.idColumn() + " LIMIT :" + LIMIT_PARAMETER + " OFFSET :" + OFFSET_PARAMETER;
			String valueMarkers = table.columns()
				.stream()
				.map((column) -> ":" + VALUE_PARAMETER_PREFIX + column)
				.collect(Collectors.joining(", "));
			// INSERT ... SELECT rather than VALUES: the row is produced only after the
			// one-time filter has set the tenant, so the WITH CHECK policy sees it.
			this.insert = "INSERT INTO " + table.name() + " (" + projection + ") SELECT :" + TENANT_ID_PARAMETER + ", :"
					+ ID_PARAMETER + ", " + valueMarkers
					+ (rowLevelSecurity.isEnabled() ? " WHERE " + INLINE_TENANT_CONDITION : "") + " RETURNING "
					+ projection;
			String assignments = table.columns()
				.stream()
				.map((column) -> column + " = :" + VALUE_PARAMETER_PREFIX + column)
				.collect(Collectors.joining(", "));
			this.update = "UPDATE " + table.name() + " SET " + assignments + " WHERE " + setting + tenantAndId
					+ " RETURNING " + projection;
			this.deleteById = "DELETE FROM " + table.name() + " WHERE " + setting + tenantAndId;
		}

	}

	/**
	 * Collects the index bindings of a {@link PreparedOperation} so that one more marker
	 * can be appended.
	 */
	private static final class IndexedBindings implements BindTarget {

		private final TreeMap<Integer, Parameter> values = new TreeMap<>();

		@Override
		public void bind(String identifier, Object value) {
			throw new UnsupportedOperationException("PostgreSQL statements bind by index");
		}

		@Override
		public void bind(int index, Object value) {
			this.values.put(index, (value instanceof Parameter parameter) ? parameter : Parameters.in(value));
		}

		@Override
		public void bindNull(String identifier, Class<?> type) {
			throw new UnsupportedOperationException("PostgreSQL statements bind by index");
		}

		@Override
		public void bindNull(int index, Class<?> type) {
			this.values.put(index, Parameters.in(type));
		}

		int nextIndex() {
			return this.values.isEmpty() ? 0 : this.values.lastKey() + 1;
		}

		GenericExecuteSpec applyTo(GenericExecuteSpec spec) {
			GenericExecuteSpec bound = spec;
			for (Map.Entry<Integer, Parameter> value : this.values.entrySet()) {
				bound = bound.bind(value.getKey(), value.getValue());
			}
			return bound;
		}

	}

}
