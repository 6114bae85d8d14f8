package io.tenancykit.persistence.repository.support;

import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.data.projection.ProjectionFactory;
import org.springframework.data.r2dbc.repository.Modifying;
import org.springframework.data.r2dbc.repository.Query;
import org.springframework.data.repository.core.RepositoryMetadata;
import org.springframework.data.repository.query.QueryMethod;
import org.springframework.data.core.ReactiveWrappers;

/**
 * A query method of a tenant-scoped repository: Spring Data's query method with the
 * {@link io.tenancykit.api.TenantContext} as a special parameter and Spring Data R2DBC's
 * {@link Query @Query} and {@link Modifying @Modifying} annotations.
 */
final class TenantScopedQueryMethod extends QueryMethod {

	private final Method method;

	private final @Nullable String annotatedQuery;

	private final boolean modifying;

	TenantScopedQueryMethod(Method method, RepositoryMetadata metadata, ProjectionFactory factory) {
		super(method, metadata, factory, TenantScopedParameters::new);
		this.method = method;
		Query query = AnnotatedElementUtils.findMergedAnnotation(method, Query.class);
		this.annotatedQuery = (query != null) ? query.value() : null;
		this.modifying = AnnotatedElementUtils.hasAnnotation(method, Modifying.class);
	}

	@Override
	public boolean isStreamQuery() {
		// Reactive results are streams: Pageable methods return Flux, as in Spring Data
		// R2DBC.
		return true;
	}

	@Override
	public boolean isCollectionQuery() {
		// As in Spring Data R2DBC: a multi-value wrapper (Flux) is a collection; Spring
		// Data Commons would see Flux<Project> as a single Project.
		return ReactiveWrappers.isMultiValueType(this.method.getReturnType());
	}

	@Override
	public boolean isModifyingQuery() {
		return this.modifying;
	}

	@Nullable String annotatedQuery() {
		return this.annotatedQuery;
	}

	Class<?> domainType() {
		return getDomainClass();
	}

	Method method() {
		return this.method;
	}

	String describe() {
		return describe(this.method);
	}

	static String describe(Method method) {
		StringBuilder description = new StringBuilder(method.getDeclaringClass().getSimpleName()).append('.')
			.append(method.getName())
			.append('(');
		Class<?>[] types = method.getParameterTypes();
		for (int i = 0; i < types.length; i++) {
			description.append((i > 0) ? ", " : "").append(types[i].getSimpleName());
		}
		return description.append(')').toString();
	}

}
