package io.tenancykit.architecture;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaParameterizedType;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.domain.JavaTypeVariable;

/**
 * Resolves the first type argument a class binds for generic supertypes, following type
 * variables through intermediate generic supertypes
 * ({@code interface A extends B<Order>},
 * {@code interface B<T> extends ReactiveCrudRepository<T, UUID>} resolves to
 * {@code Order}).
 */
final class TypeArguments {

	private TypeArguments() {
	}

	/**
	 * Return the concrete classes bound to the first type parameter of every supertype
	 * matching {@code target} that the class reaches through supertypes not matching it.
	 * A supertype that binds no concrete class (a raw supertype, an unbound type
	 * variable, a wildcard) contributes nothing.
	 */
	static Set<JavaClass> firstTypeArguments(JavaClass javaClass, Predicate<JavaClass> target) {
		Set<JavaClass> found = new LinkedHashSet<>();
		resolve(javaClass, Map.of(), target, new HashSet<>(), found);
		return found;
	}

	private static void resolve(JavaClass javaClass, Map<String, JavaType> bindings, Predicate<JavaClass> target,
			Set<String> visited, Set<JavaClass> found) {
		// The same interface may be reached through several paths with other bindings.
		if (!visited.add(javaClass.getName() + bindingNames(bindings))) {
			return;
		}
		for (JavaType supertype : supertypes(javaClass)) {
			JavaClass raw = supertype.toErasure();
			List<JavaType> arguments = arguments(supertype, bindings);
			if (target.test(raw)) {
				if (!arguments.isEmpty() && arguments.get(0) instanceof JavaClass argument) {
					found.add(argument);
				}
				continue;
			}
			Map<String, JavaType> next = new HashMap<>();
			List<? extends JavaTypeVariable<?>> parameters = raw.getTypeParameters();
			for (int i = 0; i < Math.min(parameters.size(), arguments.size()); i++) {
				next.put(parameters.get(i).getName(), arguments.get(i));
			}
			resolve(raw, next, target, visited, found);
		}
	}

	private static String bindingNames(Map<String, JavaType> bindings) {
		Map<String, String> names = new TreeMap<>();
		bindings.forEach((variable, type) -> names.put(variable, type.getName()));
		return names.toString();
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
