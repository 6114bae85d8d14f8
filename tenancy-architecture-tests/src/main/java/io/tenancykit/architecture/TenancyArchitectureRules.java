package io.tenancykit.architecture;

import java.util.List;
import java.util.Objects;

import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import com.tngtech.archunit.library.freeze.FreezingArchRule;

import static com.tngtech.archunit.lang.conditions.ArchConditions.dependOnClassesThat;
import static com.tngtech.archunit.lang.conditions.ArchConditions.never;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * ArchUnit rules that keep an application on the tenant isolation model of Tenancy Kit:
 * tenant data is reached only through tenant-scoped repositories, the tenant travels as
 * an explicit {@code TenantContext} argument and never in global state, and the web layer
 * stays away from persistence internals.
 * <p>
 * Tenant-scoped repositories come in two styles, and the rules accept both: interfaces
 * extending {@code TenantScopedCrudRepository} (directly or through intermediate
 * interfaces), which the kit implements, and subclasses of {@code TenantScopedRepository}
 * for hand-written SQL; both may use the {@code TenantScopedTemplate}, which binds every
 * statement to its tenant:
 *
 * <pre class="code">
 * interface ProjectRepository extends TenantScopedCrudRepository&lt;Project, UUID&gt; {
 *     Flux&lt;Project&gt; findByNameContaining(TenantContext tenant, String part, Sort sort);
 * }
 *
 * class ProjectQueries extends TenantScopedRepository&lt;Project, UUID&gt; {
 *     ProjectQueries(TenantScopedTemplate template) {
 *         super(template);
 *     }
 * }
 * </pre>
 * <p>
 * Reuse them in a test of your own:
 *
 * <pre class="code">
 * &#64;AnalyzeClasses(packages = "com.acme", importOptions = ImportOption.DoNotIncludeTests.class)
 * class ArchitectureTests {
 *
 *     &#64;ArchTest
 *     static final ArchTests tenancy = ArchTests.in(TenancyArchitectureRules.class);
 *
 * }
 * </pre>
 * <p>
 * Every rule's subject is the whole import and none of them accepts an empty one, so a
 * mistyped package fails the build instead of passing silently. A rule that concerns only
 * some classes (handlers, repositories, components) ignores the others, so a project
 * without, for example, annotated controllers still passes. Kit types are matched by
 * name, so the rules need only the modules a project actually uses.
 */
public final class TenancyArchitectureRules {

	/**
	 * Only the kit's {@code io.tenancykit.persistence} module uses raw data access:
	 * R2DBC's {@code DatabaseClient}, {@code R2dbcEntityOperations} (and
	 * {@code R2dbcEntityTemplate} and its fluent interfaces such as
	 * {@code ReactiveSelectOperation}), {@code ConnectionFactory}, {@code Connection} and
	 * {@code Statement}, and JDBC's {@code DataSource}, {@code Connection},
	 * {@code Statement}, {@code JdbcTemplate}, {@code NamedParameterJdbcTemplate},
	 * {@code JdbcClient}, the operation objects ({@code SqlUpdate},
	 * {@code MappingSqlQuery}), {@code DriverManager} and {@code DataSourceUtils}, and
	 * the types nested in them ({@code DatabaseClient.GenericExecuteSpec}). Configuration
	 * classes ({@code @Configuration}, which includes {@code @AutoConfiguration} and
	 * {@code @SpringBootApplication}, and classes nested in them) may build those beans
	 * and hand them to the kit, but not run statements with them: a scheduled job, an
	 * {@code ApplicationRunner} or a {@code CommandLineRunner} in a configuration class
	 * is application code. Tenant-scoped repositories are not exempt: a subclass of
	 * {@code TenantScopedRepository} runs its SQL through the
	 * {@code TenantScopedTemplate} it is given, and the template, which binds every
	 * statement to its tenant, is not raw data access. Violations:
	 *
	 * <pre class="code">
	 * &#64;Service
	 * class ProjectService {
	 *     private final JdbcTemplate jdbc; // bypasses the tenant-scoped repositories
	 * }
	 *
	 * &#64;Configuration
	 * class Jobs {
	 *     &#64;Bean
	 *     ApplicationRunner purge(DatabaseClient client) {
	 *         return (args) -&gt; client.sql("DELETE FROM project WHERE archived").then().block();
	 *     }
	 * }
	 * </pre>
	 */
	@ArchTest
	public static final ArchRule NO_RAW_DATA_ACCESS = classes()
		.should(TenancyConditions.onlyFor(TenancyPredicates.rawDataAccessForbidden(),
				never(dependOnClassesThat(TenancyPredicates.rawDataAccessType()))))
		.andShould(TenancyConditions.onlyFor(TenancyPredicates.configurationCode(),
				TenancyConditions.notExecuteRawDataAccess()))
		.as("no classes outside the kit's persistence module should use DatabaseClient, R2dbcEntityOperations, "
				+ "R2DBC or JDBC connections or JdbcTemplate, and configuration classes should only wire them")
		.because("a statement that does not go through a tenant-scoped repository or the TenantScopedTemplate can "
				+ "forget its tenant_id predicate; run it from a TenantScopedRepository subclass with the "
				+ "TenantContext of its tenant, or from a @SystemTenantJob that iterates the tenants (ADR-001)")
		.allowEmptyShould(false);

	/**
	 * No Spring Data repository (an interface extending Spring Data's {@code Repository},
	 * such as {@code ReactiveCrudRepository}, {@code R2dbcRepository},
	 * {@code CrudRepository} or {@code ListCrudRepository}, an interface annotated
	 * {@code @RepositoryDefinition}, or a class implementing one) is declared for a
	 * tenant-owned entity. An entity is tenant-owned when it implements
	 * {@code TenantOwned}, or has a property annotated {@code @OwningTenant} or mapped
	 * with {@code @Column("tenant_id")} whatever its name, or a field of type
	 * {@code TenantId}, or a field named {@code tenantId} or {@code tenant_id}. The
	 * entity is the type bound to the first type parameter of each Spring Data interface
	 * the repository extends, resolved through generic intermediate interfaces, and the
	 * {@code domainClass} of {@code @RepositoryDefinition}; a repository whose entity
	 * cannot be resolved to a class is not reported. Tenant-scoped repository interfaces
	 * do not extend Spring Data's {@code Repository} and are not affected. Violation:
	 *
	 * <pre class="code">
	 * interface ProjectRepository extends R2dbcRepository&lt;Project, UUID&gt; {
	 *     Flux&lt;Project&gt; findAll(); // every tenant's projects
	 * }
	 * </pre>
	 */
	@ArchTest
	public static final ArchRule NO_SPRING_DATA_REPOSITORIES_FOR_TENANT_OWNED_ENTITIES = classes()
		.should(TenancyConditions.notBeSpringDataRepositoriesOfTenantOwnedEntities())
		.as("no Spring Data repository should be declared for a tenant-owned entity")
		.because("derived queries and findAll() know nothing of tenant_id; declare the repository as an interface "
				+ "extending TenantScopedCrudRepository, or a TenantScopedRepository subclass (ADR-001)")
		.allowEmptyShould(false);

	/**
	 * No tenant is kept in global state: no static field holds a {@code TenantContext},
	 * {@code TenantId}, {@code TenantKey} or {@code Tenant}, also not inside a generic
	 * type such as {@code AtomicReference<TenantContext>}, and no instance field of an
	 * enum, of a class with a static instance of itself (the classic {@code INSTANCE}
	 * singleton), or of a class whose instance another class keeps in a static field (a
	 * lazy {@code Holder.INSTANCE}, a Kotlin-style {@code Companion}) holds one either. A
	 * function over tenants ({@code static final Comparator<Tenant> BY_KEY}) stores no
	 * tenant, and neither does a map or cache keyed by the tenant
	 * ({@code Map<TenantId, RateLimiter>}), which keeps each tenant's entry apart.
	 * <p>
	 * A tenant that has already become a {@code String}, {@code UUID} or {@code long} is
	 * recognised by the name of its field (see
	 * {@link TenancyPredicates#tenantNamedMutableField()}): a static field, or an
	 * instance field of such a singleton, whose name mentions "tenant" and that can
	 * change, because it is not final or because it is a holder whose content can be
	 * replaced ({@code AtomicReference}, {@code AtomicLong}, an array, a queue or a
	 * collection initialised with {@code new ArrayList<>()}, a map keyed by the
	 * {@code Thread}). Constants ({@code static final String TENANT_HEADER},
	 * {@code static final UUID SYSTEM_TENANT_ID}), counters and flags
	 * ({@code AtomicInteger activeTenants}) and maps with any other key
	 * ({@code Map<String, RateLimiter> LIMITS_BY_TENANT}, taken to be keyed by the
	 * tenant) are not. Violations:
	 *
	 * <pre class="code">
	 * class CurrentTenant {
	 *     static volatile TenantContext current; // shared by every request
	 * }
	 *
	 * enum TenantHolder {
	 *     INSTANCE;
	 *     private TenantId tenant; // one value for the whole JVM
	 * }
	 *
	 * class TenantContext { // written by hand, the tenant a plain string
	 *     private static String currentTenant;
	 *     static final AtomicReference&lt;UUID&gt; CURRENT_TENANT_ID = new AtomicReference&lt;&gt;();
	 * }
	 * </pre>
	 */
	@ArchTest
	public static final ArchRule NO_STATIC_TENANT_STATE = classes()
		.should(TenancyConditions.notKeepTenantsInGlobalState())
		.as("no class should keep a TenantContext, TenantId, TenantKey or Tenant in a static field or in an enum "
				+ "or static singleton")
		.because("static state is shared by all tenants' requests; pass the tenant as an explicit TenantContext "
				+ "argument, or key per-tenant state by the tenant in a Map<TenantId, ...> (ADR-001)")
		.allowEmptyShould(false);

	/**
	 * Tenant-aware classes (classes that use a type of {@code io.tenancykit.api}, or that
	 * name a tenant in their simple name, a field or method name or a key-like string
	 * constant, see {@link TenancyPredicates#tenantAware()}) do not use
	 * {@code ThreadLocal}, {@code InheritableThreadLocal} or Netty's
	 * {@code FastThreadLocal}. Violations:
	 *
	 * <pre class="code">
	 * class TenantHolder {
	 *     static final ThreadLocal&lt;TenantContext&gt; CURRENT = new ThreadLocal&lt;&gt;();
	 * }
	 *
	 * class TenantContextHolder { // the tenant already a string
	 *     static final ThreadLocal&lt;String&gt; CURRENT_TENANT = new ThreadLocal&lt;&gt;();
	 * }
	 * </pre>
	 */
	@ArchTest
	public static final ArchRule NO_THREAD_LOCALS_IN_TENANT_AWARE_CODE = noClasses()
		.should(TenancyConditions.onlyFor(TenancyPredicates.tenantAware(),
				dependOnClassesThat(TenancyPredicates.threadLocal())))
		.as("no tenant-aware class should use a ThreadLocal")
		.because("a reactive request hops between threads, so a thread-local tenant leaks into other tenants' "
				+ "work; pass the tenant as an explicit TenantContext argument instead (ADR-001)")
		.allowEmptyShould(false);

	/**
	 * Tenant-aware classes do not write or read the Reactor subscriber context, by a call
	 * or a method reference: {@code Mono}/{@code Flux} {@code contextWrite},
	 * {@code deferContextual}, {@code transformDeferredContextual} and
	 * {@code contextCapture}; any method of {@code Context} or {@code ContextView}
	 * ({@code Context.of}, {@code put}, {@code putAllMap}, {@code get},
	 * {@code getOrDefault}, ...); {@code Signal.getContextView}/{@code getContext} (as in
	 * {@code doOnEach}); the {@code contextView()}/{@code currentContext()} of a sink
	 * ({@code Mono.create}, {@code Flux.create}, {@code handle}) or a
	 * {@code CoreSubscriber}; and the hooks that propagate context
	 * ({@code Hooks.onEachOperator}, {@code onLastOperator},
	 * {@code enableAutomaticContextPropagation}). Violations:
	 *
	 * <pre class="code">
	 * return chain.filter(exchange).contextWrite(Context.of(TenantContext.class, context));
	 *
	 * return projects.doOnEach((signal) -&gt; audit(signal.getContextView().get(TenantId.class)));
	 * </pre>
	 */
	@ArchTest
	public static final ArchRule NO_REACTOR_CONTEXT_IN_TENANT_AWARE_CODE = noClasses()
		.should(TenancyConditions.onlyFor(TenancyPredicates.tenantAware(),
				TenancyConditions.callOrReferenceMethodsWhere("call or reference Reactor context methods",
						TenancyPredicates::accessesReactorContext)))
		.as("no tenant-aware class should carry state in the Reactor context")
		.because("a tenant in the subscriber context is implicit, invisible in signatures and silently absent "
				+ "when a chain is assembled elsewhere; pass the TenantContext as an explicit argument to the "
				+ "code that needs it (ADR-001)")
		.allowEmptyShould(false);

	/**
	 * Tenant-aware classes do not write the SLF4J {@code MDC} ({@code put},
	 * {@code putCloseable}, {@code setContextMap}, {@code pushByKey}, also through its
	 * {@code MDCAdapter}) or Log4j's {@code ThreadContext} and
	 * {@code CloseableThreadContext}, by a call or a method reference
	 * ({@code fields.forEach(MDC::put)}). Violations:
	 *
	 * <pre class="code">
	 * MDC.put("tenant_id", context.tenantId().toString());
	 *
	 * try (CloseableThreadContext.Instance log = CloseableThreadContext.put("tenant", key.value())) { ... }
	 * </pre>
	 */
	@ArchTest
	public static final ArchRule NO_MDC_WRITES_IN_TENANT_AWARE_CODE = noClasses()
		.should(TenancyConditions.onlyFor(TenancyPredicates.tenantAware(),
				TenancyConditions.callOrReferenceMethodsWhere("call or reference MDC writes",
						TenancyPredicates::writesMdc)))
		.as("no tenant-aware class should write to the MDC")
		.because("the MDC is thread-bound and a second, global carrier of the tenant; log tenant_id as a "
				+ "key-value pair from the TenantContext instead (ADR-019)")
		.allowEmptyShould(false);

	/**
	 * Every public method of a tenant-scoped repository (other than {@code equals},
	 * {@code hashCode} and {@code toString}) takes a {@code TenantContext} as its first
	 * parameter: the methods declared in an interface extending
	 * {@code TenantScopedCrudRepository}, directly or through intermediate interfaces
	 * (derived query, {@code @Query} and default methods alike), the public methods
	 * declared in a subclass of {@code TenantScopedRepository}, and the methods either
	 * inherits from other interfaces it extends. Violation:
	 *
	 * <pre class="code">
	 * interface ProjectRepository extends TenantScopedCrudRepository&lt;Project, UUID&gt; {
	 *     Flux&lt;Project&gt; findByName(String name); // whose projects?
	 * }
	 * </pre>
	 */
	@ArchTest
	public static final ArchRule REPOSITORY_METHODS_TAKE_TENANT_CONTEXT_FIRST = classes()
		.should(TenancyConditions.onlyFor(TenancyPredicates.tenantScopedRepository(),
				TenancyConditions.takeTenantContextFirstInPublicMethods()))
		.as("public methods of tenant-scoped repositories should take a TenantContext as their first parameter")
		.because("every tenant-scoped operation binds tenant_id from an explicit TenantContext; add one as the "
				+ "first parameter (ADR-001)")
		.allowEmptyShould(false);

	/**
	 * The SQL of tenant-scoped repositories restricts {@code tenant_id} with the named
	 * parameter {@code :tenant_id}, which the kit binds from the {@code TenantContext}:
	 * every {@code @Query} of a repository interface, also one inherited from a mixin
	 * interface it extends, and every string constant that reads as a statement (after
	 * any leading comments and parentheses) in a subclass of
	 * {@code TenantScopedRepository}. The kit refuses such SQL too, but only when the
	 * repository is created or the statement first runs; this rule finds it in the build,
	 * in methods no test calls. Violation:
	 *
	 * <pre class="code">
	 * &#64;Query("SELECT * FROM project WHERE archived") // every tenant's archive
	 * Flux&lt;Project&gt; findArchived(TenantContext tenant);
	 * </pre>
	 */
	@ArchTest
	public static final ArchRule TENANT_SCOPED_SQL_BINDS_TENANT_ID = classes()
		.should(TenancyConditions.onlyFor(TenancyPredicates.tenantScopedRepository(),
				TenancyConditions.bindTenantIdInTheirSql()))
		.as("SQL of tenant-scoped repositories should restrict tenant_id with the named parameter :tenant_id")
		.because("the compiler cannot see into SQL strings, and the kit refuses SQL without :tenant_id only when "
				+ "it first runs; add \"tenant_id = :tenant_id\" to the statement's WHERE clause (ADR-001, ADR-022)")
		.allowEmptyShould(false);

	/**
	 * A method of a handler class (annotated {@code @Controller}/{@code @RestController},
	 * a {@code HandlerFunction}, or a class with a method taking a {@code ServerRequest})
	 * that calls a tenant-scoped repository (of either style) or the
	 * {@code TenantScopedTemplate} declares a {@code TenantContext} parameter (also as
	 * {@code Mono<TenantContext>}). Functional endpoints cannot declare one, so for them
	 * a {@code ServerRequest} parameter is accepted instead: the rule then cannot tell
	 * how the context was obtained from the request. Violation:
	 *
	 * <pre class="code">
	 * &#64;GetMapping("/projects")
	 * Flux&lt;Project&gt; list() {
	 *     return this.projects.findAll(this.context); // where did the context come from?
	 * }
	 * </pre>
	 */
	@ArchTest
	public static final ArchRule HANDLERS_TAKE_TENANT_CONTEXT_PARAMETER = classes()
		.should(TenancyConditions.onlyFor(TenancyPredicates.handler(),
				TenancyConditions.declareTenantContextWhereTheyReachRepositories()))
		.as("handler methods that call a tenant-scoped repository or template should declare a TenantContext "
				+ "parameter")
		.because("the tenant of a request is resolved once, by the kit; declare a TenantContext parameter and "
				+ "pass it on (ADR-001)")
		.allowEmptyShould(false);

	/**
	 * Singleton components keep no {@code TenantContext}, {@code TenantId},
	 * {@code TenantKey} or {@code Tenant} in a field, static or not, declared or
	 * inherited from a base class: a tenant is a parameter or a local variable.
	 * Singletons are Spring {@code @Component} stereotypes (including {@code @Service},
	 * {@code @Repository}, {@code @Controller} and {@code @Configuration}), classes that
	 * an imported {@code @Bean} method returns, tenant-scoped repositories,
	 * {@code WebFilter}s, {@code WebHandler}s and handler functions. Objects created per
	 * unit of work (records, commands) may hold a tenant, and a map keyed by the tenant
	 * or a comparator of tenants is not a stored tenant.
	 * <p>
	 * A tenant kept as a {@code String}, {@code UUID} or {@code long} is recognised by
	 * the name of its field (see {@link TenancyPredicates#tenantNamedMutableField()}): a
	 * field whose name mentions "tenant" and that is not final
	 * ({@code private String currentTenantId}), or is a final holder whose content can be
	 * replaced ({@code AtomicReference<String>}, an array, a mutable list). Configuration
	 * the container sets once is not: a final field set by the constructor
	 * ({@code private final String tenantHeader}), a field or setter annotated
	 * {@code @Autowired}, {@code @Value}, {@code @Inject} or {@code @Resource}, the
	 * fields of a {@code @ConfigurationProperties} class or of what a {@code @Bean}
	 * method annotated {@code @ConfigurationProperties} returns. Violations:
	 *
	 * <pre class="code">
	 * &#64;Service
	 * class ReportService {
	 *     private TenantContext lastContext;
	 * }
	 *
	 * class Exporter { // &#64;Bean Exporter exporter() { return new Exporter(); }
	 *     private TenantId target;
	 * }
	 *
	 * &#64;RestController
	 * class ProjectController {
	 *     private volatile String currentTenantId; // set by one request, read by another
	 * }
	 * </pre>
	 */
	@ArchTest
	public static final ArchRule NO_TENANT_FIELDS_IN_COMPONENTS = classes()
		.should(TenancyConditions.notHoldTenantsInFields(TenancyPredicates.component()))
		.as("no singleton component should keep a TenantContext, TenantId, TenantKey or Tenant in a field")
		.because("a component serves every tenant concurrently, so a tenant in a field is shared between tenants; "
				+ "take the TenantContext as a method parameter, or key per-tenant state by the tenant (ADR-001)")
		.allowEmptyShould(false);

	/**
	 * A {@code TenantContext} is created only where the kit resolves the tenant of a
	 * request ({@code io.tenancykit.web.resolution}, {@code io.tenancykit.web.directory})
	 * and in system jobs: methods or classes annotated {@code @SystemTenantJob} that
	 * iterate the tenants themselves, including the anonymous and local classes such a
	 * method declares. Handlers and other web layer classes are never system jobs. Code
	 * anywhere else that calls {@code TenantContext.of(...)}, also through a method
	 * reference, builds a context from input the kit did not resolve: a header, a query
	 * parameter, a request body. Test classes, excluded from the import, may create
	 * contexts. Violation:
	 *
	 * <pre class="code">
	 * &#64;GetMapping("/projects")
	 * Flux&lt;Project&gt; list(TenantContext tenant, &#64;RequestHeader("X-Tenant") String key) {
	 *     return directory.findByKey(new TenantKey(key)) // the tenant the caller asked for
	 *         .flatMapMany((other) -&gt; projects.findAll(TenantContext.of(other)));
	 * }
	 * </pre>
	 */
	@ArchTest
	public static final ArchRule TENANT_CONTEXTS_COME_FROM_RESOLUTION = classes()
		.should(TenancyConditions.notCreateTenantContexts())
		.as("no class outside the kit's tenant resolution and @SystemTenantJob code should create a TenantContext")
		.because("a context made from a header, parameter or body skips resolution and its checks; declare a "
				+ "TenantContext parameter and use the one the kit resolved, or mark a job that works for every "
				+ "tenant with @SystemTenantJob (ADR-001)")
		.allowEmptyShould(false);

	/**
	 * A tenant-scoped method (taking a {@code TenantContext}, {@code TenantId},
	 * {@code TenantKey} or {@code Tenant}, or calling a tenant-scoped repository or the
	 * template) annotated {@code @Cacheable} or {@code @CachePut} keys its entries by the
	 * tenant: it uses the default key (all parameters) and has a tenant parameter, or its
	 * {@code key} expression refers to the tenant parameter by name or position
	 * ({@code #tenant}, {@code #p0}, {@code #root.args[0]}) or to a property named like
	 * the tenant ({@code #command.tenantId()}). A method with a {@code keyGenerator} is
	 * not checked. Violation:
	 *
	 * <pre class="code">
	 * &#64;Cacheable(cacheNames = "projects", key = "#id") // tenant B gets tenant A's project
	 * Mono&lt;Project&gt; find(TenantContext tenant, UUID id) { ... }
	 * </pre>
	 */
	@ArchTest
	public static final ArchRule TENANT_SCOPED_CACHES_KEY_BY_TENANT = classes()
		.should(TenancyConditions.keyTenantScopedCachesByTenant())
		.as("cached tenant-scoped methods should include the tenant in their cache key")
		.because("a key without the tenant hands one tenant's cached result to another; keep the default key with "
				+ "the TenantContext parameter, or write key = \"{#tenant.tenantId(), #id}\" (ADR-001)")
		.allowEmptyShould(false);

	/**
	 * Classes of the web layer (handler classes, web infrastructure such as
	 * {@code WebFilter}, {@code WebExceptionHandler}, {@code HandlerFilterFunction} or
	 * {@code RouterFunction} wherever it lives, and classes in a {@code ..web..} package)
	 * depend only on the public repository package of the persistence module,
	 * {@code io.tenancykit.persistence.repository}, never on other persistence internals.
	 * Configuration classes, and classes nested in them, are exempt: wiring a persistence
	 * bean into a web bean is their job. Violation:
	 *
	 * <pre class="code">
	 * package com.acme.web;
	 * import io.tenancykit.persistence.rls.TenantSetting; // persistence internal
	 *
	 * package com.acme.audit;
	 * class AuditFilter implements WebFilter { // web layer, whatever its package
	 *     private final TenantSetting setting;
	 * }
	 * </pre>
	 */
	@ArchTest
	public static final ArchRule WEB_DOES_NOT_DEPEND_ON_PERSISTENCE_INTERNALS = noClasses()
		.should(TenancyConditions.onlyFor(TenancyPredicates.webLayer(),
				dependOnClassesThat(TenancyPredicates.persistenceInternal())))
		.as("no handler or web class should depend on the kit's persistence internals")
		.because("persistence internals can bind or bypass the tenant; reach data from the web layer only through "
				+ "tenant-scoped repositories and the TenantContext the kit resolved (ADR-001)")
		.allowEmptyShould(false);

	/**
	 * Tenant-owned entities say which property holds their owning tenant, in one of the
	 * ways the kit recognises: the entity implements {@code TenantOwned}, or a property
	 * is annotated {@code @OwningTenant}, or a property is mapped with
	 * {@code @Column("tenant_id")}. The rule applies to every class (records included)
	 * that declares a field of type {@code TenantId} other than its identity (a field
	 * named {@code id} or annotated {@code @Id}), or a field named {@code tenantId} (or
	 * {@code tenant_id}) of any type, which Spring Data's default naming strategy maps to
	 * {@code tenant_id}; types of {@code io.tenancykit.api} and the kit's change events
	 * ({@code io.tenancykit.persistence.changes}) are exempt. Violation:
	 *
	 * <pre class="code">
	 * record Invoice(&#64;Id UUID id, TenantId issuer, long cents) { } // whose invoice?
	 * </pre>
	 */
	@ArchTest
	public static final ArchRule TENANT_OWNED_ENTITIES_MARK_THEIR_OWNING_TENANT = classes()
		.should(TenancyConditions.markTheirOwningTenantIfTheyHoldATenant())
		.as("tenant-owned entities should mark their owning tenant with TenantOwned, @OwningTenant or "
				+ "@Column(\"tenant_id\")")
		.because("tenant-scoped repositories bind and compare the tenant through that property; an entity that "
				+ "does not name it relies on the naming strategy or is not recognised at all, and then invites "
				+ "storage that bypasses the repositories (ADR-001)")
		.allowEmptyShould(false);

	/**
	 * Only the kit's {@code io.tenancykit.persistence} module listens to PostgreSQL
	 * notifications: no other class calls {@code getNotifications()} on an
	 * r2dbc-postgresql {@code PostgresqlConnection} or a JDBC {@code PGConnection}, or
	 * holds a {@code LISTEN channel} statement. A trigger's {@code NOTIFY} reaches every
	 * listener of the database whatever the tenant, past both the repository's
	 * {@code tenant_id} predicate and row-level security; the kit's
	 * {@code TenantChangeStreams} delivers each change event to its own tenant's
	 * subscribers only. Violations:
	 *
	 * <pre class="code">
	 * connection.createStatement("LISTEN project_changes").execute()
	 *     .thenMany(connection.getNotifications()) // every tenant's changes
	 *     .subscribe(sink::next);
	 * </pre>
	 */
	@ArchTest
	public static final ArchRule NO_RAW_LISTEN_OUTSIDE_THE_KIT = classes()
		.should(TenancyConditions.onlyFor(RawListen.outsideTheKit(), RawListen.notListen()))
		.as("no classes outside the kit's persistence module should LISTEN to PostgreSQL notifications")
		.because("a NOTIFY payload reaches every listener whatever its tenant, past both walls; subscribe to the "
				+ "kit's TenantChangeStreams, which delivers each change event to its own tenant only (ADR-029)")
		.allowEmptyShould(false);

	private TenancyArchitectureRules() {
	}

	/**
	 * Return all rules of this class as one rule, for use outside the {@code @ArchTest}
	 * runner: {@code TenancyArchitectureRules.all().check(classes)}. Package cycles need
	 * a root package, see {@link #noCyclesIn(String)}.
	 * @return the composite rule
	 */
	public static ArchRule all() {
		return CompositeArchRule.of(rules()).allowEmptyShould(false);
	}

	/**
	 * Return all rules of this class as one rule in which each rule is frozen with
	 * ArchUnit's {@link FreezingArchRule}: the violations found on the first run are
	 * recorded in the violation store (configured in {@code archunit.properties}) and
	 * only new ones fail. Each rule keeps its own entry in the store, so fixing the last
	 * violation of one rule empties its entry. Use it to adopt the rules in a code base
	 * that cannot be fixed at once:
	 *
	 * <pre class="code">
	 * &#64;ArchTest
	 * static final ArchRule tenancy = TenancyArchitectureRules.frozen();
	 * </pre>
	 * @return the composite of frozen rules
	 */
	public static ArchRule frozen() {
		return CompositeArchRule.of(rules().stream().<ArchRule>map(FreezingArchRule::freeze).toList())
			.allowEmptyShould(false);
	}

	private static List<ArchRule> rules() {
		return List.of(NO_RAW_DATA_ACCESS, NO_SPRING_DATA_REPOSITORIES_FOR_TENANT_OWNED_ENTITIES,
				NO_STATIC_TENANT_STATE, NO_THREAD_LOCALS_IN_TENANT_AWARE_CODE, NO_REACTOR_CONTEXT_IN_TENANT_AWARE_CODE,
				NO_MDC_WRITES_IN_TENANT_AWARE_CODE, REPOSITORY_METHODS_TAKE_TENANT_CONTEXT_FIRST,
				TENANT_SCOPED_SQL_BINDS_TENANT_ID, HANDLERS_TAKE_TENANT_CONTEXT_PARAMETER,
				NO_TENANT_FIELDS_IN_COMPONENTS, TENANT_CONTEXTS_COME_FROM_RESOLUTION,
				TENANT_SCOPED_CACHES_KEY_BY_TENANT, WEB_DOES_NOT_DEPEND_ON_PERSISTENCE_INTERNALS,
				TENANT_OWNED_ENTITIES_MARK_THEIR_OWNING_TENANT, NO_RAW_LISTEN_OUTSIDE_THE_KIT);
	}

	/**
	 * Return a rule that the direct subpackages of {@code rootPackage} are free of
	 * cycles. Violation, with root {@code com.acme}:
	 *
	 * <pre class="code">
	 * package com.acme.billing;  import com.acme.projects.Project;
	 * package com.acme.projects; import com.acme.billing.Invoice;
	 * </pre>
	 * @param rootPackage the root package, such as {@code com.acme}, must not be
	 * {@literal null} or blank
	 * @return the rule
	 */
	public static ArchRule noCyclesIn(String rootPackage) {
		Objects.requireNonNull(rootPackage, "'rootPackage' must not be null");
		if (rootPackage.isBlank() || rootPackage.endsWith(".")) {
			throw new IllegalArgumentException("'rootPackage' must be a package name such as com.acme");
		}
		return SlicesRuleDefinition.slices()
			.matching(rootPackage + ".(*)..")
			.should()
			.beFreeOfCycles()
			.as("packages directly below " + rootPackage + " should be free of cycles")
			.because("a cycle ties features together so that neither can be understood, tested or moved alone; "
					+ "it is how a web package ends up reaching persistence internals (ADR-001)")
			.allowEmptyShould(false);
	}

}
