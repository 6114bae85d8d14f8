package io.tenancykit.architecture;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaParameterizedType;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.domain.JavaTypeVariable;

/**
 * Resolves the first type argument a class binds for a generic supertype, following type
 * variables through intermediate generic supertypes ({@code class A extends B<Order>},
 * {@code class B<T> extends TenantScopedRepository<T>} resolves to {@code Order}).
 */
final class TypeArguments {

	private TypeArguments() {
	}

	/**
	 * Return the concrete class bound to the first type parameter of the nearest
	 * supertype matching {@code target}, or empty when it is not a concrete class (a raw
	 * supertype, an unbound type variable, a wildcard).
	 */
	static Optional<JavaClass> firstTypeArgument(JavaClass javaClass, Predicate<JavaClass> target) {
		return resolve(javaClass, Map.of(), target, new HashSet<>());
	}

	private static Optional<JavaClass> resolve(JavaClass javaClass, Map<String, JavaType> bindings,
			Predicate<JavaClass> target, Set<String> visited) {
		if (!visited.add(javaClass.getName())) {
			return Optional.empty();
		}
		for (JavaType supertype : supertypes(javaClass)) {
			JavaClass raw = supertype.toErasure();
			List<JavaType> arguments = arguments(supertype, bindings);
			if (target.test(raw)) {
				if (!arguments.isEmpty() && arguments.get(0) instanceof JavaClass argument) {
					return Optional.of(argument);
				}
				continue;
			}
			Map<String, JavaType> next = new HashMap<>();
			List<? extends JavaTypeVariable<?>> parameters = raw.getTypeParameters();
			for (int i = 0; i < Math.min(parameters.size(), arguments.size()); i++) {
				next.put(parameters.get(i).getName(), arguments.get(i));
			}
			Optional<JavaClass> resolved = resolve(raw, next, target, visited);
			if (resolved.isPresent()) {
				return resolved;
			}
		}
		return Optional.empty();
	}

	private static List<JavaType> supertypes(JavaClass javaClass) {
		List<JavaType> supertypes = new ArrayList<>();
		javaClass.getSuperclass().ifPresent(supertypes::add);
		supertypes.addAll(javaClass.getInterfaces());
		return supertypes;
	}

	private static List<JavaType> arguments(JavaType type, Map<String, JavaType> bindings) {
		if (!(type instanceof JavaParameterizedType parameterized)) {
			return List.of();
		}
		return parameterized.getActualTypeArguments().stream().map((argument) -> bind(argument, bindings)).toList();
	}

	private static JavaType bind(JavaType argument, Map<String, JavaType> bindings) {
		if (argument instanceof JavaTypeVariable<?> variable) {
			return bindings.getOrDefault(variable.getName(), argument);
		}
		return argument;
	}

}
