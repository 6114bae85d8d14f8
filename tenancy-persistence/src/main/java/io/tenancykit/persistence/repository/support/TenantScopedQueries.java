package io.tenancykit.persistence.repository.support;

import java.lang.reflect.Method;
import java.util.Objects;

import io.tenancykit.api.TenantContext;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.ResolvableType;

/**
 * What the two kinds of tenant-scoped queries share: reading the context and adapting
 * counts to the declared result type.
 */
final class TenantScopedQueries {

	private TenantScopedQueries() {
	}

	static TenantContext context(@Nullable Object[] parameters, TenantScopedQueryMethod method) {
		Object context = (parameters.length > 0) ? parameters[0] : null;
		if (context == null) {
			throw new NullPointerException("'tenant' of " + method.describe() + " must not be null");
		}
		return (TenantContext) context;
	}

	/**
	 * Return the element type of a method's reactive result, such as {@code Long} for
	 * {@code Mono<Long>}.
	 * @param method the method
	 * @return the element type, or {@code Object} when unresolvable
	 */
	static Class<?> elementType(Method method) {
		ResolvableType type = ResolvableType.forMethodReturnType(method);
		Class<?> element = type.getGeneric(0).resolve();
		return (element != null) ? element : Object.class;
	}

	static boolean returnsMono(Method method) {
		return Mono.class.equals(method.getReturnType());
	}

	static boolean returnsFlux(Method method) {
		return Flux.class.equals(method.getReturnType());
	}

	/**
	 * Check, at startup, that a method returning the number of affected rows declares a
	 * type the count can be adapted to.
	 * @param method the query method
	 * @param what what the count is, for the message
	 */
	static void requireCountResult(TenantScopedQueryMethod method, String what) {
		Class<?> element = elementType(method.method());
		if (!returnsMono(method.method()) || !(element == Void.class || element == Long.class
				|| element == Integer.class || element == Boolean.class)) {
			throw new IllegalStateException(method.describe() + " must return Mono<Long>, Mono<Integer>,"
					+ " Mono<Boolean> or Mono<Void> for " + what);
		}
	}

	static Object adaptCount(Mono<Long> count, TenantScopedQueryMethod method) {
		Class<?> element = elementType(method.method());
		if (element == Void.class) {
			return count.then();
		}
		if (element == Integer.class) {
			return count.map(Long::intValue);
		}
		if (element == Boolean.class) {
			return count.map((rows) -> rows > 0);
		}
		return Objects.requireNonNull(count);
	}

}
