package io.tenancykit.persistence.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import io.tenancykit.api.TenantContext;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.ResolvableType;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.CriteriaDefinition;
import org.springframework.data.relational.core.query.Query;
import org.springframework.util.Assert;

/**
 * Base class for repositories of tenant-owned entities written as classes, for
 * hand-written SQL; an interface extending {@link TenantScopedCrudRepository} is shorter
 * for everything else. A subclass needs one line of constructor: <pre class="code">
 * &#64;Repository
 * class ProjectQueries extends TenantScopedRepository&lt;Project, UUID&gt; {
 *
 *     ProjectQueries(TenantScopedTemplate template) {
 *         super(template);
 *     }
 *
 *     Flux&lt;Project&gt; recent(TenantContext tenant) {
 *         return query(tenant, "SELECT * FROM project WHERE tenant_id = :tenant_id"
 *                 + " ORDER BY created_at DESC LIMIT 10", Map.of());
 *     }
 *
 * }
 * </pre> It inherits every method of {@link TenantScopedCrudRepository}; its own SQL goes
 * through {@link #query}, {@link #select} and {@link #execute}, which bind the tenant as
 * {@link TenantScopedTemplate} describes. A subclass has no database client of its own.
 *
 * @param <T> the entity type
 * @param <ID> the id type
 */
public abstract class TenantScopedRepository<T, ID> implements TenantScopedCrudRepository<T, ID> {

	private final TenantScopedTemplate template;

	private final Class<T> entityType;

	/**
	 * Create a repository of the entity type given by the subclass's type argument.
	 * @param template the template, must not be {@literal null}
	 */
	@SuppressWarnings("unchecked")
	protected TenantScopedRepository(TenantScopedTemplate template) {
		this.template = Objects.requireNonNull(template, "'template' must not be null");
		Class<?> type = ResolvableType.forClass(getClass()).as(TenantScopedRepository.class).resolveGeneric(0);
		// Assert rather than a throw statement of our own: SpotBugs
		// (CT_CONSTRUCTOR_THROW)
		// refuses constructors of non-final classes that throw.
		Assert.state(type != null, () -> getClass().getName()
				+ " must declare its entity type: extends TenantScopedRepository<Entity, Id>");
		this.entityType = (Class<T>) Objects.requireNonNull(type);
		template.requireTenantOwned(this.entityType);
	}

	/**
	 * Create a repository of the given entity type.
	 * @param template the template, must not be {@literal null}
	 * @param entityType the entity type, must not be {@literal null}
	 */
	protected TenantScopedRepository(TenantScopedTemplate template, Class<T> entityType) {
		this.template = Objects.requireNonNull(template, "'template' must not be null");
		this.entityType = Objects.requireNonNull(entityType, "'entityType' must not be null");
		template.requireTenantOwned(entityType);
	}

	@Override
	public <S extends T> Mono<S> save(TenantContext tenant, S entity) {
		return this.template.save(tenant, entity);
	}

	@Override
	public <S extends T> Flux<S> saveAll(TenantContext tenant, Iterable<S> entities) {
		TenantScopedTemplate.requireContext(tenant);
		Objects.requireNonNull(entities, "'entities' must not be null");
		return Flux.fromIterable(entities).concatMap((entity) -> this.template.save(tenant, entity));
	}

	@Override
	public <S extends T> Mono<S> insert(TenantContext tenant, S entity) {
		return this.template.insert(tenant, entity);
	}

	@Override
	public Mono<T> findById(TenantContext tenant, ID id) {
		return this.template.findById(tenant, this.entityType, id);
	}

	@Override
	public Mono<Boolean> existsById(TenantContext tenant, ID id) {
		return this.template.existsById(tenant, this.entityType, id);
	}

	@Override
	public Flux<T> findAllById(TenantContext tenant, Iterable<ID> ids) {
		TenantScopedTemplate.requireContext(tenant);
		Objects.requireNonNull(ids, "'ids' must not be null");
		List<ID> values = new ArrayList<>();
		ids.forEach(values::add);
		if (values.isEmpty()) {
			return Flux.empty();
		}
		String id = this.template.entity(this.entityType).idProperty().getName();
		return this.template.select(tenant, Query.query(Criteria.where(id).in(values)).sort(Sort.by(id)),
				this.entityType);
	}

	@Override
	public Flux<T> findAll(TenantContext tenant, Sort sort) {
		Objects.requireNonNull(sort, "'sort' must not be null");
		return this.template.select(tenant, Query.empty().sort(this.template.stableSort(sort, this.entityType)),
				this.entityType);
	}

	@Override
	public Mono<Page<T>> findAll(TenantContext tenant, Pageable pageable) {
		return this.template.selectPage(tenant, Criteria.empty(), pageable, this.entityType);
	}

	@Override
	public Mono<Long> count(TenantContext tenant) {
		return this.template.count(tenant, Query.empty(), this.entityType);
	}

	@Override
	public Mono<Long> deleteById(TenantContext tenant, ID id) {
		Objects.requireNonNull(id, "'id' must not be null");
		String idName = this.template.entity(this.entityType).idProperty().getName();
		return this.template.delete(tenant, Query.query(Criteria.where(idName).is(id)), this.entityType);
	}

	@Override
	public Mono<Long> delete(TenantContext tenant, T entity) {
		return this.template.delete(tenant, entity);
	}

	@Override
	public Mono<Long> deleteAll(TenantContext tenant) {
		return this.template.delete(tenant, Query.empty(), this.entityType);
	}

	/**
	 * Return the entity type of this repository.
	 * @return the entity type
	 */
	protected final Class<T> entityType() {
		return this.entityType;
	}

	/**
	 * Run a {@code SELECT} of the subclass's own and map each row to the entity. The SQL
	 * must restrict {@code tenant_id} with the named parameter {@code :tenant_id}.
	 * @param tenant the tenant context, must not be {@literal null}
	 * @param sql the query, referencing {@code :tenant_id}; must not be {@literal null}
	 * @param parameters the other named parameters, without {@code tenant_id}
	 * @return the entities, each checked to belong to the tenant
	 * @see TenantScopedTemplate#query(TenantContext, String, Map, Class)
	 */
	protected final Flux<T> query(TenantContext tenant, String sql, Map<String, ?> parameters) {
		return this.template.query(tenant, sql, parameters, this.entityType);
	}

	/**
	 * Run a {@code SELECT} of the subclass's own and map each row to the given type.
	 * @param <R> the result type
	 * @param tenant the tenant context, must not be {@literal null}
	 * @param sql the query, referencing {@code :tenant_id}; must not be {@literal null}
	 * @param parameters the other named parameters, without {@code tenant_id}
	 * @param resultType an entity or simple type, must not be {@literal null}
	 * @return the rows
	 * @see TenantScopedTemplate#query(TenantContext, String, Map, Class)
	 */
	protected final <R> Flux<R> query(TenantContext tenant, String sql, Map<String, ?> parameters,
			Class<R> resultType) {
		return this.template.query(tenant, sql, parameters, resultType);
	}

	/**
	 * Run a {@code SELECT} of the subclass's own and map each row with a mapper, for
	 * projections.
	 * @param <R> the result type
	 * @param tenant the tenant context, must not be {@literal null}
	 * @param sql the query, referencing {@code :tenant_id}; must not be {@literal null}
	 * @param parameters the other named parameters, without {@code tenant_id}
	 * @param mapper the row mapper, must not be {@literal null}
	 * @return the mapped rows
	 */
	protected final <R> Flux<R> query(TenantContext tenant, String sql, Map<String, ?> parameters,
			BiFunction<Row, RowMetadata, R> mapper) {
		return this.template.query(tenant, sql, parameters, mapper);
	}

	/**
	 * Select entities by criteria, combined with the tenant by {@code AND} as a group.
	 * @param tenant the tenant context, must not be {@literal null}
	 * @param criteria the criteria, must not be {@literal null}
	 * @param sort the order, by mapped properties; must not be {@literal null}
	 * @param limit the maximum number of rows, from 1 to
	 * {@value TenantScopedTemplate#MAX_PAGE_SIZE}
	 * @return the entities
	 */
	protected final Flux<T> select(TenantContext tenant, CriteriaDefinition criteria, Sort sort, int limit) {
		TenantScopedTemplate.requireContext(tenant);
		Objects.requireNonNull(criteria, "'criteria' must not be null");
		Objects.requireNonNull(sort, "'sort' must not be null");
		TenantScopedTemplate.requirePageSize("limit", limit);
		return this.template.select(tenant, Query.query(criteria).sort(sort).limit(limit), this.entityType);
	}

	/**
	 * Execute a data-modifying statement of the subclass's own.
	 * @param tenant the tenant context, must not be {@literal null}
	 * @param sql the statement, referencing {@code :tenant_id}; must not be
	 * {@literal null}
	 * @param parameters the other named parameters, without {@code tenant_id}
	 * @return the number of affected rows
	 * @see TenantScopedTemplate#execute(TenantContext, String, Map)
	 */
	protected final Mono<Long> execute(TenantContext tenant, String sql, Map<String, ?> parameters) {
		return this.template.execute(tenant, sql, parameters);
	}

}
