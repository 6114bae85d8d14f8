package io.tenancykit.architecture;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaParameterizedType;
import com.tngtech.archunit.core.domain.JavaType;

/**
 * The predicates the rules of {@link TenancyArchitectureRules} are built from, published
 * so that an application can write rules of its own in the same terms, the way ArchUnit's
 * {@code GeneralCodingRules} does:
 *
 * <pre class="code">
 * &#64;ArchTest
 * static final ArchRule jobsUseRepositories = noClasses().that()
 *     .resideInAPackage("com.acme.jobs..")
 *     .should().dependOnClassesThat(TenancyPredicates.rawDataAccessType());
 * </pre>
 * <p>
 * Every kit and framework type is matched by name, so the predicates need only the
 * modules a project actually uses.
 */
public final class TenancyPredicates {

	/**
	 * A string constant that names a tenant as a key: one word of letters, digits,
	 * {@code _ . : -}, no spaces, mentioning "tenant".
	 */
	private static final Pattern TENANT_KEY = Pattern.compile("(?i)[\\w.:-]*tenant[\\w.:-]*");

	private static final DescribedPredicate<JavaClass> RAW_DATA_ACCESS_TYPE = DescribedPredicate
		.describe("raw data access types", TenancyPredicates::isRawDataAccessType);

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
	 * @return the predicate
	 */
	public static DescribedPredicate<JavaClass> tenantScopedRepository() {
		return DescribedPredicate.describe("tenant-scoped repositories",
				(javaClass) -> isAssignableToAny(javaClass, KitTypes.TENANT_SCOPED_REPOSITORIES));
	}

	/**
	 * Classes annotated (or meta-annotated) with {@code @Configuration}, which includes
	 * {@code @AutoConfiguration} and {@code @SpringBootApplication}.
	 * @return the predicate
	 */
	public static DescribedPredicate<JavaClass> configuration() {
		return DescribedPredicate.describe("configuration classes",
				(javaClass) -> isAnnotatedOrMetaAnnotatedWith(javaClass, KitTypes.CONFIGURATION)
						|| javaClass.isAnnotatedWith(KitTypes.AUTO_CONFIGURATION));
	}

	/**
	 * Classes that may not depend on raw data access types at all: all but the kit's
	 * persistence module, the kit's test harness, and configuration classes and classes
	 * nested in them (which may wire raw access beans, see
	 * {@link #rawDataAccessExecution()}). Tenant-scoped repositories are not exempt: they
	 * reach the database through the {@code TenantScopedTemplate} they are given.
	 * @return the predicate
	 */
	public static DescribedPredicate<JavaClass> rawDataAccessForbidden() {
		return DescribedPredicate.describe("outside the kit's persistence module and configuration classes",
				(javaClass) -> !rawDataAccessPermitted(javaClass) && !configurationCode().test(javaClass));
	}

	/**
	 * Configuration classes and the classes nested in them (lambdas, anonymous runners),
	 * outside the kit's persistence module: they may wire raw data access beans but not
	 * run statements.
	 * @return the predicate
	 */
	public static DescribedPredicate<JavaClass> configurationCode() {
		return DescribedPredicate.describe("configuration classes",
				(javaClass) -> !rawDataAccessPermitted(javaClass) && selfOrEnclosing(javaClass, configuration()));
	}

	private static boolean rawDataAccessPermitted(JavaClass javaClass) {
		return residesIn(javaClass, KitTypes.PERSISTENCE_PACKAGE)
				|| residesIn(javaClass, KitTypes.TEST_HARNESS_PACKAGE);
	}

	/**
	 * Types that reach the database without a tenant predicate: R2DBC's
	 * {@code DatabaseClient}, {@code R2dbcEntityOperations} and its fluent interfaces
	 * ({@code FluentR2dbcOperations}, {@code ReactiveSelectOperation}, ...),
	 * {@code ConnectionFactory}, {@code Connection} and {@code Statement}; JDBC's
	 * {@code DataSource}, {@code Connection}, {@code Statement}, {@code JdbcTemplate},
	 * {@code NamedParameterJdbcTemplate}, {@code JdbcClient} and the operation objects
	 * ({@code SqlUpdate}, {@code MappingSqlQuery}, ...); their subtypes; the types nested
	 * in them ({@code DatabaseClient.GenericExecuteSpec},
	 * {@code JdbcClient.StatementSpec}); and the static helpers that hand out
	 * connections.
	 * @return the predicate
	 */
	public static DescribedPredicate<JavaClass> rawDataAccessType() {
		return DescribedPredicate.describe("raw data access types",
				(javaClass) -> selfOrEnclosing(javaClass, RAW_DATA_ACCESS_TYPE)
						|| KitTypes.RAW_DATA_ACCESS.contains(javaClass.getName().split("\\$", 2)[0]));
	}

	private static boolean isRawDataAccessType(JavaClass javaClass) {
		return isAssignableToAny(javaClass, KitTypes.RAW_DATA_ACCESS)
				|| KitTypes.RAW_DATA_ACCESS_HELPERS.contains(javaClass.getName());
	}

	/**
	 * Calls and method references that run a statement or open a connection: any instance
	 * method of a raw data access type other than setters ({@code set...}) and the
	 * accessors wiring uses ({@code getDatabaseClient}, {@code mutate},
	 * {@code afterPropertiesSet}, a pool's {@code warmup}, ...), and the static helpers'
	 * {@code getConnection}. Constructors and static factories
	 * ({@code DatabaseClient.create}, {@code new JdbcTemplate(dataSource)}) only build a
	 * bean.
	 * @return the predicate
	 */
	public static DescribedPredicate<JavaAccess<?>> rawDataAccessExecution() {
		return DescribedPredicate.describe("statement executions", TenancyPredicates::executesRawDataAccess);
	}

	static boolean executesRawDataAccess(JavaAccess<?> access) {
		if (!(access.getTarget() instanceof AccessTarget.CodeUnitAccessTarget target)
				|| target instanceof AccessTarget.ConstructorCallTarget
				|| target instanceof AccessTarget.ConstructorReferenceTarget) {
			return false;
		}
		JavaClass owner = target.getOwner();
		if (KitTypes.RAW_DATA_ACCESS_HELPERS.contains(owner.getName())) {
			return target.getName().contains("Connection");
		}
		if (!isAssignableToAny(owner, KitTypes.RAW_DATA_ACCESS) || KitTypes.WIRING_METHODS.contains(target.getName())
				|| target.getName().startsWith("set")) {
			return false;
		}
		return target.resolveMember()
			.map((member) -> !member.getModifiers().contains(JavaModifier.STATIC))
			.orElse(true);
	}

	/**
	 * Tenant-aware classes: the API types themselves, every class that depends on one,
	 * and every class that names a tenant although the tenant has already become a
	 * {@code String} or {@code UUID}: its simple name, one of its fields or methods
	 * ({@code TenantContextHolder}, {@code CURRENT_TENANT}, {@code setTenantId}), or a
	 * string constant that reads as a key rather than prose ({@code "tenant_id"},
	 * {@code "X-Tenant-Id"}, as an MDC or Reactor context key) mentions "tenant".
	 * @return the predicate
	 */
	public static DescribedPredicate<JavaClass> tenantAware() {
		return DescribedPredicate.describe("tenant-aware",
				(javaClass) -> residesIn(javaClass, KitTypes.API_PACKAGE)
						|| dependsOnPackage(javaClass.getDirectDependenciesFromSelf(), KitTypes.API_PACKAGE)
						|| namesATenant(javaClass));
	}

	private static boolean namesATenant(JavaClass javaClass) {
		return TenantNamedFields.mentionsTenant(javaClass.getSimpleName())
				|| javaClass.getFields()
					.stream()
					.anyMatch((field) -> !field.getModifiers().contains(JavaModifier.SYNTHETIC)
							&& TenantNamedFields.mentionsTenant(field.getName()))
				|| javaClass.getMethods()
					.stream()
					.anyMatch((method) -> !method.getModifiers().contains(JavaModifier.SYNTHETIC)
							&& TenantNamedFields.mentionsTenant(method.getName()))
				|| ClassConstants.strings(javaClass)
					.stream()
					.anyMatch((constant) -> TENANT_KEY.matcher(constant).matches());
	}

	private static boolean dependsOnPackage(Set<Dependency> dependencies, String packageName) {
		return dependencies.stream()
			.anyMatch((dependency) -> residesIn(dependency.getTargetClass().getBaseComponentType(), packageName));
	}

	/**
	 * {@code ThreadLocal}, {@code InheritableThreadLocal} and Netty's
	 * {@code FastThreadLocal}.
	 * @return the predicate
	 */
	public static DescribedPredicate<JavaClass> threadLocal() {
		return DescribedPredicate.describe("thread locals",
				(javaClass) -> isAssignableToAny(javaClass, KitTypes.THREAD_LOCALS));
	}

	/**
	 * Calls that write or read the Reactor subscriber context: {@code Mono}/{@code Flux}
	 * {@code contextWrite}, {@code deferContextual}, {@code transformDeferredContextual},
	 * {@code contextCapture}; every method of {@code Context} and {@code ContextView}
	 * ({@code of}, {@code put}, {@code putAllMap}, {@code get}, {@code getOrDefault},
	 * ...); {@code Signal.getContextView}/{@code getContext}; the
	 * {@code contextView}/{@code currentContext} of {@code MonoSink}, {@code FluxSink},
	 * {@code SynchronousSink} and {@code CoreSubscriber}; and the operator hooks that
	 * propagate context ({@code Hooks.onEachOperator}, {@code onLastOperator},
	 * {@code enableAutomaticContextPropagation}).
	 * @return the predicate
	 */
	public static DescribedPredicate<JavaMethodCall> reactorContextAccess() {
		return DescribedPredicate.describe("Reactor context methods",
				(call) -> accessesReactorContext(call.getTarget()));
	}

	static boolean accessesReactorContext(AccessTarget.CodeUnitAccessTarget target) {
		return isTarget(target, "reactor.core.publisher.Mono", "contextWrite", "deferContextual",
				"transformDeferredContextual", "contextCapture")
				|| isTarget(target, "reactor.core.publisher.Flux", "contextWrite", "deferContextual",
						"transformDeferredContextual", "contextCapture")
				|| (target.getOwner().isAssignableTo("reactor.util.context.ContextView")
						&& !(target instanceof AccessTarget.ConstructorCallTarget))
				|| isTarget(target, "reactor.core.publisher.Signal", "getContextView", "getContext")
				|| isTarget(target, "reactor.core.publisher.MonoSink", "contextView", "currentContext")
				|| isTarget(target, "reactor.core.publisher.FluxSink", "contextView", "currentContext")
				|| isTarget(target, "reactor.core.publisher.SynchronousSink", "contextView", "currentContext")
				|| isTarget(target, "reactor.core.CoreSubscriber", "currentContext")
				|| isTarget(target, "reactor.core.publisher.Hooks", "onEachOperator", "onLastOperator",
						"enableAutomaticContextPropagation");
	}

	/**
	 * Calls that write thread-bound log context: SLF4J's {@code MDC} ({@code put},
	 * {@code putCloseable}, {@code setContextMap}, {@code pushByKey}) and its
	 * {@code MDCAdapter}, and Log4j's {@code ThreadContext} and
	 * {@code CloseableThreadContext}.
	 * @return the predicate
	 */
	public static DescribedPredicate<JavaMethodCall> mdcWrite() {
		return DescribedPredicate.describe("MDC writes", (call) -> writesMdc(call.getTarget()));
	}

	static boolean writesMdc(AccessTarget.CodeUnitAccessTarget target) {
		return isTarget(target, "org.slf4j.MDC", "put", "putCloseable", "setContextMap", "pushByKey")
				|| isTarget(target, "org.slf4j.spi.MDCAdapter", "put", "setContextMap", "pushByKey")
				|| isTarget(target, "org.apache.logging.log4j.ThreadContext", "put", "putAll", "putIfNull", "push",
						"pushAll", "setStack")
				|| isTarget(target, "org.apache.logging.log4j.CloseableThreadContext", "put", "putAll", "push",
						"pushAll")
				|| isTarget(target, "org.apache.logging.log4j.CloseableThreadContext$Instance", "put", "putAll", "push",
						"pushAll");
	}

	private static boolean isTarget(AccessTarget.CodeUnitAccessTarget target, String owner, String... methodNames) {
		return target.getOwner().isAssignableTo(owner) && List.of(methodNames).contains(target.getName());
	}

	/**
	 * Handler classes: annotated controllers, functional {@code HandlerFunction}s and
	 * classes with a method that takes a {@code ServerRequest}.
	 * @return the predicate
	 */
	public static DescribedPredicate<JavaClass> handler() {
		return DescribedPredicate
			.describe("handlers", (javaClass) -> isAnnotatedOrMetaAnnotatedWith(javaClass, KitTypes.CONTROLLER)
					|| javaClass.isAssignableTo(KitTypes.HANDLER_FUNCTION)
					|| javaClass.getMethods().stream().anyMatch((method) -> takes(method, KitTypes.SERVER_REQUEST)));
	}

	static boolean takes(JavaCodeUnit codeUnit, String typeName) {
		return codeUnit.getParameterTypes().stream().anyMatch((type) -> involvesAny(type, List.of(typeName)));
	}

	/**
	 * Classes of the web layer, outside the kit's persistence module: handlers, web
	 * infrastructure wherever it lives ({@code WebFilter}, {@code WebHandler},
	 * {@code WebExceptionHandler}, {@code HandlerFilterFunction},
	 * {@code RouterFunction}), and classes in a {@code web} package. Configuration
	 * classes, and classes nested in them, are wiring rather than web code and do not
	 * count.
	 * @return the predicate
	 */
	public static DescribedPredicate<JavaClass> webLayer() {
		return DescribedPredicate.describe("web layer",
				(javaClass) -> !residesIn(javaClass, KitTypes.PERSISTENCE_PACKAGE)
						&& !selfOrEnclosing(javaClass, configuration())
						&& (javaClass.getPackageName().matches("(.*\\.)?web(\\..*)?") || handler().test(javaClass)
								|| isAssignableToAny(javaClass, KitTypes.WEB_INFRASTRUCTURE)));
	}

	/**
	 * Types of the kit's persistence module other than its public repository package.
	 * @return the predicate
	 */
	public static DescribedPredicate<JavaClass> persistenceInternal() {
		return DescribedPredicate.describe("persistence internals",
				(javaClass) -> residesIn(javaClass, KitTypes.PERSISTENCE_PACKAGE)
						&& !javaClass.getPackageName().equals(KitTypes.REPOSITORY_PACKAGE));
	}

	/**
	 * Singleton components recognisable from the class alone: Spring stereotypes
	 * ({@code @Component}, {@code @Service}, {@code @Repository}, {@code @Controller},
	 * {@code @Configuration}), tenant-scoped repositories and web infrastructure. Classes
	 * created by {@code @Bean} methods are singletons too; the rules find them through
	 * the {@code @Bean} methods of the imported configuration classes.
	 * @return the predicate
	 */
	public static DescribedPredicate<JavaClass> component() {
		return DescribedPredicate.describe("components",
				(javaClass) -> isAnnotatedOrMetaAnnotatedWith(javaClass, KitTypes.COMPONENT)
						|| tenantScopedRepository().test(javaClass)
						|| isAssignableToAny(javaClass, KitTypes.WEB_COMPONENTS));
	}

	/**
	 * Classes that are singletons by construction: enums, and classes holding an instance
	 * of themselves in a static field (the classic {@code INSTANCE}).
	 * @return the predicate
	 */
	public static DescribedPredicate<JavaClass> staticSingleton() {
		return DescribedPredicate.describe("static singletons",
				(javaClass) -> javaClass.isEnum() || javaClass.getFields()
					.stream()
					.anyMatch((field) -> field.getModifiers().contains(JavaModifier.STATIC)
							&& field.getRawType().equals(javaClass)));
	}

	/**
	 * Fields that store a tenant: a field whose type involves {@code TenantContext},
	 * {@code TenantId}, {@code TenantKey} or {@code Tenant}, also inside a generic type
	 * such as {@code AtomicReference<TenantContext>}. Two shapes are not stored tenant
	 * state: a function over tenants ({@code Comparator<Tenant>}, {@code Function},
	 * {@code Predicate}, ...), and a map or cache keyed by the tenant
	 * ({@code Map<TenantId, RateLimiter>}, {@code Cache<TenantKey, Tenant>}), which keeps
	 * every tenant's entry apart.
	 * @return the predicate
	 */
	public static DescribedPredicate<JavaField> tenantStateField() {
		return DescribedPredicate.describe("fields storing a tenant", (field) -> holdsTenantState(field.getType()));
	}

	/**
	 * Fields that keep a tenant the type does not reveal, because it has already become a
	 * {@code String}, {@code UUID}, {@code long} or a type of the application's own: a
	 * field whose name mentions "tenant" and that can change after construction. That is
	 * a field that is not final, of a type that can carry a tenant ({@code String},
	 * {@code CharSequence}, {@code UUID}, {@code Object}, a record, a class named like a
	 * tenant such as {@code TenantInfo}, and a {@code long}, {@code int} or {@code Long}
	 * when the name ends in the tenant or its id or key: {@code currentTenant},
	 * {@code tenantId}, not {@code tenantCount}), and also a final holder of one whose
	 * content can be replaced: an {@code AtomicReference}, {@code AtomicLong}, an array,
	 * a generic {@code Holder<T>}, a collection that is a queue, of a concrete type or
	 * initialised with a new one ({@code new ArrayList<>()}, not {@code List.of(...)}),
	 * and a map keyed by the {@code Thread}. Not a kept tenant: synthetic fields, fields
	 * the container injects ({@code @Autowired}, {@code @Value}, {@code @Inject} or
	 * {@code @Resource} on the field or its setter, fields of
	 * {@code @ConfigurationProperties} classes), constants ({@code static final String
	 * TENANT_HEADER}, {@code static final UUID SYSTEM_TENANT_ID}, {@code Pattern}),
	 * {@code Optional} and unmodifiable collections in final fields, flags and counters
	 * ({@code boolean tenantsLoaded}, {@code AtomicInteger activeTenants},
	 * {@code LongAdder}), loggers, functions, and maps or caches with any other key,
	 * which the rules take to be keyed by the tenant ({@code LIMITS_BY_TENANT}).
	 * @return the predicate
	 */
	public static DescribedPredicate<JavaField> tenantNamedMutableField() {
		return DescribedPredicate.describe("mutable fields named for a tenant", TenantNamedFields::keepsATenant);
	}

	static boolean holdsTenantState(JavaType type) {
		if (!involvesAny(type, KitTypes.TENANT_STATE)) {
			return false;
		}
		JavaClass raw = type.toErasure();
		if (KitTypes.FUNCTIONS.contains(raw.getName())) {
			return false;
		}
		return !(type instanceof JavaParameterizedType parameterized && isKeyedContainer(raw)
				&& parameterized.getActualTypeArguments().size() == 2
				&& involvesAny(parameterized.getActualTypeArguments().get(0), KitTypes.TENANT_STATE));
	}

	private static boolean isKeyedContainer(JavaClass raw) {
		return raw.isAssignableTo("java.util.Map") || raw.getSimpleName().endsWith("Cache");
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
	 * Accesses that create a {@code TenantContext}: a call of (or method reference to) a
	 * static factory such as {@code TenantContext.of(tenant)}, or of a constructor.
	 * @return the predicate
	 */
	public static DescribedPredicate<JavaAccess<?>> tenantContextCreation() {
		return DescribedPredicate.describe("TenantContext creations", TenancyPredicates::createsTenantContext);
	}

	static boolean createsTenantContext(JavaAccess<?> access) {
		if (!(access.getTarget() instanceof AccessTarget.CodeUnitAccessTarget target)
				|| !target.getOwner().getName().equals(KitTypes.TENANT_CONTEXT)) {
			return false;
		}
		return target instanceof AccessTarget.ConstructorCallTarget
				|| target instanceof AccessTarget.ConstructorReferenceTarget
				|| target.getRawReturnType().getName().equals(KitTypes.TENANT_CONTEXT);
	}

	/**
	 * Code that may create a {@code TenantContext}: the kit's request resolution and
	 * tenant directory packages and its test harness, and a method or class (or a class
	 * it is nested in, or a method that declares it as an anonymous or local class)
	 * annotated {@code @SystemTenantJob} that is not a handler or other web layer class.
	 * @return the predicate
	 */
	public static DescribedPredicate<JavaCodeUnit> tenantContextFactory() {
		return DescribedPredicate.describe("request resolution or system tenant jobs",
				TenancyPredicates::mayCreateTenantContexts);
	}

	static boolean mayCreateTenantContexts(JavaCodeUnit codeUnit) {
		JavaClass owner = codeUnit.getOwner();
		if (KitTypes.CONTEXT_FACTORY_PACKAGES.stream().anyMatch((name) -> residesIn(owner, name))) {
			return true;
		}
		if (selfOrEnclosing(owner, webLayer())) {
			return false;
		}
		return findAnnotation(codeUnit.getAnnotations(), KitTypes.SYSTEM_TENANT_JOB).isPresent() || selfOrEnclosing(
				owner,
				DescribedPredicate.describe("system tenant jobs",
						(type) -> findAnnotation(type.getAnnotations(), KitTypes.SYSTEM_TENANT_JOB).isPresent()
								|| type.getEnclosingCodeUnit()
									.map((method) -> findAnnotation(method.getAnnotations(), KitTypes.SYSTEM_TENANT_JOB)
										.isPresent())
									.orElse(false)));
	}

	/**
	 * Methods whose results belong to one tenant: they take a {@code TenantContext},
	 * {@code TenantId}, {@code TenantKey} or {@code Tenant}, or they call a tenant-scoped
	 * repository or the {@code TenantScopedTemplate}.
	 * @return the predicate
	 */
	public static DescribedPredicate<JavaMethod> tenantScopedMethod() {
		return DescribedPredicate.describe("tenant-scoped methods", (method) -> !tenantParameters(method).isEmpty()
				|| method.getCallsFromSelf().stream().anyMatch(TenancyPredicates::reachesTenantScopedData)
				|| method.getMethodReferencesFromSelf().stream().anyMatch(TenancyPredicates::reachesTenantScopedData));
	}

	/**
	 * Return the positions of the parameters that carry a tenant.
	 */
	static List<Integer> tenantParameters(JavaCodeUnit codeUnit) {
		List<JavaType> types = codeUnit.getParameterTypes();
		List<Integer> positions = new ArrayList<>();
		for (int i = 0; i < types.size(); i++) {
			if (involvesAny(types.get(i), KitTypes.TENANT_STATE)) {
				positions.add(i);
			}
		}
		return positions;
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
