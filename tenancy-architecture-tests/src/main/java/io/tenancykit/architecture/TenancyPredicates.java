package io.tenancykit.architecture;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaType;

/**
 * Class and access predicates shared by the rules. Every kit type is matched by name.
 */
final class TenancyPredicates {

	private TenancyPredicates() {
	}

	static boolean residesIn(JavaClass javaClass, String packageName) {
		String name = javaClass.getPackageName();
		return name.equals(packageName) || name.startsWith(packageName + ".");
	}

	static boolean isAssignableToAny(JavaClass javaClass, List<String> typeNames) {
		return typeNames.stream().anyMatch(javaClass::isAssignableTo);
	}

	static boolean isAnnotatedOrMetaAnnotatedWith(JavaClass javaClass, String annotation) {
		return javaClass.isAnnotatedWith(annotation) || javaClass.isMetaAnnotatedWith(annotation);
	}

	static boolean involvesAny(JavaType type, List<String> typeNames) {
		return type.getAllInvolvedRawTypes().stream().anyMatch((raw) -> typeNames.contains(raw.getName()));
	}

	/**
	 * Whether the class, or a class it is nested in, matches.
	 */
	static boolean selfOrEnclosing(JavaClass javaClass, DescribedPredicate<? super JavaClass> predicate) {
		Optional<JavaClass> current = Optional.of(javaClass);
		while (current.isPresent()) {
			if (predicate.test(current.get())) {
				return true;
			}
			current = current.get().getEnclosingClass();
		}
		return false;
	}

	/**
	 * Tenant-scoped repositories in both styles: interfaces extending
	 * {@code TenantScopedCrudRepository} (directly or through other interfaces), which
	 * the kit implements, and subclasses of {@code TenantScopedRepository}.
	 */
	static DescribedPredicate<JavaClass> tenantScopedRepository() {
		return DescribedPredicate.describe("tenant-scoped repositories",
				(javaClass) -> isAssignableToAny(javaClass, KitTypes.TENANT_SCOPED_REPOSITORIES));
	}

	/**
	 * Classes annotated (or meta-annotated) with {@code @Configuration}, which includes
	 * {@code @AutoConfiguration} and {@code @SpringBootApplication}.
	 */
	static DescribedPredicate<JavaClass> configuration() {
		return DescribedPredicate.describe("configuration classes",
				(javaClass) -> isAnnotatedOrMetaAnnotatedWith(javaClass, KitTypes.CONFIGURATION)
						|| javaClass.isAnnotatedWith(KitTypes.AUTO_CONFIGURATION));
	}

	/**
	 * Classes that may not use raw data access: all but the kit's persistence module and
	 * configuration classes, and classes nested in them. Tenant-scoped repositories are
	 * not exempt: they reach the database through the {@code TenantScopedTemplate} they
	 * are given.
	 */
	static DescribedPredicate<JavaClass> rawDataAccessForbidden() {
		DescribedPredicate<JavaClass> permitted = DescribedPredicate.describe("permitted",
				(javaClass) -> residesIn(javaClass, KitTypes.PERSISTENCE_PACKAGE) || configuration().test(javaClass));
		return DescribedPredicate.describe("outside the kit's persistence module and configuration classes",
				(javaClass) -> !selfOrEnclosing(javaClass, permitted));
	}

	static DescribedPredicate<JavaClass> rawDataAccessType() {
		return DescribedPredicate.describe("raw data access types",
				(javaClass) -> isAssignableToAny(javaClass, KitTypes.RAW_DATA_ACCESS)
						|| KitTypes.RAW_DATA_ACCESS_HELPERS.contains(javaClass.getName()));
	}

	/**
	 * Tenant-aware classes: the API types themselves and every class that depends on one.
	 */
	static DescribedPredicate<JavaClass> tenantAware() {
		return DescribedPredicate.describe("tenant-aware", (javaClass) -> residesIn(javaClass, KitTypes.API_PACKAGE)
				|| dependsOnPackage(javaClass.getDirectDependenciesFromSelf(), KitTypes.API_PACKAGE));
	}

	private static boolean dependsOnPackage(Set<Dependency> dependencies, String packageName) {
		return dependencies.stream()
			.anyMatch((dependency) -> residesIn(dependency.getTargetClass().getBaseComponentType(), packageName));
	}

	static DescribedPredicate<JavaClass> threadLocal() {
		return DescribedPredicate.describe("thread locals",
				(javaClass) -> isAssignableToAny(javaClass, KitTypes.THREAD_LOCALS));
	}

	static DescribedPredicate<JavaMethodCall> reactorContextAccess() {
		return DescribedPredicate.describe("Reactor context methods",
				(call) -> isCallTo(call, "reactor.core.publisher.Mono", "contextWrite", "deferContextual",
						"transformDeferredContextual")
						|| isCallTo(call, "reactor.core.publisher.Flux", "contextWrite", "deferContextual",
								"transformDeferredContextual")
						|| isCallTo(call, "reactor.util.context.Context", "of", "put", "putAll", "putNonNull"));
	}

	static DescribedPredicate<JavaMethodCall> mdcWrite() {
		return DescribedPredicate.describe("MDC writes",
				(call) -> isCallTo(call, "org.slf4j.MDC", "put", "putCloseable", "setContextMap", "pushByKey")
						|| isCallTo(call, "org.apache.logging.log4j.ThreadContext", "put", "putAll", "putIfNull",
								"push"));
	}

	private static boolean isCallTo(JavaMethodCall call, String owner, String... methodNames) {
		AccessTarget.MethodCallTarget target = call.getTarget();
		return target.getOwner().isAssignableTo(owner) && List.of(methodNames).contains(target.getName());
	}

	/**
	 * Handler classes: annotated controllers, functional {@code HandlerFunction}s and
	 * classes with a method that takes a {@code ServerRequest}.
	 */
	static DescribedPredicate<JavaClass> handler() {
		return DescribedPredicate
			.describe("handlers", (javaClass) -> isAnnotatedOrMetaAnnotatedWith(javaClass, KitTypes.CONTROLLER)
					|| javaClass.isAssignableTo(KitTypes.HANDLER_FUNCTION)
					|| javaClass.getMethods().stream().anyMatch((method) -> takes(method, KitTypes.SERVER_REQUEST)));
	}

	static boolean takes(JavaCodeUnit codeUnit, String typeName) {
		return codeUnit.getParameterTypes().stream().anyMatch((type) -> involvesAny(type, List.of(typeName)));
	}

	/**
	 * Classes of the web layer: handlers and classes in a {@code web} package, outside
	 * the kit's persistence module. Configuration classes, and classes nested in them,
	 * are wiring rather than web code and do not count.
	 */
	static DescribedPredicate<JavaClass> webLayer() {
		return DescribedPredicate.describe("web layer",
				(javaClass) -> !residesIn(javaClass, KitTypes.PERSISTENCE_PACKAGE)
						&& !selfOrEnclosing(javaClass, configuration())
						&& (javaClass.getPackageName().matches("(.*\\.)?web(\\..*)?") || handler().test(javaClass)));
	}

	static DescribedPredicate<JavaClass> persistenceInternal() {
		return DescribedPredicate.describe("persistence internals",
				(javaClass) -> residesIn(javaClass, KitTypes.PERSISTENCE_PACKAGE)
						&& !javaClass.getPackageName().equals(KitTypes.REPOSITORY_PACKAGE));
	}

	/**
	 * Singleton components: Spring stereotypes, tenant-scoped repositories and web
	 * infrastructure.
	 */
	static DescribedPredicate<JavaClass> component() {
		return DescribedPredicate.describe("components",
				(javaClass) -> isAnnotatedOrMetaAnnotatedWith(javaClass, KitTypes.COMPONENT)
						|| tenantScopedRepository().test(javaClass)
						|| isAssignableToAny(javaClass, KitTypes.WEB_COMPONENTS));
	}

	/**
	 * Whether an access reaches tenant data: a tenant-scoped repository of either style,
	 * or the {@code TenantScopedTemplate}.
	 */
	static boolean reachesTenantScopedData(JavaAccess<?> access) {
		JavaClass owner = access.getTarget().getOwner();
		return isAssignableToAny(owner, KitTypes.TENANT_SCOPED_REPOSITORIES)
				|| owner.isAssignableTo(KitTypes.TENANT_SCOPED_TEMPLATE);
	}

	/**
	 * Return the annotation of the given type on an annotated element, directly or as a
	 * meta-annotation (an annotation of one of its annotations, at any depth).
	 */
	static Optional<JavaAnnotation<?>> findAnnotation(Collection<? extends JavaAnnotation<?>> annotations,
			String typeName) {
		return findAnnotation(annotations, typeName, new HashSet<>());
	}

	private static Optional<JavaAnnotation<?>> findAnnotation(Collection<? extends JavaAnnotation<?>> annotations,
			String typeName, Set<String> visited) {
		for (JavaAnnotation<?> annotation : annotations) {
			if (annotation.getRawType().getName().equals(typeName)) {
				return Optional.of(annotation);
			}
		}
		for (JavaAnnotation<?> annotation : annotations) {
			JavaClass type = annotation.getRawType();
			if (!type.getPackageName().equals("java.lang.annotation") && visited.add(type.getName())) {
				Optional<JavaAnnotation<?>> meta = findAnnotation(type.getAnnotations(), typeName, visited);
				if (meta.isPresent()) {
					return meta;
				}
			}
		}
		return Optional.empty();
	}

}
