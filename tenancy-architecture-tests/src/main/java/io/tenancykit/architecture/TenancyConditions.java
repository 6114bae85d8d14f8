package io.tenancykit.architecture;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
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
 * The conditions of {@link TenancyArchitectureRules} that ArchUnit's fluent API cannot
 * express, published for rules of your own. Each violation names the class or member and
 * its source location:
 *
 * <pre class="code">
 * &#64;ArchTest
 * static final ArchRule jobsAreStateless = classes().that().resideInAPackage("com.acme.jobs..")
 *     .should(TenancyConditions.notHoldTenantsInFields());
 * </pre>
 */
public final class TenancyConditions {

	private TenancyConditions() {
	}

	/**
	 * Apply {@code condition} only to the classes matching {@code scope}; other classes
	 * produce no event. The rule's subject stays "all imported classes", so that an empty
	 * import still fails the rule while a project without, say, handlers passes it.
	 * @param scope the classes to check, must not be {@literal null}
	 * @param condition the condition, must not be {@literal null}
	 * @return the scoped condition
	 */
	public static ArchCondition<JavaClass> onlyFor(DescribedPredicate<? super JavaClass> scope,
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

	/**
	 * Call, or take a method reference to, a method or constructor matching
	 * {@code target}; each match is a satisfied event described like ArchUnit's
	 * {@code callMethodWhere} ({@code Method <A.m()> calls method <B.n()>}, or
	 * {@code references method} for a method reference), so that
	 * {@code noClasses().should(...)} reports every one. Calls and references inside
	 * lambdas count for the method declaring the lambda.
	 */
	static ArchCondition<JavaClass> callOrReferenceMethodsWhere(String description,
			Predicate<AccessTarget.CodeUnitAccessTarget> target) {
		return new ArchCondition<>(description) {

			@Override
			public void check(JavaClass item, ConditionEvents events) {
				for (JavaCodeUnit codeUnit : item.getCodeUnits()) {
					for (JavaAccess<?> access : accesses(codeUnit)) {
						if (access.getTarget() instanceof AccessTarget.CodeUnitAccessTarget codeUnitTarget
								&& target.test(codeUnitTarget)) {
							events.add(SimpleConditionEvent.satisfied(access, access.getDescription()));
						}
					}
				}
			}

		};
	}

	/**
	 * Keep no tenant in global state: no static field stores a tenant (see
	 * {@link TenancyPredicates#tenantStateField()}) or is a mutable field named for a
	 * tenant (see {@link TenancyPredicates#tenantNamedMutableField()}), and no instance
	 * field of a {@linkplain TenancyPredicates#staticSingleton() static singleton} (an
	 * enum, a class with a static {@code INSTANCE} of itself) does either, nor of a class
	 * whose instance any imported class keeps in a static field (a lazy {@code Holder}, a
	 * Kotlin-style {@code Companion}).
	 * @return the condition
	 */
	public static ArchCondition<JavaClass> notKeepTenantsInGlobalState() {
		return new ArchCondition<>("not keep a tenant in a static field or in a static singleton") {

			private final Set<String> heldStatically = new HashSet<>();

			@Override
			public void init(Collection<JavaClass> allObjectsToTest) {
				this.heldStatically.clear();
				for (JavaClass javaClass : allObjectsToTest) {
					for (JavaField field : javaClass.getFields()) {
						if (field.getModifiers().contains(JavaModifier.STATIC)
								&& !field.getModifiers().contains(JavaModifier.SYNTHETIC)) {
							this.heldStatically.add(field.getRawType().getName());
						}
					}
				}
			}

			@Override
			public void check(JavaClass item, ConditionEvents events) {
				boolean singleton = TenancyPredicates.staticSingleton().test(item)
						|| this.heldStatically.contains(item.getName());
				for (JavaField field : item.getFields()) {
					if (field.getModifiers().contains(JavaModifier.SYNTHETIC)) {
						continue;
					}
					boolean typed = TenancyPredicates.tenantStateField().test(field);
					if (!typed && !TenancyPredicates.tenantNamedMutableField().test(field)) {
						continue;
					}
					if (field.getModifiers().contains(JavaModifier.STATIC)) {
						events.add(SimpleConditionEvent.violated(field, "Field <" + field.getFullName() + "> is static"
								+ (typed ? " and holds tenant state" : ", mutable and named for a tenant,")
								+ " of type <" + typeName(field, typed) + "> in " + field.getSourceCodeLocation()));
					}
					else if (singleton) {
						events.add(SimpleConditionEvent.violated(field,
								"Field <" + field.getFullName() + "> of "
										+ (item.isEnum() ? "enum" : "static singleton") + " <" + item.getName() + "> "
										+ keeps(typed) + " of type <" + typeName(field, typed) + "> in "
										+ field.getSourceCodeLocation()));
					}
				}
			}

		};
	}

	/**
	 * Keep no tenant in a field, declared or inherited from a superclass (see
	 * {@link TenancyPredicates#tenantStateField()} and
	 * {@link TenancyPredicates#tenantNamedMutableField()}), for singleton components.
	 * Classes that an imported {@code @Bean} method returns are checked as well, whatever
	 * the scope of the rule says, since Spring makes them singletons too; the fields of
	 * one returned by a {@code @Bean} method annotated {@code @ConfigurationProperties}
	 * are bound once and are not judged by their names.
	 * @param components the classes known to be singletons, must not be {@literal null}
	 * @return the condition
	 */
	public static ArchCondition<JavaClass> notHoldTenantsInFields(DescribedPredicate<? super JavaClass> components) {
		// The description stays as it was: a frozen rule of your own built on this
		// condition is stored under it, and renaming it would silently freeze the
		// fields now found by name.
		return new ArchCondition<>("not hold a TenantContext, TenantId, TenantKey or Tenant in a field ("
				+ components.getDescription() + " and @Bean types)") {

			private final Set<String> beanTypes = new HashSet<>();

			private final Set<String> boundBeanTypes = new HashSet<>();

			@Override
			public void init(Collection<JavaClass> allObjectsToTest) {
				this.beanTypes.clear();
				this.boundBeanTypes.clear();
				for (JavaClass javaClass : allObjectsToTest) {
					for (JavaMethod method : javaClass.getMethods()) {
						if (TenancyPredicates.findAnnotation(method.getAnnotations(), KitTypes.BEAN).isPresent()) {
							this.beanTypes.add(method.getRawReturnType().getName());
							if (TenancyPredicates
								.findAnnotation(method.getAnnotations(), KitTypes.CONFIGURATION_PROPERTIES)
								.isPresent()) {
								this.boundBeanTypes.add(method.getRawReturnType().getName());
							}
						}
					}
				}
			}

			@Override
			public void check(JavaClass item, ConditionEvents events) {
				if (!components.test(item) && !this.beanTypes.contains(item.getName())) {
					return;
				}
				// A field the singleton inherits from a base class is its state as much
				// as one it declares.
				List<JavaField> fields = new ArrayList<>(item.getFields());
				item.getAllRawSuperclasses().forEach((superclass) -> fields.addAll(superclass.getFields()));
				// A @Bean method annotated @ConfigurationProperties binds the fields of
				// what it returns once, at startup, as the container binds a
				// @ConfigurationProperties class.
				boolean bound = this.boundBeanTypes.contains(item.getName());
				for (JavaField field : fields) {
					if (field.getModifiers().contains(JavaModifier.SYNTHETIC)) {
						continue;
					}
					boolean typed = TenancyPredicates.tenantStateField().test(field);
					if (typed || (!bound && TenancyPredicates.tenantNamedMutableField().test(field))) {
						events.add(SimpleConditionEvent.violated(field,
								"Field <" + field.getFullName() + "> of singleton <" + item.getName() + "> "
										+ keeps(typed) + " of type <" + typeName(field, typed) + "> in "
										+ field.getSourceCodeLocation()));
					}
				}
			}

		};
	}

	private static String keeps(boolean typed) {
		return typed ? "holds tenant state" : "is mutable and named for a tenant,";
	}

	/**
	 * Return the field's type as its declaration reads, {@code java.lang.String[]} rather
	 * than {@code [Ljava.lang.String;}, for the fields reported by name; the messages
	 * about tenant types keep the form a frozen violation store already recorded.
	 */
	private static String typeName(JavaField field, boolean typed) {
		JavaClass raw = field.getRawType();
		if (typed || !raw.isArray()) {
			return field.getType().getName();
		}
		StringBuilder dimensions = new StringBuilder();
		while (raw.isArray()) {
			dimensions.append("[]");
			raw = raw.getComponentType();
		}
		return raw.getName() + dimensions;
	}

	/**
	 * Run no statement and open no connection with a raw data access type (see
	 * {@link TenancyPredicates#rawDataAccessExecution()}); building such a bean is
	 * allowed. Calls inside lambdas count for the method declaring the lambda.
	 * @return the condition
	 */
	public static ArchCondition<JavaClass> notExecuteRawDataAccess() {
		return new ArchCondition<>("not run statements with raw data access types") {

			@Override
			public void check(JavaClass item, ConditionEvents events) {
				for (JavaCodeUnit codeUnit : item.getCodeUnits()) {
					for (JavaAccess<?> access : accesses(codeUnit)) {
						if (TenancyPredicates.executesRawDataAccess(access)) {
							events.add(SimpleConditionEvent.violated(codeUnit,
									codeUnit.getDescription() + " runs <" + access.getTarget().getFullName()
											+ "> in configuration code in " + access.getSourceCodeLocation()));
						}
					}
				}
			}

		};
	}

	/**
	 * Create no {@code TenantContext} (see
	 * {@link TenancyPredicates#tenantContextCreation()}) outside the code allowed to (see
	 * {@link TenancyPredicates#tenantContextFactory()}).
	 * @return the condition
	 */
	public static ArchCondition<JavaClass> notCreateTenantContexts() {
		return new ArchCondition<>("not create a TenantContext") {

			@Override
			public void check(JavaClass item, ConditionEvents events) {
				for (JavaCodeUnit codeUnit : item.getCodeUnits()) {
					if (TenancyPredicates.mayCreateTenantContexts(codeUnit)) {
						continue;
					}
					for (JavaAccess<?> access : accesses(codeUnit)) {
						if (TenancyPredicates.createsTenantContext(access)) {
							events.add(SimpleConditionEvent.violated(codeUnit,
									codeUnit.getDescription() + " creates a TenantContext with <"
											+ access.getTarget().getFullName() + "> in "
											+ access.getSourceCodeLocation()));
						}
					}
				}
			}

		};
	}

	/**
	 * Key every cache entry of a {@linkplain TenancyPredicates#tenantScopedMethod()
	 * tenant-scoped method} by its tenant: a method annotated {@code @Cacheable} or
	 * {@code @CachePut} (or in a class so annotated) either uses the default key, which
	 * is made of all parameters, and has a tenant parameter, or has a {@code key}
	 * expression that refers to a tenant parameter by name ({@code #tenant}, when
	 * compiled with {@code -parameters}), by position ({@code #p0}, {@code #a0},
	 * {@code #root.args[0]}) or through a property named like the tenant
	 * ({@code #command.tenantId()}). A method with a {@code keyGenerator} is not checked:
	 * the generator decides.
	 * @return the condition
	 */
	public static ArchCondition<JavaClass> keyTenantScopedCachesByTenant() {
		return CacheKeyConditions.keyTenantScopedCachesByTenant();
	}

	/**
	 * Restrict {@code tenant_id} with the named parameter {@code :tenant_id} in every
	 * statement a tenant-scoped repository declares: the value of every {@code @Query} on
	 * its methods, and every string constant that reads as a SQL statement
	 * ({@code SELECT ... FROM}, {@code INSERT INTO}, {@code UPDATE ... SET},
	 * {@code DELETE FROM}, {@code WITH ... AS (}) in a subclass of
	 * {@code TenantScopedRepository}, text blocks and constant concatenations included.
	 * The kit's own persistence module is not checked.
	 * @return the condition
	 */
	public static ArchCondition<JavaClass> bindTenantIdInTheirSql() {
		return SqlConditions.bindTenantIdInTheirSql();
	}

	private static List<JavaAccess<?>> accesses(JavaCodeUnit codeUnit) {
		List<JavaAccess<?>> accesses = new ArrayList<>(codeUnit.getCallsFromSelf());
		accesses.addAll(codeUnit.getCodeUnitReferencesFromSelf());
		return accesses;
	}

	/**
	 * Take a {@code TenantContext} first in every public method a tenant-scoped
	 * repository declares or inherits from a non-repository interface (equals, hashCode
	 * and toString excepted).
	 * @return the condition
	 */
	public static ArchCondition<JavaClass> takeTenantContextFirstInPublicMethods() {
		return RepositoryMethodConditions.takeTenantContextFirstInPublicMethods();
	}

	/**
	 * Declare a {@code TenantContext} (or {@code ServerRequest}) parameter in every
	 * method that calls a tenant-scoped repository or the {@code TenantScopedTemplate}.
	 * @return the condition
	 */
	public static ArchCondition<JavaClass> declareTenantContextWhereTheyReachRepositories() {
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

	/**
	 * Mark the owning tenant ({@code TenantOwned}, {@code @OwningTenant} or
	 * {@code @Column("tenant_id")}) in every class holding a {@code TenantId} other than
	 * its identity, or a field named {@code tenantId}.
	 * @return the condition
	 */
	public static ArchCondition<JavaClass> markTheirOwningTenantIfTheyHoldATenant() {
		return new ArchCondition<>("mark their owning tenant when they hold a tenant") {

			@Override
			public void check(JavaClass item, ConditionEvents events) {
				// The kit's change events name their tenant but are pointers, not
				// stored data.
				if (TenancyPredicates.residesIn(item, KitTypes.API_PACKAGE)
						|| TenancyPredicates.residesIn(item, KitTypes.PERSISTENCE_PACKAGE + ".changes")) {
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

	/**
	 * Not be a Spring Data repository (extending {@code Repository} or annotated
	 * {@code @RepositoryDefinition}) of a tenant-owned entity.
	 * @return the condition
	 */
	public static ArchCondition<JavaClass> notBeSpringDataRepositoriesOfTenantOwnedEntities() {
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
