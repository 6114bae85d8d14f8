package io.tenancykit.architecture;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The implementation of
 * {@link TenancyConditions#takeTenantContextFirstInPublicMethods()}: collects the public
 * methods of a tenant-scoped repository, mixins included, and checks that each takes a
 * {@code TenantContext} first.
 */
final class RepositoryMethodConditions {

	static ArchCondition<JavaClass> takeTenantContextFirstInPublicMethods() {
		return new ArchCondition<>("take a TenantContext as the first parameter of every public method") {

			@Override
			public void check(JavaClass item, ConditionEvents events) {
				for (JavaMethod method : repositoryMethods(item)) {
					if (isTenantScopedOperation(method) && !takesTenantContextFirst(method)) {
						events.add(SimpleConditionEvent.violated(method,
								"Method <" + method.getFullName() + "> of tenant-scoped repository <" + item.getName()
										+ "> does not take a TenantContext as its first parameter in "
										+ method.getSourceCodeLocation()));
					}
				}
			}

		};
	}

	/**
	 * The methods a repository declares, and those it inherits from interfaces that are
	 * not tenant-scoped repositories themselves (mixins such as {@code interface
	 * ProjectSearch { Flux<Project> search(String text); }}), unless it declares them
	 * again. Methods of tenant-scoped super-interfaces and superclasses are checked where
	 * they are declared.
	 */
	static List<JavaMethod> repositoryMethods(JavaClass repository) {
		List<JavaMethod> methods = new ArrayList<>(repository.getMethods());
		Set<String> declared = new HashSet<>();
		repository.getMethods().forEach((method) -> declared.add(signature(method)));
		Set<String> visited = new HashSet<>();
		Deque<JavaClass> mixins = new ArrayDeque<>(repository.getRawInterfaces());
		while (!mixins.isEmpty()) {
			JavaClass mixin = mixins.pop();
			if (TenancyPredicates.tenantScopedRepository().test(mixin) || !visited.add(mixin.getName())) {
				continue;
			}
			for (JavaMethod method : mixin.getMethods()) {
				if (declared.add(signature(method))) {
					methods.add(method);
				}
			}
			mixins.addAll(mixin.getRawInterfaces());
		}
		return methods;
	}

	private static String signature(JavaMethod method) {
		return method.getName() + method.getRawParameterTypes().stream().map(JavaClass::getName).toList();
	}

	private static boolean isTenantScopedOperation(JavaMethod method) {
		return method.getModifiers().contains(JavaModifier.PUBLIC)
				&& !method.getModifiers().contains(JavaModifier.SYNTHETIC)
				&& !method.getModifiers().contains(JavaModifier.BRIDGE) && !isObjectMethod(method);
	}

	private static boolean takesTenantContextFirst(JavaMethod method) {
		List<JavaClass> parameters = method.getRawParameterTypes();
		return !parameters.isEmpty() && parameters.get(0).getName().equals(KitTypes.TENANT_CONTEXT);
	}

	private static boolean isObjectMethod(JavaMethod method) {
		List<JavaClass> parameters = method.getRawParameterTypes();
		return switch (method.getName()) {
			case "equals" -> parameters.size() == 1 && parameters.get(0).getName().equals(Object.class.getName());
			case "hashCode", "toString" -> parameters.isEmpty();
			default -> false;
		};
	}

	private RepositoryMethodConditions() {
	}

}
