package io.tenancykit.architecture;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

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
				for (JavaMethod method : item.getMethods()) {
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
				"declare a TenantContext parameter in methods that call a tenant-scoped repository") {

			@Override
			public void check(JavaClass item, ConditionEvents events) {
				for (JavaCodeUnit codeUnit : item.getCodeUnits()) {
					if (TenancyPredicates.takes(codeUnit, KitTypes.TENANT_CONTEXT)
							|| TenancyPredicates.takes(codeUnit, KitTypes.SERVER_REQUEST)) {
						continue;
					}
					for (JavaAccess<?> access : repositoryAccesses(codeUnit)) {
						events.add(SimpleConditionEvent.violated(codeUnit,
								codeUnit.getDescription() + " declares no TenantContext parameter but calls <"
										+ access.getTarget().getFullName() + "> in " + access.getSourceCodeLocation()));
					}
				}
			}

		};
	}

	private static List<JavaAccess<?>> repositoryAccesses(JavaCodeUnit codeUnit) {
		List<JavaAccess<?>> accesses = new ArrayList<>();
		codeUnit.getCallsFromSelf()
			.stream()
			.filter(TenancyPredicates::reachesTenantScopedRepository)
			.forEach(accesses::add);
		codeUnit.getCodeUnitReferencesFromSelf()
			.stream()
			.filter(TenancyPredicates::reachesTenantScopedRepository)
			.forEach(accesses::add);
		return accesses;
	}

	static ArchCondition<JavaClass> implementTenantOwnedIfTheyHoldATenantId() {
		return new ArchCondition<>("implement TenantOwned when they declare a tenantId of type TenantId") {

			@Override
			public void check(JavaClass item, ConditionEvents events) {
				if (TenancyPredicates.residesIn(item, KitTypes.API_PACKAGE)
						|| item.isAssignableTo(KitTypes.TENANT_OWNED)) {
					return;
				}
				for (JavaField field : item.getFields()) {
					if (TenancyPredicates.isTenantIdField(field)) {
						events.add(SimpleConditionEvent.violated(field,
								"Class <" + item.getName() + "> declares field <" + field.getFullName()
										+ "> of type TenantId but does not implement TenantOwned in "
										+ field.getSourceCodeLocation()));
					}
				}
			}

		};
	}

	static ArchCondition<JavaClass> notBeSpringDataRepositoriesOfTenantOwnedEntities() {
		return new ArchCondition<>("not be Spring Data repositories of tenant-owned entities") {

			@Override
			public void check(JavaClass item, ConditionEvents events) {
				if (!item.isAssignableTo(KitTypes.SPRING_DATA_REPOSITORY) || isSpringData(item)) {
					return;
				}
				Optional<JavaClass> entity = TypeArguments.firstTypeArgument(item, TenancyConditions::isSpringData);
				if (entity.isPresent() && isTenantOwnedData(entity.get())) {
					events.add(SimpleConditionEvent.violated(item,
							"Class <" + item.getName() + "> is a Spring Data repository of tenant-owned entity <"
									+ entity.get().getName() + "> in " + item.getSourceCodeLocation()));
				}
			}

		};
	}

	/**
	 * Spring Data's own repository interfaces, which all declare the domain type as their
	 * first type parameter.
	 */
	private static boolean isSpringData(JavaClass type) {
		return type.getPackageName().startsWith("org.springframework.data.")
				&& type.isAssignableTo(KitTypes.SPRING_DATA_REPOSITORY);
	}

	/**
	 * Spring Data entities usually map the tenant column to a plain {@code UUID}, so a
	 * field named {@code tenantId} of any type marks the entity as tenant-owned here.
	 */
	private static boolean isTenantOwnedData(JavaClass entity) {
		return entity.isAssignableTo(KitTypes.TENANT_OWNED)
				|| entity.getAllFields().stream().anyMatch((field) -> field.getName().equals(KitTypes.TENANT_ID_FIELD));
	}

}
