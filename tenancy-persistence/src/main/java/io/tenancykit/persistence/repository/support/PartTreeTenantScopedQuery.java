package io.tenancykit.persistence.repository.support;

import io.tenancykit.api.TenantContext;
import io.tenancykit.persistence.repository.TenantScopedTemplate;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.dao.IncorrectResultSizeDataAccessException;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.SliceImpl;
import org.springframework.data.domain.Sort;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.data.relational.repository.query.RelationalParameterAccessor;
import org.springframework.data.relational.repository.query.RelationalParametersParameterAccessor;
import org.springframework.data.relational.repository.query.RelationalQueryCreator;
import org.springframework.data.repository.query.QueryMethod;
import org.springframework.data.repository.query.RepositoryQuery;
import org.springframework.data.repository.query.parser.Part;
import org.springframework.data.repository.query.parser.PartTree;

/**
 * A query derived from a method name ({@code findByNameContaining},
 * {@code countByStatus}, {@code deleteByNotebookId}, {@code findFirst3By…}), run through
 * {@link TenantScopedTemplate} so that it carries the tenant predicate and the inline
 * tenant setting like every other statement. The criteria of the name are combined with
 * the tenant as a group, so an {@code Or} in the name cannot widen the result.
 */
final class PartTreeTenantScopedQuery implements RepositoryQuery {

	private final TenantScopedQueryMethod method;

	private final TenantScopedTemplate template;

	private final PartTree tree;

	private final Class<?> domainType;

	PartTreeTenantScopedQuery(TenantScopedQueryMethod method, TenantScopedTemplate template, String tenantProperty) {
		this.method = method;
		this.template = template;
		this.domainType = method.domainType();
		this.tree = new PartTree(method.getName(), this.domainType);
		RelationalQueryCreator.validate(this.tree, method.getParameters());
		for (Part part : this.tree.getParts()) {
			if (part.getProperty().getSegment().equals(tenantProperty)) {
				throw new IllegalStateException(method.describe() + " must not constrain the tenant property '"
						+ tenantProperty + "': the TenantContext parameter restricts the tenant");
			}
		}
		if (this.tree.isDistinct()) {
			throw new IllegalStateException(method.describe() + ": distinct derived queries are not supported");
		}
		if (this.tree.isDelete()) {
			TenantScopedQueries.requireCountResult(method, "the number of deleted rows");
		}
		else if (this.tree.isCountProjection()) {
			TenantScopedQueries.requireCountResult(method, "a count");
		}
		else if (this.tree.isExistsProjection()) {
			if (!TenantScopedQueries.returnsMono(method.method())
					|| TenantScopedQueries.elementType(method.method()) != Boolean.class) {
				throw new IllegalStateException(method.describe() + " must return Mono<Boolean>");
			}
		}
		else if (isPageOrSlice(method)) {
			if (!TenantScopedQueries.returnsMono(method.method()) || !method.getParameters().hasPageableParameter()) {
				throw new IllegalStateException(method.describe() + " must return Mono<Page<"
						+ this.domainType.getSimpleName() + ">> or Mono<Slice<…>> and take a Pageable");
			}
		}
		else {
			requireEntityResult(method, this.domainType);
		}
	}

	private static boolean isPageOrSlice(TenantScopedQueryMethod method) {
		Class<?> element = TenantScopedQueries.elementType(method.method());
		return Page.class.equals(element) || Slice.class.equals(element);
	}

	static void requireEntityResult(TenantScopedQueryMethod method, Class<?> domainType) {
		boolean reactive = TenantScopedQueries.returnsFlux(method.method())
				|| TenantScopedQueries.returnsMono(method.method());
		if (!reactive || !domainType.isAssignableFrom(TenantScopedQueries.elementType(method.method()))) {
			throw new IllegalStateException(method.describe() + " must return Flux<" + domainType.getSimpleName()
					+ "> or Mono<" + domainType.getSimpleName() + ">; projections are not supported");
		}
	}

	@Override
	public Object execute(@Nullable Object[] parameters) {
		TenantContext tenant = TenantScopedQueries.context(parameters, this.method);
		RelationalParameterAccessor accessor = new RelationalParametersParameterAccessor(this.method, parameters);
		Query query = new QueryCreator(this.tree, accessor).createQuery();
		if (this.tree.isDelete()) {
			return TenantScopedQueries.adaptCount(this.template.delete(tenant, query, this.domainType), this.method);
		}
		if (this.tree.isCountProjection()) {
			return TenantScopedQueries.adaptCount(this.template.count(tenant, query, this.domainType), this.method);
		}
		if (this.tree.isExistsProjection()) {
			return this.template.exists(tenant, query, this.domainType);
		}
		Pageable pageable = accessor.getPageable();
		if (isPageOrSlice(this.method)) {
			return pageOrSlice(tenant, query, pageable);
		}
		if (pageable.isPaged()) {
			query = this.template.pagedQuery(query, pageable, this.domainType);
		}
		else if (query.isSorted()) {
			query = Query.query(criteriaOf(query)).sort(this.template.stableSort(query.getSort(), this.domainType));
		}
		int limit = limit(accessor);
		if (limit > 0) {
			query = query.limit(Math.min(limit, (query.getLimit() > 0) ? query.getLimit() : limit));
		}
		if (this.method.isCollectionQuery()) {
			return this.template.select(tenant, query, this.domainType);
		}
		if (this.tree.isLimiting()) {
			return this.template.select(tenant, query.limit(1), this.domainType).next();
		}
		Flux<?> rows = this.template.select(tenant, query.limit(2), this.domainType);
		return rows.collectList().handle((list, sink) -> {
			if (list.size() > 1) {
				sink.error(new IncorrectResultSizeDataAccessException(1, list.size()));
			}
			else if (list.size() == 1) {
				sink.next(list.get(0));
			}
		});
	}

	private Mono<?> pageOrSlice(TenantContext tenant, Query query, Pageable pageable) {
		if (pageable.isUnpaged()) {
			throw new IllegalArgumentException("'pageable' of " + this.method.describe() + " must be paged");
		}
		Query page = this.template.pagedQuery(query, pageable, this.domainType);
		if (Page.class.equals(TenantScopedQueries.elementType(this.method.method()))) {
			return this.template.select(tenant, page, this.domainType)
				.collectList()
				.zipWith(this.template.count(tenant, Query.query(criteriaOf(query)), this.domainType))
				.map((result) -> new PageImpl<>(result.getT1(), pageable, result.getT2()));
		}
		// A slice reads one row more than it shows, to know whether another follows.
		return this.template.select(tenant, page.limit(pageable.getPageSize() + 1), this.domainType)
			.collectList()
			.map((rows) -> {
				boolean hasNext = rows.size() > pageable.getPageSize();
				return new SliceImpl<>(hasNext ? rows.subList(0, pageable.getPageSize()) : rows, pageable, hasNext);
			});
	}

	private int limit(RelationalParameterAccessor accessor) {
		int limit = 0;
		Integer maxResults = this.tree.getMaxResults();
		if (this.tree.isLimiting() && maxResults != null) {
			limit = maxResults;
		}
		Limit dynamic = accessor.getLimit();
		if (dynamic.isLimited()) {
			limit = (limit > 0) ? Math.min(limit, dynamic.max()) : dynamic.max();
		}
		return limit;
	}

	private static Criteria criteriaOf(Query query) {
		return query.getCriteria().map(Criteria.class::cast).orElse(Criteria.empty());
	}

	@Override
	public QueryMethod getQueryMethod() {
		return this.method;
	}

	/**
	 * Turns the parts of the method name into criteria and the sort of the name, the
	 * {@code Sort} or the {@code Pageable} into the query's sort.
	 */
	private static final class QueryCreator extends RelationalQueryCreator<Query> {

		QueryCreator(PartTree tree, RelationalParameterAccessor accessor) {
			super(tree, accessor);
		}

		@Override
		protected Query complete(@Nullable Criteria criteria, Sort sort) {
			Query query = (criteria != null) ? Query.query(criteria) : Query.empty();
			return sort.isSorted() ? query.sort(sort) : query;
		}

	}

}
