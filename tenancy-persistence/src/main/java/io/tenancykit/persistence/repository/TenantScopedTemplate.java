package io.tenancykit.persistence.repository;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import io.tenancykit.api.NotFoundInTenantException;
import io.tenancykit.api.TenantContext;
import io.tenancykit.persistence.rls.RowLevelSecurity;
import io.tenancykit.persistence.rls.TenantSetting;
import io.tenancykit.persistence.rls.TenantSettingMode;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.dao.IncorrectResultSizeDataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.mapping.MappingException;
import org.springframework.data.mapping.callback.ReactiveEntityCallbacks;
import org.springframework.data.mapping.context.MappingContext;
import org.springframework.data.r2dbc.convert.MappingR2dbcConverter;
import org.springframework.data.r2dbc.convert.R2dbcConverter;
import org.springframework.data.r2dbc.mapping.R2dbcMappingContext;
import org.springframework.data.relational.core.mapping.RelationalPersistentEntity;
import org.springframework.data.relational.core.mapping.RelationalPersistentProperty;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.CriteriaDefinition;
import org.springframework.data.relational.core.query.Query;
import org.springframework.data.relational.core.sql.SQL;
import org.springframework.data.relational.core.sql.Select;
import org.springframework.data.relational.core.sql.Table;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The tenant-bound counterpart of Spring Data's {@code R2dbcEntityTemplate}: it maps
 * entities with the application's {@link R2dbcConverter} ({@code @Table}, {@code @Id},
 * {@code @Column}, {@code @Version}, {@code @ReadOnlyProperty},
 * {@code @InsertOnlyProperty}, embedded values, custom conversions) and runs Spring
 * Data's entity callbacks and auditing exactly as the template does, but every statement
 * it sends takes a {@link TenantContext} and
 * <ul>
 * <li>restricts {@code tenant_id} to the context's tenant with a bound parameter, as a
 * group with any criteria, so that no {@code OR} widens it;</li>
 * <li>unless {@link RowLevelSecurity#DISABLED}, sets the transaction-local
 * {@linkplain TenantSetting tenant setting} where the statement runs: inline on one
 * PostgreSQL server (ADR-021), so each operation is one round trip; on Citus reads do the
 * same (a router query carries the sub-select to the worker holding the tenant's shard)
 * while writes run in a transaction that starts with {@code SET LOCAL}, which Citus
 * replays on that worker ({@link TenantSettingMode#CITUS}, ADR-023);</li>
 * <li>never writes another tenant's id: an entity naming another tenant is refused with a
 * {@link TenantMismatchException} before any I/O, an entity naming none is given the
 * context's tenant, and updates never assign {@code tenant_id}.</li>
 * </ul>
 * A row of another tenant behaves exactly like a missing one: reads complete empty,
 * writes naming it (directly, or through a composite foreign key) fail with
 * {@link NotFoundInTenantException}. Statements join the caller's transaction, if any.
 */
// OutboundRow and ReactiveDataAccessStrategy, Spring Data R2DBC's own write model that
// R2dbcEntityTemplate still uses, are typed with the deprecated r2dbc Parameter; the kit
// writes what Spring Data writes, so it uses them too.
@SuppressWarnings("deprecation")
public final class TenantScopedTemplate {

	/** The largest page or limit that paged reads accept. */
	public static final int MAX_PAGE_SIZE = 500;

	/** The named parameter that binds the tenant id in hand-written SQL. */
	public static final String TENANT_ID_PARAMETER = "tenant_id";

	private final DatabaseClient client;

	private final R2dbcConverter converter;

	private final MappingContext<? extends RelationalPersistentEntity<?>, ? extends RelationalPersistentProperty> mappingContext;

	private final TenantStatements statements;

	private final RowLevelSecurity rowLevelSecurity;

	private final TenantSettingMode settingMode;

	private final TenantSettingRunner setting;

	private final EntityCallbacks callbacks;

	private final TenantEntityWrites writes;

	private final Map<Class<?>, TenantEntity<?>> entities = new ConcurrentHashMap<>();

	/**
	 * Create a template.
	 * @param client the database client, must not be {@literal null}
	 * @param converter the application's converter, with the kit's
	 * {@linkplain TenantIdConverters converters}; must not be {@literal null}
	 * @param rowLevelSecurity whether statements set the tenant setting, must not be
	 * {@literal null}
	 * @param entityCallbacks the entity callbacks to run (auditing among them), or
	 * {@literal null} for none
	 * @param transactionManager the application's transaction manager, used by
	 * {@link #execute(TenantContext, String, Map)}; {@literal null} for one over the
	 * client's connection factory
	 */
	public TenantScopedTemplate(DatabaseClient client, R2dbcConverter converter, RowLevelSecurity rowLevelSecurity,
			@Nullable ReactiveEntityCallbacks entityCallbacks,
			@Nullable ReactiveTransactionManager transactionManager) {
		this(client, converter, rowLevelSecurity, TenantSettingMode.INLINE, entityCallbacks, transactionManager);
	}

	/**
	 * Create a template.
	 * @param client the database client, must not be {@literal null}
	 * @param converter the application's converter, with the kit's
	 * {@linkplain TenantIdConverters converters}; must not be {@literal null}
	 * @param rowLevelSecurity whether statements set the tenant setting, must not be
	 * {@literal null}
	 * @param settingMode how statements set it: {@link TenantSettingMode#INLINE} on one
	 * PostgreSQL server, {@link TenantSettingMode#CITUS} on Citus, or
	 * {@link TenantSettingMode#AUTO} to ask the database once, before the first
	 * operation; must not be {@literal null}
	 * @param entityCallbacks the entity callbacks to run (auditing among them), or
	 * {@literal null} for none
	 * @param transactionManager the application's transaction manager, used by
	 * {@link #execute(TenantContext, String, Map)} and by every write in
	 * {@link TenantSettingMode#CITUS}; {@literal null} for one over the client's
	 * connection factory
	 */
	public TenantScopedTemplate(DatabaseClient client, R2dbcConverter converter, RowLevelSecurity rowLevelSecurity,
			TenantSettingMode settingMode, @Nullable ReactiveEntityCallbacks entityCallbacks,
			@Nullable ReactiveTransactionManager transactionManager) {
		this.client = Objects.requireNonNull(client, "'client' must not be null");
		this.converter = Objects.requireNonNull(converter, "'converter' must not be null");
		this.rowLevelSecurity = Objects.requireNonNull(rowLevelSecurity, "'rowLevelSecurity' must not be null");
		this.settingMode = Objects.requireNonNull(settingMode, "'settingMode' must not be null");
		this.mappingContext = converter.getMappingContext();
		this.statements = new TenantStatements(converter, rowLevelSecurity);
		this.callbacks = new EntityCallbacks(entityCallbacks);
		this.setting = new TenantSettingRunner(client, rowLevelSecurity, settingMode,
				TransactionalOperator.create((transactionManager != null) ? transactionManager
						: new R2dbcTransactionManager(client.getConnectionFactory())));
		this.writes = new TenantEntityWrites(this, client, converter, this.statements, this.setting, this.callbacks);
	}

	/**
	 * Create a template outside Spring Boot: a fresh mapping context with the kit's
	 * converters, no entity callbacks, and a transaction manager over the client's
	 * connection factory.
	 * @param client the database client, must not be {@literal null}
	 * @param rowLevelSecurity whether statements set the tenant setting, must not be
	 * {@literal null}
	 * @return the template
	 */
	public static TenantScopedTemplate create(DatabaseClient client, RowLevelSecurity rowLevelSecurity) {
		return create(client, rowLevelSecurity, TenantSettingMode.INLINE);
	}

	/**
	 * Create a template outside Spring Boot, as
	 * {@link #create(DatabaseClient, RowLevelSecurity)} does, that sets the tenant in the
	 * given way; on Citus, pass {@link TenantSettingMode#CITUS}, or
	 * {@link TenantSettingMode#AUTO} to detect Citus before the first operation.
	 * @param client the database client, must not be {@literal null}
	 * @param rowLevelSecurity whether statements set the tenant setting, must not be
	 * {@literal null}
	 * @param settingMode how statements set it, must not be {@literal null}
	 * @return the template
	 */
	public static TenantScopedTemplate create(DatabaseClient client, RowLevelSecurity rowLevelSecurity,
			TenantSettingMode settingMode) {
		var conversions = TenantIdConverters.conversions(List.of());
		R2dbcMappingContext context = new R2dbcMappingContext();
		context.setSimpleTypeHolder(conversions.getSimpleTypeHolder());
		return new TenantScopedTemplate(client, new MappingR2dbcConverter(context, conversions), rowLevelSecurity,
				settingMode, null, null);
	}

	/**
	 * Return the converter this template maps entities with.
	 * @return the converter
	 */
	public R2dbcConverter getConverter() {
		return this.converter;
	}

	/**
	 * Return whether statements set the tenant setting of row-level security.
	 * @return the row-level security mode
	 */
	public RowLevelSecurity getRowLevelSecurity() {
		return this.rowLevelSecurity;
	}

	/**
	 * Return how statements set the tenant setting when row-level security is enabled, as
	 * configured ({@link TenantSettingMode#AUTO} stays {@code AUTO}).
	 * @return the setting mode
	 */
	public TenantSettingMode getSettingMode() {
		return this.settingMode;
	}

	/**
	 * Check that an entity type is tenant-owned and mapped, so that repositories fail at
	 * startup rather than on first use.
	 * @param type the entity type, must not be {@literal null}
	 * @throws MappingException if the type has no id or no tenant property
	 */
	public void requireTenantOwned(Class<?> type) {
		entity(type);
	}

	/**
	 * Return the name of the property that holds the owning tenant of an entity type.
	 * @param type the entity type, must not be {@literal null}
	 * @return the property name
	 * @throws MappingException if the type has no id or no tenant property
	 */
	public String tenantPropertyOf(Class<?> type) {
		return entity(type).tenantProperty().getName();
	}

	// -------------------------------------------------------------------------
	// Entities
	// -------------------------------------------------------------------------

	/**
	 * Save an entity: insert it when Spring Data considers it new ({@code Persistable}, a
	 * {@literal null} id or version), update it otherwise.
	 * @param <T> the entity type
	 * @param context the tenant context, must not be {@literal null}
	 * @param entity the entity, must not be {@literal null}
	 * @return the saved entity, as stored
	 * @see #insert(TenantContext, Object)
	 * @see #update(TenantContext, Object)
	 */
	public <T> Mono<T> save(TenantContext context, T entity) {
		requireContext(context);
		Objects.requireNonNull(entity, "'entity' must not be null");
		return entityOf(entity).entity().isNew(entity) ? insert(context, entity) : update(context, entity);
	}

	/**
	 * Insert an entity of the context's tenant. A {@literal null} tenant property is set
	 * to the context's tenant; {@literal null} values are left to column defaults; a
	 * {@literal null} or zero id is generated by the database; a version starts at 0 (1
	 * for primitives).
	 * @param <T> the entity type
	 * @param context the tenant context, must not be {@literal null}
	 * @param entity the entity, must not be {@literal null}
	 * @return the inserted entity as stored, read back with {@code RETURNING}; a
	 * {@link TenantMismatchException} if the entity names another tenant, and a
	 * {@link NotFoundInTenantException} if it references a row the tenant cannot see
	 */
	public <T> Mono<T> insert(TenantContext context, T entity) {
		requireContext(context);
		Objects.requireNonNull(entity, "'entity' must not be null");
		return this.writes.insert(context, entityOf(entity), entity);
	}

	/**
	 * Update an entity of the context's tenant, in one statement predicated on the
	 * tenant, the id and, for versioned entities, the version it was read at. The update
	 * never assigns {@code tenant_id}, the id or {@code @InsertOnlyProperty} columns.
	 * @param <T> the entity type
	 * @param context the tenant context, must not be {@literal null}
	 * @param entity the entity, must not be {@literal null}
	 * @return the updated entity as stored; a {@link NotFoundInTenantException} when the
	 * tenant has no row with the entity's id (also when another tenant has one), an
	 * {@link OptimisticLockingFailureException} when the tenant's row has moved on to
	 * another version, a {@link TenantMismatchException} if the entity names another
	 * tenant
	 */
	public <T> Mono<T> update(TenantContext context, T entity) {
		requireContext(context);
		Objects.requireNonNull(entity, "'entity' must not be null");
		return this.writes.update(context, entityOf(entity), entity);
	}

	/**
	 * Delete an entity of the context's tenant by its id and, for versioned entities, its
	 * version.
	 * @param <T> the entity type
	 * @param context the tenant context, must not be {@literal null}
	 * @param entity the entity, must not be {@literal null}
	 * @return the number of deleted rows, 0 or 1; an
	 * {@link OptimisticLockingFailureException} when the tenant's row has another version
	 */
	public <T> Mono<Long> delete(TenantContext context, T entity) {
		requireContext(context);
		Objects.requireNonNull(entity, "'entity' must not be null");
		return this.writes.delete(context, entityOf(entity), entity);
	}

	// -------------------------------------------------------------------------
	// Queries
	// -------------------------------------------------------------------------

	/**
	 * Find an entity of the context's tenant by id.
	 * @param <T> the entity type
	 * @param context the tenant context, must not be {@literal null}
	 * @param type the entity type, must not be {@literal null}
	 * @param id the id, must not be {@literal null}
	 * @return the entity, or empty when the tenant has none with this id
	 */
	public <T> Mono<T> findById(TenantContext context, Class<T> type, Object id) {
		requireContext(context);
		Objects.requireNonNull(id, "'id' must not be null");
		TenantEntity<T> meta = entity(type);
		return one(rows(context, meta, this.statements.selectById(meta, context, id)));
	}

	/**
	 * Return whether the context's tenant has an entity with the given id.
	 * @param context the tenant context, must not be {@literal null}
	 * @param type the entity type, must not be {@literal null}
	 * @param id the id, must not be {@literal null}
	 * @return whether it exists for this tenant
	 */
	public Mono<Boolean> existsById(TenantContext context, Class<?> type, Object id) {
		Objects.requireNonNull(id, "'id' must not be null");
		return exists(context, byId(type, id), type);
	}

	private Query byId(Class<?> type, Object id) {
		return Query.query(Criteria.where(entity(type).idProperty().getName()).is(id));
	}

	/**
	 * Select the entities of the context's tenant that match a query. Sort properties
	 * must be mapped properties of the entity, so a client-supplied sort cannot inject
	 * SQL.
	 * @param <T> the entity type
	 * @param context the tenant context, must not be {@literal null}
	 * @param query the criteria, sort, limit and offset, must not be {@literal null}
	 * @param type the entity type, must not be {@literal null}
	 * @return the matching entities of the tenant
	 */
	public <T> Flux<T> select(TenantContext context, Query query, Class<T> type) {
		requireContext(context);
		Objects.requireNonNull(query, "'query' must not be null");
		TenantEntity<T> meta = entity(type);
		return rows(context, meta, this.statements.select(meta, context, query));
	}

	private <T> Flux<T> rows(TenantContext context, TenantEntity<T> meta, TenantStatement statement) {
		BiFunction<Row, RowMetadata, T> reader = meta.reader(this.converter);
		// Read and checked in one step: every operator is paid for by every row.
		Flux<T> rows = run(statement)
			.map((row, metadata) -> meta.requireOwnedBy(context, reader.apply(row, metadata), "select"))
			.all();
		return this.callbacks.afterConvert(rows, meta);
	}

	/**
	 * Select at most one entity of the context's tenant.
	 * @param <T> the entity type
	 * @param context the tenant context, must not be {@literal null}
	 * @param query the query, must not be {@literal null}
	 * @param type the entity type, must not be {@literal null}
	 * @return the entity or empty; an {@link IncorrectResultSizeDataAccessException} if
	 * more than one matches
	 */
	public <T> Mono<T> selectOne(TenantContext context, Query query, Class<T> type) {
		Objects.requireNonNull(query, "'query' must not be null");
		return one(select(context, query.isLimited() ? query : query.limit(2), type));
	}

	private static <T> Mono<T> one(Flux<T> rows) {
		// Empty, the row, or the error at a second row (which cancels the statement).
		return rows.reduce((first, second) -> {
			throw new IncorrectResultSizeDataAccessException(1);
		});
	}

	/**
	 * Select one page of the context's tenant's entities that match the criteria. The
	 * sort of the page gets the id as a last key, so that pages are stable.
	 * @param <T> the entity type
	 * @param context the tenant context, must not be {@literal null}
	 * @param criteria the criteria, must not be {@literal null}
	 * @param pageable the page, paged with a size of at most {@value #MAX_PAGE_SIZE};
	 * must not be {@literal null}
	 * @param type the entity type, must not be {@literal null}
	 * @return the page, with the tenant's total of matching entities
	 */
	public <T> Mono<Page<T>> selectPage(TenantContext context, CriteriaDefinition criteria, Pageable pageable,
			Class<T> type) {
		requireContext(context);
		Query page = pagedQuery(Query.query(criteria), pageable, type);
		return select(context, page, type).collectList()
			.zipWith(count(context, Query.query(criteria), type))
			.map((result) -> new PageImpl<>(result.getT1(), pageable, result.getT2()));
	}

	/**
	 * Apply a page request to a query: offset, limit (at most {@value #MAX_PAGE_SIZE})
	 * and the page's sort with the id as a last key.
	 * @param query the query, must not be {@literal null}
	 * @param pageable the page request, must not be {@literal null}
	 * @param type the entity type
	 * @return the paged query
	 * @throws IllegalArgumentException if the page is unpaged or larger than
	 * {@value #MAX_PAGE_SIZE}
	 */
	public Query pagedQuery(Query query, Pageable pageable, Class<?> type) {
		Objects.requireNonNull(pageable, "'pageable' must not be null");
		if (pageable.isUnpaged()) {
			throw new IllegalArgumentException("'pageable' must be paged, with a size of at most " + MAX_PAGE_SIZE);
		}
		requirePageSize("pageable", pageable.getPageSize());
		Sort sort = query.getSort();
		for (Sort.Order order : pageable.getSort()) {
			if (sort.getOrderFor(order.getProperty()) == null) {
				sort = sort.and(Sort.by(order));
			}
		}
		return Query.query(TenantStatements.criteriaOf(query))
			.sort(stableSort(sort, type))
			.offset(pageable.getOffset())
			.limit(pageable.getPageSize());
	}

	/**
	 * Return the given sort with the entity's id as a last key, unless already sorted by
	 * it, so that equal keys keep a stable order across pages.
	 * @param sort the sort, must not be {@literal null}
	 * @param type the entity type
	 * @return the stable sort
	 */
	public Sort stableSort(Sort sort, Class<?> type) {
		String id = entity(type).idProperty().getName();
		return (sort.getOrderFor(id) != null) ? sort : sort.and(Sort.by(id));
	}

	/**
	 * Count the context's tenant's entities that match a query.
	 * @param context the tenant context, must not be {@literal null}
	 * @param query the query, must not be {@literal null}
	 * @param type the entity type, must not be {@literal null}
	 * @return the count
	 */
	public Mono<Long> count(TenantContext context, Query query, Class<?> type) {
		requireContext(context);
		Objects.requireNonNull(query, "'query' must not be null");
		TenantEntity<?> meta = entity(type);
		return run(this.statements.count(meta, context, query))
			.map((row, metadata) -> Objects.requireNonNull(row.get(0, Long.class), "count(*) is never null"))
			.one();
	}

	/**
	 * Return whether the context's tenant has an entity that matches a query.
	 * @param context the tenant context, must not be {@literal null}
	 * @param query the query, must not be {@literal null}
	 * @param type the entity type, must not be {@literal null}
	 * @return whether one exists
	 */
	public Mono<Boolean> exists(TenantContext context, Query query, Class<?> type) {
		requireContext(context);
		Objects.requireNonNull(query, "'query' must not be null");
		TenantEntity<?> meta = entity(type);
		return run(this.statements.exists(meta, context, query)).map((row, metadata) -> Boolean.TRUE)
			.first()
			.hasElement();
	}

	/**
	 * Delete the context's tenant's entities that match a query.
	 * @param context the tenant context, must not be {@literal null}
	 * @param query the query, must not be {@literal null}
	 * @param type the entity type, must not be {@literal null}
	 * @return the number of deleted rows
	 */
	public Mono<Long> delete(TenantContext context, Query query, Class<?> type) {
		requireContext(context);
		Objects.requireNonNull(query, "'query' must not be null");
		TenantEntity<?> meta = entity(type);
		return this.setting
			.run(context, (mode) -> run(this.statements.delete(meta, context, query, mode)).fetch().rowsUpdated())
			.defaultIfEmpty(0L);
	}

	// -------------------------------------------------------------------------
	// Hand-written SQL
	// -------------------------------------------------------------------------

	/**
	 * Run a {@code SELECT} of the caller's own and map each row to an entity with the
	 * converter (or, for a simple type such as {@code Long}, read its first column). The
	 * SQL must restrict {@code tenant_id} with the named parameter {@code :tenant_id},
	 * which this method binds from the context; it may use other named parameters.
	 * @param <R> the result type
	 * @param context the tenant context, must not be {@literal null}
	 * @param sql the query, referencing {@code :tenant_id}; must not be {@literal null}
	 * @param parameters the other named parameters, without {@code tenant_id}; values may
	 * be {@link Parameter}s to bind typed {@literal null}s
	 * @param resultType the entity or simple type of each row, must not be
	 * {@literal null}
	 * @return the rows; entities are checked to belong to the context's tenant
	 * @throws IllegalArgumentException if the SQL does not reference {@code :tenant_id}
	 * or the parameters bind {@code tenant_id}
	 */
	public <R> Flux<R> query(TenantContext context, String sql, Map<String, ?> parameters, Class<R> resultType) {
		Objects.requireNonNull(resultType, "'resultType' must not be null");
		if (this.converter.isSimpleType(resultType)) {
			return query(context, sql, parameters, (row, metadata) -> Objects.requireNonNull(row.get(0, resultType),
					"the first column of a simple-type query must not be null"));
		}
		TenantEntity<R> meta = entity(resultType);
		return this.callbacks.afterConvert(query(context, sql, parameters, meta.reader(this.converter))
			.map((row) -> meta.requireOwnedBy(context, row, "query")), meta);
	}

	/**
	 * Run a {@code SELECT} of the caller's own and map each row with the given mapper,
	 * for projections. The rules of {@link #query(TenantContext, String, Map, Class)}
	 * apply.
	 * @param <R> the result type
	 * @param context the tenant context, must not be {@literal null}
	 * @param sql the query, referencing {@code :tenant_id}; must not be {@literal null}
	 * @param parameters the other named parameters, without {@code tenant_id}
	 * @param mapper the row mapper, must not be {@literal null}
	 * @return the mapped rows
	 */
	public <R> Flux<R> query(TenantContext context, String sql, Map<String, ?> parameters,
			BiFunction<Row, RowMetadata, R> mapper) {
		requireContext(context);
		String select = TenantSql.requireTenantBound(sql, parameters);
		Objects.requireNonNull(mapper, "'mapper' must not be null");
		String statement = this.rowLevelSecurity.isEnabled() ? TenantSql.withInlineSetting(select) : select;
		return TenantSql.bindNamed(this.client.sql(statement), context, parameters).map(mapper).all();
	}

	/**
	 * Execute a data-modifying statement of the caller's own, such as a bulk
	 * {@code UPDATE}. The rules of {@link #query(TenantContext, String, Map, Class)}
	 * apply. With row-level security the statement runs in a transaction of the
	 * application's transaction manager (joining the caller's, if any) that first sets
	 * the tenant setting.
	 * @param context the tenant context, must not be {@literal null}
	 * @param sql the statement, referencing {@code :tenant_id}; must not be
	 * {@literal null}
	 * @param parameters the other named parameters, without {@code tenant_id}
	 * @return the number of affected rows
	 */
	public Mono<Long> execute(TenantContext context, String sql, Map<String, ?> parameters) {
		requireContext(context);
		String statement = TenantSql.requireTenantBound(sql, parameters);
		Mono<Long> execution = TenantSql.bindNamed(this.client.sql(statement), context, parameters)
			.fetch()
			.rowsUpdated()
			.onErrorMap(TenantFailures::isForeignKeyViolation, (ex) -> TenantFailures.referenceNotFound("execute", ex));
		return this.setting.runInTransaction(context, execution);
	}

	private GenericExecuteSpec run(TenantStatement statement) {
		return this.client.sql(statement);
	}

	@SuppressWarnings("unchecked")
	private <T> TenantEntity<T> entityOf(T entity) {
		return (TenantEntity<T>) entity(org.springframework.data.util.ProxyUtils.getUserClass(entity));
	}

	@SuppressWarnings("unchecked")
	<T> TenantEntity<T> entity(Class<T> type) {
		Objects.requireNonNull(type, "'type' must not be null");
		return (TenantEntity<T>) this.entities.computeIfAbsent(type,
				(key) -> TenantEntity.of(this.mappingContext.getRequiredPersistentEntity(key)));
	}

	/**
	 * Return whether SQL references the named parameter {@code :tenant_id} outside
	 * comments, string constants and quoted identifiers.
	 * @param sql the SQL, must not be {@literal null}
	 * @return whether it does
	 */
	public static boolean referencesTenantParameter(String sql) {
		return TenantSql.referencesTenantParameter(sql);
	}

	static void requireContext(@Nullable TenantContext context) {
		Objects.requireNonNull(context, "'context' must not be null");
	}

	static void requirePageSize(String argument, int size) {
		if (size < 1 || size > MAX_PAGE_SIZE) {
			throw new IllegalArgumentException("'" + argument + "' size must be between 1 and " + MAX_PAGE_SIZE);
		}
	}

}
