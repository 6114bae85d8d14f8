package io.tenancykit.persistence.repository.support;

import java.util.LinkedHashMap;
import java.util.Map;

import io.r2dbc.spi.Parameters;
import io.tenancykit.api.TenantContext;
import io.tenancykit.persistence.repository.TenantScopedTemplate;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

import org.springframework.dao.IncorrectResultSizeDataAccessException;
import org.springframework.data.repository.query.Parameter;
import org.springframework.data.repository.query.QueryMethod;
import org.springframework.data.repository.query.RepositoryQuery;

/**
 * A query method annotated with Spring Data R2DBC's {@code @Query}: its SQL must restrict
 * {@code tenant_id} with the named parameter {@code :tenant_id}, bound from the
 * {@link TenantContext}; the other parameters bind by name. A {@code SELECT} gets the
 * inline tenant setting by wrapping; a {@code @Modifying} statement runs after setting
 * the tenant in the caller's transaction or a new one.
 */
final class StringBasedTenantScopedQuery implements RepositoryQuery {

	private final TenantScopedQueryMethod method;

	private final TenantScopedTemplate template;

	private final String sql;

	StringBasedTenantScopedQuery(TenantScopedQueryMethod method, TenantScopedTemplate template, String sql) {
		this.method = method;
		this.template = template;
		this.sql = sql;
		if (!TenantScopedTemplate.referencesTenantParameter(sql)) {
			throw new IllegalStateException("@Query of " + method.describe()
					+ " must restrict tenant_id with the named parameter :tenant_id, which the kit binds from the"
					+ " TenantContext");
		}
		if (method.getParameters().hasSortParameter() || method.getParameters().hasPageableParameter()
				|| method.getParameters().hasLimitParameter()) {
			throw new IllegalStateException(
					"@Query of " + method.describe() + " must not take Sort, Pageable or Limit: write them in the SQL");
		}
		for (Parameter parameter : method.getParameters().getBindableParameters()) {
			String name = parameter.getName()
				.orElseThrow(() -> new IllegalStateException("Parameter " + parameter.getIndex() + " of "
						+ method.describe() + " has no name: compile with -parameters or annotate it with @Param"));
			if (TenantScopedTemplate.TENANT_ID_PARAMETER.equals(name)) {
				throw new IllegalStateException("Parameter tenant_id of " + method.describe()
						+ " must not be declared: :tenant_id is bound from the TenantContext");
			}
		}
		if (method.isModifyingQuery()) {
			TenantScopedQueries.requireCountResult(method, "the number of affected rows");
		}
		else if (!TenantScopedQueries.returnsFlux(method.method())
				&& !TenantScopedQueries.returnsMono(method.method())) {
			throw new IllegalStateException(method.describe() + " must return Flux or Mono");
		}
	}

	@Override
	public Object execute(@Nullable Object[] parameters) {
		TenantContext tenant = TenantScopedQueries.context(parameters, this.method);
		Map<String, Object> named = new LinkedHashMap<>();
		for (Parameter parameter : this.method.getParameters().getBindableParameters()) {
			Object value = parameters[parameter.getIndex()];
			named.put(parameter.getRequiredName(), (value != null) ? value : Parameters.in(parameter.getType()));
		}
		if (this.method.isModifyingQuery()) {
			return TenantScopedQueries.adaptCount(this.template.execute(tenant, this.sql, named), this.method);
		}
		Class<?> resultType = TenantScopedQueries.elementType(this.method.method());
		Flux<?> rows = this.template.query(tenant, this.sql, named, resultType);
		if (TenantScopedQueries.returnsFlux(this.method.method())) {
			return rows;
		}
		return rows.take(2).collectList().handle((list, sink) -> {
			if (list.size() > 1) {
				sink.error(new IncorrectResultSizeDataAccessException(1, list.size()));
			}
			else if (list.size() == 1) {
				sink.next(list.get(0));
			}
		});
	}

	@Override
	public QueryMethod getQueryMethod() {
		return this.method;
	}

}
