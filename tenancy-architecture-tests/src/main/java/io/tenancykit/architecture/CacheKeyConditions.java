package io.tenancykit.architecture;

import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The implementation of {@link TenancyConditions#keyTenantScopedCachesByTenant()}: reads
 * the cache annotations of tenant-scoped methods and checks that their keys include the
 * tenant.
 */
final class CacheKeyConditions {

	static ArchCondition<JavaClass> keyTenantScopedCachesByTenant() {
		return new ArchCondition<>("key the caches of tenant-scoped methods by the tenant") {

			@Override
			public void check(JavaClass item, ConditionEvents events) {
				for (JavaMethod method : item.getMethods()) {
					Optional<JavaAnnotation<?>> cache = cacheAnnotation(item, method);
					if (cache.isEmpty() || !TenancyPredicates.tenantScopedMethod().test(method)) {
						continue;
					}
					String keyGenerator = attribute(cache.get(), "keyGenerator");
					String key = attribute(cache.get(), "key");
					if (!keyGenerator.isEmpty() || keyIncludesTenant(method, key)) {
						continue;
					}
					String reason = key.isEmpty() ? "the default key of its parameters, none of which is a tenant"
							: "key <" + key + ">, which does not include the tenant";
					events.add(SimpleConditionEvent.violated(method,
							"Method <" + method.getFullName() + "> caches tenant-scoped results under " + reason
									+ " in " + method.getSourceCodeLocation()));
				}
			}

		};
	}

	private static Optional<JavaAnnotation<?>> cacheAnnotation(JavaClass owner, JavaMethod method) {
		for (String type : List.of(KitTypes.CACHEABLE, KitTypes.CACHE_PUT)) {
			Optional<JavaAnnotation<?>> annotation = TenancyPredicates.findAnnotation(method.getAnnotations(), type);
			if (annotation.isEmpty() && method.getModifiers().contains(JavaModifier.PUBLIC)) {
				annotation = TenancyPredicates.findAnnotation(owner.getAnnotations(), type);
			}
			if (annotation.isPresent()) {
				return annotation;
			}
		}
		return Optional.empty();
	}

	private static boolean keyIncludesTenant(JavaMethod method, String key) {
		List<Integer> tenantParameters = TenancyPredicates.tenantParameters(method);
		if (key.isEmpty()) {
			return !tenantParameters.isEmpty();
		}
		if (key.toLowerCase(Locale.ROOT).contains("tenant") || key.matches(".*#root\\.args(?!\\s*\\[).*")) {
			return true;
		}
		List<String> names = parameterNames(method);
		for (int position : tenantParameters) {
			List<String> references = new ArrayList<>(List.of("#p" + position, "#a" + position));
			if (position < names.size()) {
				references.add("#" + names.get(position));
			}
			for (String reference : references) {
				if (key.matches(".*" + Pattern.quote(reference) + "(?![\\w$]).*")) {
					return true;
				}
			}
			if (key.matches(".*#root\\.args\\s*\\[\\s*" + position + "\\s*].*")) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Return the parameter names if the class was compiled with {@code -parameters} and
	 * can be loaded, an empty list otherwise.
	 */
	private static List<String> parameterNames(JavaMethod method) {
		try {
			Parameter[] parameters = method.reflect().getParameters();
			if (parameters.length == 0 || !parameters[0].isNamePresent()) {
				return List.of();
			}
			return Arrays.stream(parameters).map(Parameter::getName).toList();
		}
		catch (RuntimeException | LinkageError ex) {
			return List.of();
		}
	}

	static String attribute(JavaAnnotation<?> annotation, String name) {
		return annotation.get(name).filter(String.class::isInstance).map(String.class::cast).orElse("").strip();
	}

	private CacheKeyConditions() {
	}

}
