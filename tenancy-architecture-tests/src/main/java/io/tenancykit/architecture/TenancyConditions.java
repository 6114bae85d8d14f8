package io.tenancykit.architecture;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * Conditions of the rules that ArchUnit's fluent API cannot express. Each violation names
 * the class or member and its source location.
 */
final class TenancyConditions {

	private TenancyConditions() {
	}

	/**
	 * Apply {@code condition} only to the classes matching {@code scope}; other classes
	 * produce no event. The rule's subject stays "all imported classes", so that an empty
	 * import still fails the rule while a project without, say, handlers passes it.
	 */
	static ArchCondition<JavaClass> onlyFor(DescribedPredicate<? super JavaClass> scope,
			ArchCondition<JavaClass> condition) {
		return new ArchCondition<>(condition.getDescription() + " (" + scope.getDescription() + ")") {

			@Override
			public void init(Collection<JavaClass> allObjectsToTest) {
				condition.init(allObjectsToTest);
			}

			@Override
			public void check(JavaClass item, ConditionEvents events) {
				if (scope.test(item)) {
					condition.check(item, events);
				}
			}

			@Override
			public void finish(ConditionEvents events) {
				condition.finish(events);
			}

		};
	}

	static ArchCondition<JavaClass> notHaveStaticTenantFields() {
		return new ArchCondition<>("not have static fields of a tenant type") {

			@Override
			public void check(JavaClass item, ConditionEvents events) {
				for (JavaField field : item.getFields()) {
					if (field.getModifiers().contains(JavaModifier.STATIC)
							&& TenancyPredicates.involvesAny(field.getType(), KitTypes.TENANT_STATE)) {
						events.add(SimpleConditionEvent.violated(field,
								"Field <" + field.getFullName() + "> is static and holds tenant state of type <"
										+ field.getType().getName() + "> in " + field.getSourceCodeLocation()));
					}
				}
			}

		};
	}

	static ArchCondition<JavaClass> notHaveTenantContextFields() {
		return new ArchCondition<>("not have fields holding a TenantContext") {

			@Override
			public void check(JavaClass item, ConditionEvents events) {
				for (JavaField field : item.getFields()) {
					if (TenancyPredicates.involvesAny(field.getType(), List.of(KitTypes.TENANT_CONTEXT))) {
						events.add(SimpleConditionEvent.violated(field,
								"Field <" + field.getFullName() + "> of component <" + item.getName()
										+ "> holds a TenantContext in " + field.getSourceCodeLocation()));
					}
				}
			}

		};
	}

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
	private static List<JavaMethod> repositoryMethods(JavaClass repository) {
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

	static ArchCondition<JavaClass> declareTenantContextWhereTheyReachRepositories() {
		return new ArchCondition<>(
				"declare a TenantContext parameter in methods that call a tenant-scoped repository or template") {

			@Override
			public void check(JavaClass item, ConditionEvents events) {
				for (JavaCodeUnit codeUnit : item.getCodeUnits()) {
					if (TenancyPredicates.takes(codeUnit, KitTypes.TENANT_CONTEXT)
							|| TenancyPredicates.takes(codeUnit, KitTypes.SERVER_REQUEST)) {
						continue;
					}
					for (JavaAccess<?> access : tenantDataAccesses(codeUnit)) {
						events.add(SimpleConditionEvent.violated(codeUnit,
								codeUnit.getDescription() + " declares no TenantContext parameter but calls <"
										+ access.getTarget().getFullName() + "> in " + access.getSourceCodeLocation()));
					}
				}
			}

		};
	}

	private static List<JavaAccess<?>> tenantDataAccesses(JavaCodeUnit codeUnit) {
		List<JavaAccess<?>> accesses = new ArrayList<>();
		codeUnit.getCallsFromSelf().stream().filter(TenancyPredicates::reachesTenantScopedData).forEach(accesses::add);
		codeUnit.getCodeUnitReferencesFromSelf()
			.stream()
			.filter(TenancyPredicates::reachesTenantScopedData)
			.forEach(accesses::add);
		return accesses;
	}

	static ArchCondition<JavaClass> markTheirOwningTenantIfTheyHoldATenant() {
		return new ArchCondition<>("mark their owning tenant when they hold a tenant") {

			@Override
			public void check(JavaClass item, ConditionEvents events) {
				if (TenancyPredicates.residesIn(item, KitTypes.API_PACKAGE)) {
					return;
				}
				List<JavaField> tenantFields = TenantOwnership.tenantFields(item);
				if (tenantFields.isEmpty() || TenantOwnership.marksItsOwningTenant(item)) {
					return;
				}
				for (JavaField field : tenantFields) {
					events.add(SimpleConditionEvent.violated(field,
							"Class <" + item.getName() + "> holds a tenant in field <" + field.getFullName()
									+ "> but marks no owning tenant (TenantOwned, @OwningTenant or "
									+ "@Column(\"tenant_id\")) in " + field.getSourceCodeLocation()));
				}
			}

		};
	}

	static ArchCondition<JavaClass> notBeSpringDataRepositoriesOfTenantOwnedEntities() {
		return new ArchCondition<>("not be Spring Data repositories of tenant-owned entities") {

			@Override
			public void check(JavaClass item, ConditionEvents events) {
				if (!SpringDataRepositories.isRepository(item)) {
					return;
				}
				for (JavaClass entity : SpringDataRepositories.domainTypes(item)) {
					if (TenantOwnership.isTenantOwnedData(entity)) {
						events.add(SimpleConditionEvent.violated(item,
								"Class <" + item.getName() + "> is a Spring Data repository of tenant-owned entity <"
										+ entity.getName() + "> in " + item.getSourceCodeLocation()));
					}
				}
			}

		};
	}

}
