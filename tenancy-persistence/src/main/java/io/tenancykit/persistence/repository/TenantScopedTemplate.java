package io.tenancykit.persistence.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.r2dbc.spi.R2dbcException;
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
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.mapping.MappingException;
import org.springframework.data.mapping.callback.ReactiveEntityCallbacks;
import org.springframework.data.core.PropertyReferenceException;
import org.springframework.data.mapping.context.MappingContext;
import org.springframework.data.r2dbc.convert.MappingR2dbcConverter;
import org.springframework.data.r2dbc.convert.R2dbcConverter;
import org.springframework.data.r2dbc.core.DefaultReactiveDataAccessStrategy;
import org.springframework.data.r2dbc.core.ReactiveDataAccessStrategy;
import org.springframework.data.r2dbc.dialect.PostgresDialect;
import org.springframework.data.r2dbc.mapping.OutboundRow;
import org.springframework.data.r2dbc.mapping.R2dbcMappingContext;
import org.springframework.data.r2dbc.mapping.event.AfterConvertCallback;
import org.springframework.data.r2dbc.mapping.event.AfterSaveCallback;
import org.springframework.data.r2dbc.mapping.event.BeforeConvertCallback;
import org.springframework.data.r2dbc.mapping.event.BeforeSaveCallback;
import org.springframework.data.r2dbc.query.BoundAssignments;
import org.springframework.data.r2dbc.query.BoundCondition;
import org.springframework.data.r2dbc.query.UpdateMapper;
import org.springframework.data.relational.core.dialect.RenderContextFactory;
import org.springframework.data.relational.core.mapping.OptimisticLockingUtils;
import org.springframework.data.relational.core.mapping.RelationalPersistentEntity;
import org.springframework.data.relational.core.mapping.RelationalPersistentProperty;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.CriteriaDefinition;
import org.springframework.data.relational.core.query.Query;
import org.springframework.data.relational.core.sql.Condition;
import org.springframework.data.relational.core.sql.Conditions;
import org.springframework.data.relational.core.sql.Expression;
import org.springframework.data.relational.core.sql.Expressions;
import org.springframework.data.relational.core.sql.Functions;
import org.springframework.data.relational.core.sql.IdentifierProcessing;
import org.springframework.data.relational.core.sql.SQL;
import org.springframework.data.relational.core.sql.Select;
import org.springframework.data.relational.core.sql.SelectBuilder.SelectFromAndJoin;
import org.springframework.data.relational.core.sql.SqlIdentifier;
import org.springframework.data.relational.core.sql.StatementBuilder;
import org.springframework.data.relational.core.sql.Table;
import org.springframework.data.relational.core.sql.render.RenderContext;
import org.springframework.data.relational.core.sql.render.SqlRenderer;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.r2dbc.core.PreparedOperation;
import org.springframework.r2dbc.core.binding.BindMarker;
import org.springframework.r2dbc.core.binding.BindMarkers;
import org.springframework.r2dbc.core.binding.BindTarget;
import org.springframework.r2dbc.core.binding.Bindings;
import org.springframework.r2dbc.core.binding.MutableBindings;
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

	private static final Pattern TENANT_ID_PLACEHOLDER = Pattern.compile(":tenant_id(?![A-Za-z0-9_])");

	private static final String INLINE_NAMED_CONDITION = TenantSetting
		.inlineCondition("CAST(:" + TENANT_ID_PARAMETER + " AS text)");

	private static final String FOREIGN_KEY_VIOLATION = "23503";

	/**
	 * The inline setting of generated statements, which bind the tenant id as their first
	 * marker ({@code $1}): rendered once rather than per statement.
	 */
	private static final String INLINE_FIRST_MARKER_CONDITION = TenantSetting.inlineCondition(
			"CAST(" + PostgresDialect.INSTANCE.getBindMarkersFactory().create().next().getPlaceholder() + " AS text)");

	private final DatabaseClient client;

	private final R2dbcConverter converter;

	private final MappingContext<? extends RelationalPersistentEntity<?>, ? extends RelationalPersistentProperty> mappingContext;

	private final ReactiveDataAccessStrategy dataAccessStrategy;

	private final UpdateMapper mapper;

	private final RenderContext renderContext;

	private final IdentifierProcessing identifiers;

	private final RowLevelSecurity rowLevelSecurity;

	private final TenantSettingMode settingMode;

	private volatile @Nullable TenantSettingMode detectedSettingMode;

	private final @Nullable ReactiveEntityCallbacks entityCallbacks;

	private final TransactionalOperator transactionalOperator;

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
		this.dataAccessStrategy = new DefaultReactiveDataAccessStrategy(PostgresDialect.INSTANCE, converter);
		this.mapper = new UpdateMapper(PostgresDialect.INSTANCE, converter);
		this.renderContext = new RenderContextFactory(PostgresDialect.INSTANCE).createRenderContext();
		this.identifiers = PostgresDialect.INSTANCE.getIdentifierProcessing();
		this.entityCallbacks = entityCallbacks;
		this.transactionalOperator = TransactionalOperator.create((transactionManager != null) ? transactionManager
				: new R2dbcTransactionManager(client.getConnectionFactory()));
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
		TenantEntity<T> meta = entityOf(entity);
		SqlIdentifier table = meta.table();
		return claimed(meta, context, entity, "insert")
			.flatMap((owned) -> callback(BeforeConvertCallback.class, owned, table))
			.flatMap((converted) -> {
				T versioned = meta.withInitialVersion(converted, this.converter.getConversionService());
				OutboundRow row = this.dataAccessStrategy.getOutboundRow(versioned);
				Parameter id = row.get(meta.idColumn());
				if (id == null || !id.hasValue()
						|| (id.getValue() instanceof Number number && number.longValue() == 0L)) {
					row.remove(meta.idColumn());
				}
				return callback(BeforeSaveCallback.class, versioned, row, table)
					.flatMap((toSave) -> tenantBound(context,
							(mode) -> run(insertStatement(meta, context, row, mode)).map(reader(meta)).one())
						.onErrorMap(TenantScopedTemplate::isForeignKeyViolation, (ex) -> notFound("insert", ex))
						.map((stored) -> requireOwnedBy(context, meta, stored, "insert"))
						.doOnNext((stored) -> populateId(toSave, stored, meta))
						.flatMap((stored) -> callback(AfterSaveCallback.class, stored, row, table)));
			});
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
		TenantEntity<T> meta = entityOf(entity);
		SqlIdentifier table = meta.table();
		RelationalPersistentEntity<T> persistent = meta.entity();
		return claimed(meta, context, entity, "update")
			.flatMap((owned) -> callback(BeforeConvertCallback.class, owned, table))
			.flatMap((converted) -> {
				Object id = meta.id(converted);
				if (id == null) {
					return Mono.error(new InvalidDataAccessApiUsageException(
							"update: entity " + meta.name() + " has no id; insert it instead"));
				}
				boolean versioned = persistent.hasVersionProperty();
				Object version = versioned ? meta.version(converted) : null;
				T toWrite = versioned ? meta.withNextVersion(converted, this.converter.getConversionService())
						: converted;
				OutboundRow row = this.dataAccessStrategy.getOutboundRow(toWrite);
				return callback(BeforeSaveCallback.class, toWrite, row, table).flatMap((toSave) -> {
					Criteria predicate = rowAtVersion(persistent, id, version);
					return tenantBound(context,
							(mode) -> run(updateStatement(meta, context, row, predicate, mode)).map(reader(meta)).one())
						.onErrorMap(TenantScopedTemplate::isForeignKeyViolation, (ex) -> notFound("update", ex))
						.map((stored) -> requireOwnedBy(context, meta, stored, "update"))
						.switchIfEmpty(Mono.defer(() -> versionConflictOrMissing(context, meta, toSave, id, version)))
						.flatMap((stored) -> callback(AfterSaveCallback.class, stored, row, table));
				});
			});
	}

	/**
	 * Return the criteria of the row with the given id and, for a versioned entity, the
	 * given version ({@code IS NULL} for a {@literal null} one), as Spring Data matches
	 * them.
	 */
	private static Criteria rowAtVersion(RelationalPersistentEntity<?> persistent, Object id,
			@Nullable Object version) {
		Criteria byId = Criteria.where(persistent.getRequiredIdProperty().getName()).is(id);
		if (!persistent.hasVersionProperty()) {
			return byId;
		}
		String versionName = persistent.getRequiredVersionProperty().getName();
		return byId
			.and((version != null) ? Criteria.where(versionName).is(version) : Criteria.where(versionName).isNull());
	}

	/**
	 * Return the entity owned by the context's tenant (see {@link TenantEntity#claim}),
	 * or the {@link TenantMismatchException} as an error, before any I/O.
	 */
	private static <T> Mono<T> claimed(TenantEntity<T> meta, TenantContext context, T entity, String operation) {
		try {
			return Mono.just(meta.claim(context, entity, operation));
		}
		catch (TenantMismatchException ex) {
			return Mono.error(ex);
		}
	}

	private <T> Mono<T> versionConflictOrMissing(TenantContext context, TenantEntity<T> meta, T entity, Object id,
			@Nullable Object version) {
		Mono<T> missing = Mono.error(() -> notFound(meta));
		if (!meta.entity().hasVersionProperty()) {
			return missing;
		}
		// The row was not updated: a version conflict if the tenant still has it, missing
		// otherwise. Only this failure path costs a second round trip.
		return existsById(context, meta.type(), id).flatMap((exists) -> exists
				? Mono.error(OptimisticLockingUtils.updateFailed(entity, version, meta.entity())) : missing);
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
		TenantEntity<T> meta = entityOf(entity);
		try {
			// As for writes: no tenant means the context's, another tenant is refused.
			meta.requireClaimable(context, entity, "delete");
		}
		catch (TenantMismatchException ex) {
			return Mono.error(ex);
		}
		Object id = Objects.requireNonNull(meta.id(entity), "'entity' must have an id");
		RelationalPersistentEntity<T> persistent = meta.entity();
		if (!persistent.hasVersionProperty()) {
			return delete(context, Query.query(rowAtVersion(persistent, id, null)), meta.type());
		}
		Criteria criteria = rowAtVersion(persistent, id, meta.version(entity));
		return delete(context, Query.query(criteria), meta.type()).flatMap((deleted) -> (deleted > 0)
				? Mono.just(deleted) : existsById(context, meta.type(), id).flatMap((exists) -> exists
						? Mono.error(OptimisticLockingUtils.deleteFailed(entity, persistent)) : Mono.just(0L)));
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
		Objects.requireNonNull(id, "'id' must not be null");
		return selectOne(context, byId(type, id), type);
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
		TenantStatement statement = selectStatement(meta, context, query, null);
		return run(statement).map(reader(meta))
			.all()
			.map((row) -> requireOwnedBy(context, meta, row, "select"))
			.concatMap((row) -> callback(AfterConvertCallback.class, row, meta.table()));
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
		return select(context, query.isLimited() ? query : query.limit(2), type).collectList()
			.flatMap((rows) -> switch (rows.size()) {
				case 0 -> Mono.empty();
				case 1 -> Mono.just(rows.get(0));
				default -> Mono.error(new IncorrectResultSizeDataAccessException(1));
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
		return Query.query(criteriaOf(query))
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
		TenantStatement statement = selectStatement(meta, context, Query.query(criteriaOf(query)),
				List.of(Functions.count(Expressions.asterisk())));
		return run(statement)
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
		TenantStatement statement = selectStatement(meta, context, Query.query(criteriaOf(query)).limit(1),
				List.of(SQL.literalOf(1)));
		return run(statement).map((row, metadata) -> Boolean.TRUE).first().hasElement();
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
		return tenantBound(context, (mode) -> {
			Scope scope = new Scope(meta, context, mode);
			Condition where = scope.where(criteriaOf(query));
			String sql = SqlRenderer.create(this.renderContext)
				.render(StatementBuilder.delete(scope.table).where(where).build());
			return run(new TenantStatement(sql, scope.bindings())).fetch().rowsUpdated();
		}).defaultIfEmpty(0L);
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
		return query(context, sql, parameters, reader(meta)).map((row) -> requireOwnedBy(context, meta, row, "query"))
			.concatMap((row) -> callback(AfterConvertCallback.class, row, meta.table()));
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
		String select = requireTenantBoundSql(sql, parameters);
		Objects.requireNonNull(mapper, "'mapper' must not be null");
		// The closing parenthesis goes on a line of its own, so that a trailing line
		// comment of the query cannot swallow it.
		String statement = this.rowLevelSecurity.isEnabled()
				? "SELECT * FROM (" + select + "\n) AS tenancy_query WHERE " + INLINE_NAMED_CONDITION : select;
		return bindNamed(this.client.sql(statement), context, parameters).map(mapper).all();
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
		String statement = requireTenantBoundSql(sql, parameters);
		Mono<Long> execution = bindNamed(this.client.sql(statement), context, parameters).fetch()
			.rowsUpdated()
			.onErrorMap(TenantScopedTemplate::isForeignKeyViolation, (ex) -> notFound("execute", ex));
		if (!this.rowLevelSecurity.isEnabled()) {
			return execution;
		}
		return tenantBound(context, (mode) -> {
			if (mode == TenantSettingMode.CITUS) {
				return execution;
			}
			Mono<Void> setTenant = this.client.sql(TenantSetting.SET_LOCAL)
				.bind(0, context.tenantId().value().toString())
				.then();
			return this.transactionalOperator.transactional(setTenant.then(execution));
		});
	}

	// -------------------------------------------------------------------------
	// Tenant setting
	// -------------------------------------------------------------------------

	/**
	 * Return whether statements set the tenant inline (ADR-021) in the given mode.
	 */
	private boolean inline(TenantSettingMode mode) {
		return this.rowLevelSecurity.isEnabled() && mode == TenantSettingMode.INLINE;
	}

	/**
	 * Return the mode data-modifying statements are built for:
	 * {@link TenantSettingMode#INLINE} or {@link TenantSettingMode#CITUS}, or
	 * {@literal null} while {@code AUTO} has not detected one yet.
	 */
	private @Nullable TenantSettingMode knownMode() {
		if (!this.rowLevelSecurity.isEnabled()) {
			return TenantSettingMode.INLINE;
		}
		return (this.settingMode != TenantSettingMode.AUTO) ? this.settingMode : this.detectedSettingMode;
	}

	private Mono<TenantSettingMode> detectedMode() {
		return TenantSettingMode.detect(this.client, TenantSettingMode.DETECTION_TIMEOUT)
			.doOnNext((mode) -> this.detectedSettingMode = mode);
	}

	/**
	 * Build and run a data-modifying operation for the template's mode; in
	 * {@link TenantSettingMode#CITUS} it runs in a transaction (the caller's, if any)
	 * that first sets the tenant with {@code SET LOCAL}. Once the mode is known the
	 * statement is built at once, as it was before modes existed.
	 */
	private <R> Mono<R> tenantBound(TenantContext context, Function<TenantSettingMode, Mono<R>> operation) {
		TenantSettingMode known = knownMode();
		if (known != null) {
			return tenantBound(context, known, operation.apply(known));
		}
		return detectedMode().flatMap((mode) -> tenantBound(context, mode, operation.apply(mode)));
	}

	private <R> Mono<R> tenantBound(TenantContext context, TenantSettingMode mode, Mono<R> operation) {
		if (!this.rowLevelSecurity.isEnabled() || mode != TenantSettingMode.CITUS) {
			return operation;
		}
		return this.transactionalOperator.transactional(setTenantLocally(context).then(operation));
	}

	private Mono<Void> setTenantLocally(TenantContext context) {
		// SET takes no bind parameters, so the tenant id is a literal here; that is safe
		// only because it is the kit's java.util.UUID rendered by UUID.toString(), never
		// text from a caller (see TenantSetting.setLocal).
		return this.client.sql(TenantSetting.setLocal(context.tenantId().value())).then();
	}

	/**
	 * Check hand-written SQL: it must reference {@code :tenant_id}, and the parameters
	 * must not bind it.
	 * @param sql the SQL
	 * @param parameters the named parameters
	 * @return the SQL without a trailing semicolon
	 * @throws IllegalArgumentException if the SQL is not tenant-bound
	 */
	static String requireTenantBoundSql(@Nullable String sql, @Nullable Map<String, ?> parameters) {
		Objects.requireNonNull(sql, "'sql' must not be null");
		Objects.requireNonNull(parameters, "'parameters' must not be null");
		if (!referencesTenantParameter(sql)) {
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

	/**
	 * Return whether SQL references the named parameter {@code :tenant_id} outside
	 * comments, string constants and quoted identifiers.
	 * @param sql the SQL, must not be {@literal null}
	 * @return whether it does
	 */
	public static boolean referencesTenantParameter(String sql) {
		return TENANT_ID_PLACEHOLDER.matcher(withoutCommentsAndQuotes(sql)).find();
	}

	/**
	 * Return SQL with its comments, string constants (plain, escape and dollar-quoted)
	 * and quoted identifiers replaced by a space: what remains is what PostgreSQL (and
	 * the named-parameter expansion of {@link DatabaseClient}) reads as code.
	 * @param sql the SQL
	 * @return the code of the SQL
	 */
	static String withoutCommentsAndQuotes(String sql) {
		StringBuilder code = new StringBuilder(sql.length());
		int length = sql.length();
		int i = 0;
		while (i < length) {
			char c = sql.charAt(i);
			char next = (i + 1 < length) ? sql.charAt(i + 1) : '\0';
			if (c == '-' && next == '-') {
				int end = sql.indexOf('\n', i);
				i = (end < 0) ? length : end;
				code.append(' ');
			}
			else if (c == '/' && next == '*') {
				// Block comments nest in PostgreSQL.
				int depth = 1;
				i += 2;
				while (i < length && depth > 0) {
					if (sql.startsWith("/*", i)) {
						depth++;
						i += 2;
					}
					else if (sql.startsWith("*/", i)) {
						depth--;
						i += 2;
					}
					else {
						i++;
					}
				}
				code.append(' ');
			}
			else if (c == '\'' || c == '"') {
				boolean escapes = c == '\'' && i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e')
						&& (i < 2 || !isIdentifierPart(sql.charAt(i - 2)));
				i = endOfQuoted(sql, i, c, escapes);
				code.append(' ');
			}
			else if (c == '$' && dollarTag(sql, i) != null) {
				String tag = Objects.requireNonNull(dollarTag(sql, i));
				int end = sql.indexOf(tag, i + tag.length());
				i = (end < 0) ? length : end + tag.length();
				code.append(' ');
			}
			else {
				code.append(c);
				i++;
			}
		}
		return code.toString();
	}

	private static int endOfQuoted(String sql, int start, char quote, boolean escapes) {
		int i = start + 1;
		while (i < sql.length()) {
			char c = sql.charAt(i);
			if (escapes && c == '\\') {
				i += 2;
			}
			else if (c == quote) {
				if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
					i += 2;
				}
				else {
					return i + 1;
				}
			}
			else {
				i++;
			}
		}
		return sql.length();
	}

	private static boolean isIdentifierPart(char c) {
		return Character.isLetterOrDigit(c) || c == '_';
	}

	private static @Nullable String dollarTag(String sql, int start) {
		// $tag$ or $$, where a tag does not start with a digit ($1 is a bind marker).
		int i = start + 1;
		while (i < sql.length() && isIdentifierPart(sql.charAt(i))) {
			i++;
		}
		boolean tagged = i > start + 1;
		if (i >= sql.length() || sql.charAt(i) != '$' || (tagged && Character.isDigit(sql.charAt(start + 1)))) {
			return null;
		}
		if (start > 0 && isIdentifierPart(sql.charAt(start - 1))) {
			// Part of an identifier such as a$b$, not a dollar quote.
			return null;
		}
		return sql.substring(start, i + 1);
	}

	// -------------------------------------------------------------------------
	// Statements
	// -------------------------------------------------------------------------

	private TenantStatement selectStatement(TenantEntity<?> meta, TenantContext context, Query query,
			@Nullable List<Expression> projection) {
		// Reads set the tenant inline in every mode: on Citus a router query is sent
		// whole, sub-select included, to the worker holding the tenant's shard.
		Scope scope = new Scope(meta, context, TenantSettingMode.INLINE);
		Condition where = scope.where(criteriaOf(query));
		SelectFromAndJoin select = StatementBuilder
			.select((projection != null) ? projection : List.of(Expressions.asterisk(scope.table)))
			.from(scope.table);
		// The builder is mutable, as Spring Data's own statement mapper uses it.
		select.where(where);
		if (query.isSorted()) {
			select.orderBy(this.mapper.getMappedSort(scope.table, checkedSort(meta, query.getSort()), meta.entity()));
		}
		if (query.getLimit() > 0) {
			select.limit(query.getLimit());
		}
		if (query.getOffset() > 0) {
			select.offset(query.getOffset());
		}
		Select built = select.build();
		return new TenantStatement(SqlRenderer.create(this.renderContext).render(built), scope.bindings());
	}

	private TenantStatement updateStatement(TenantEntity<?> meta, TenantContext context, OutboundRow row,
			Criteria criteria, TenantSettingMode mode) {
		Scope scope = new Scope(meta, context, mode);
		Map<SqlIdentifier, Parameter> assignments = new java.util.LinkedHashMap<>(row);
		assignments.remove(meta.tenantColumn());
		assignments.remove(meta.idColumn());
		for (RelationalPersistentProperty property : meta.entity()) {
			if (property.isInsertOnly()) {
				assignments.remove(property.getColumnName());
			}
		}
		if (assignments.isEmpty()) {
			// Nothing but keys to write: assign the id to itself so that the statement
			// still reports whether the row exists.
			assignments.put(meta.idColumn(), Objects.requireNonNull(row.get(meta.idColumn())));
		}
		BoundAssignments bound = this.mapper.getMappedObject(scope.markers, assignments, scope.table, meta.entity());
		scope.add(bound.getBindings());
		Condition where = scope.where(criteria);
		String sql = SqlRenderer.create(this.renderContext)
			.render(StatementBuilder.update(scope.table).set(bound.getAssignments()).where(where).build())
				+ " RETURNING *";
		return new TenantStatement(sql, scope.bindings());
	}

	private TenantStatement insertStatement(TenantEntity<?> meta, TenantContext context, OutboundRow row,
			TenantSettingMode mode) {
		BindMarkers markers = PostgresDialect.INSTANCE.getBindMarkersFactory().create();
		MutableBindings bindings = new MutableBindings(markers);
		BindMarker tenant = bindings.nextMarker();
		bindings.bind(tenant, context.tenantId().value());
		List<String> columns = new ArrayList<>();
		List<String> values = new ArrayList<>();
		columns.add(meta.tenantColumn().toSql(this.identifiers));
		values.add(tenant.getPlaceholder());
		for (Map.Entry<SqlIdentifier, Parameter> column : row.entrySet()) {
			Parameter value = column.getValue();
			if (column.getKey().equals(meta.tenantColumn()) || !value.hasValue()) {
				continue;
			}
			Parameter converted = this.mapper.getBindValue(value);
			BindMarker marker = bindings.nextMarker();
			Object raw = converted.getValue();
			if (raw != null) {
				bindings.bind(marker, raw);
			}
			else {
				bindings.bindNull(marker, converted.getType());
			}
			columns.add(column.getKey().toSql(this.identifiers));
			values.add(marker.getPlaceholder());
		}
		String table = meta.table().toSql(this.identifiers);
		String sql = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") " + (inline(mode)
				// INSERT ... SELECT rather than VALUES: the row is produced only after
				// the
				// one-time filter has set the tenant, so the WITH CHECK policy sees it.
				? "SELECT " + String.join(", ", values) + " WHERE " + INLINE_FIRST_MARKER_CONDITION
				: "VALUES (" + String.join(", ", values) + ")") + " RETURNING *";
		return new TenantStatement(sql, bindings);
	}

	private Sort checkedSort(TenantEntity<?> meta, Sort sort) {
		for (Sort.Order order : sort) {
			try {
				this.mappingContext.getPersistentPropertyPath(order.getProperty(), meta.type());
			}
			catch (MappingException | PropertyReferenceException ex) {
				throw new InvalidDataAccessApiUsageException(
						"Cannot sort " + meta.name() + " by '" + abbreviate(order.getProperty())
								+ "': sort by one of its mapped properties " + sortableProperties(meta),
						ex);
			}
		}
		return sort;
	}

	private static Set<String> sortableProperties(TenantEntity<?> meta) {
		Set<String> names = new java.util.TreeSet<>();
		meta.entity().doWithProperties((RelationalPersistentProperty property) -> names.add(property.getName()));
		return names;
	}

	private static String abbreviate(String text) {
		String printable = text.codePoints()
			.map((c) -> Character.isISOControl(c) ? '?' : c)
			.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
			.toString();
		return (printable.length() > 64) ? printable.substring(0, 64) + "…" : printable;
	}

	private static CriteriaDefinition criteriaOf(Query query) {
		return query.getCriteria().orElse(Criteria.empty());
	}

	private GenericExecuteSpec run(TenantStatement statement) {
		return this.client.sql(statement);
	}

	private <T> BiFunction<Row, RowMetadata, T> reader(TenantEntity<T> meta) {
		Class<T> type = meta.type();
		return (row, metadata) -> this.converter.read(type, row, metadata);
	}

	private <T> void populateId(T original, T stored, TenantEntity<T> meta) {
		// Mutable entities get their generated id in place, as with Spring Data.
		Object id = meta.id(stored);
		if (id != null && meta.id(original) == null) {
			var accessor = meta.entity().getPropertyAccessor(original);
			if (!meta.idProperty().isImmutable()) {
				accessor.setProperty(meta.idProperty(), id);
			}
		}
	}

	// ReactiveEntityCallbacks takes the callback type as a raw class.
	@SuppressWarnings("rawtypes")
	private <T> Mono<T> callback(Class<? extends org.springframework.data.mapping.callback.EntityCallback> type,
			T entity, Object... arguments) {
		if (this.entityCallbacks == null) {
			return Mono.just(entity);
		}
		return this.entityCallbacks.callback(type, entity, arguments);
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

	private static <T> T requireOwnedBy(TenantContext context, TenantEntity<T> meta, T entity, String operation) {
		if (!meta.isOwnedBy(context, entity)) {
			throw new TenantMismatchException(operation);
		}
		return entity;
	}

	private static NotFoundInTenantException notFound(TenantEntity<?> meta) {
		return new NotFoundInTenantException(meta.name() + " not found");
	}

	private static NotFoundInTenantException notFound(String operation, Throwable cause) {
		return new NotFoundInTenantException(operation + ": a referenced row was not found", cause);
	}

	static boolean isForeignKeyViolation(Throwable failure) {
		Throwable candidate = failure;
		for (int depth = 0; candidate != null && depth < 16; depth++) {
			if (candidate instanceof R2dbcException ex && FOREIGN_KEY_VIOLATION.equals(ex.getSqlState())) {
				return true;
			}
			candidate = candidate.getCause();
		}
		return false;
	}

	static void requireContext(@Nullable TenantContext context) {
		Objects.requireNonNull(context, "'context' must not be null");
	}

	static void requirePageSize(String argument, int size) {
		if (size < 1 || size > MAX_PAGE_SIZE) {
			throw new IllegalArgumentException("'" + argument + "' size must be between 1 and " + MAX_PAGE_SIZE);
		}
	}

	private GenericExecuteSpec bindNamed(GenericExecuteSpec spec, TenantContext context, Map<String, ?> parameters) {
		GenericExecuteSpec bound = spec.bind(TENANT_ID_PARAMETER, context.tenantId().value());
		for (Map.Entry<String, ?> parameter : parameters.entrySet()) {
			Object value = Objects.requireNonNull(parameter.getValue(),
					() -> "parameter '" + parameter.getKey() + "' must not be null; bind a Parameter instead");
			bound = bound.bind(parameter.getKey(), value);
		}
		return bound;
	}

	/**
	 * The bind markers and bindings of one generated statement, starting with the tenant
	 * id as {@code $1}, and the tenant condition every statement carries.
	 */
	private final class Scope {

		final BindMarkers markers = PostgresDialect.INSTANCE.getBindMarkersFactory().create();

		final Table table;

		private final TenantEntity<?> meta;

		private final MutableBindings own = new MutableBindings(this.markers);

		private final BindMarker tenant;

		private final boolean inline;

		private Bindings bindings;

		Scope(TenantEntity<?> meta, TenantContext context, TenantSettingMode mode) {
			this.meta = meta;
			this.inline = inline(mode);
			this.table = Table.create(meta.table());
			this.tenant = this.own.nextMarker();
			this.own.bind(this.tenant, context.tenantId().value());
			this.bindings = this.own;
		}

		void add(Bindings more) {
			this.bindings = Bindings.merge(this.bindings, more);
		}

		Condition where(CriteriaDefinition criteria) {
			Condition tenantCondition = Conditions.isEqual(this.table.column(this.meta.tenantColumn()),
					SQL.bindMarker(this.tenant.getPlaceholder()));
			// The inline setting goes first; PostgreSQL evaluates it as a one-time filter
			// before reading rows, whatever its position.
			Condition where = this.inline ? Conditions.just(INLINE_FIRST_MARKER_CONDITION).and(tenantCondition)
					: tenantCondition;
			if (!criteria.isEmpty()) {
				BoundCondition bound = TenantScopedTemplate.this.mapper.getMappedObject(this.markers, criteria,
						this.table, this.meta.entity());
				add(bound.getBindings());
				where = where.and(Conditions.nest(bound.getCondition()));
			}
			return where;
		}

		Bindings bindings() {
			return this.bindings;
		}

	}

	/**
	 * A rendered statement and its bindings, as {@link DatabaseClient} runs them.
	 */
	record TenantStatement(String sql, Bindings bindings) implements PreparedOperation<String> {

		@Override
		public String getSource() {
			return this.sql;
		}

		@Override
		public void bindTo(BindTarget target) {
			this.bindings.apply(target);
		}

		@Override
		public String toQuery() {
			return this.sql;
		}

	}

}
