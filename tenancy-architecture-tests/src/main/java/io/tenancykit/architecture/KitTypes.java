package io.tenancykit.architecture;

import java.util.List;

/**
 * Fully-qualified names of the kit and framework types the rules refer to. Names rather
 * than class literals keep the rules usable on a classpath that lacks some of them.
 */
final class KitTypes {

	static final String API_PACKAGE = "io.tenancykit.api";

	static final String TENANT_CONTEXT = API_PACKAGE + ".TenantContext";

	static final String TENANT_ID = API_PACKAGE + ".TenantId";

	static final String TENANT_KEY = API_PACKAGE + ".TenantKey";

	static final String TENANT = API_PACKAGE + ".Tenant";

	/** Types that identify a tenant and therefore must never live in global state. */
	static final List<String> TENANT_STATE = List.of(TENANT_CONTEXT, TENANT_ID, TENANT_KEY, TENANT);

	/**
	 * Marks a class or method that works for tenants no request asked for, and may
	 * therefore create its own {@code TenantContext}.
	 */
	static final String SYSTEM_TENANT_JOB = API_PACKAGE + ".SystemTenantJob";

	/**
	 * Kit packages that create a {@code TenantContext}: request resolution, the tenant
	 * directory, the API itself and the test harness.
	 */
	static final List<String> CONTEXT_FACTORY_PACKAGES = List.of(API_PACKAGE, "io.tenancykit.web.resolution",
			"io.tenancykit.web.directory", "io.tenancykit.test");

	/** The kit's test harness, which provisions databases over JDBC as their owner. */
	static final String TEST_HARNESS_PACKAGE = "io.tenancykit.test";

	static final String PERSISTENCE_PACKAGE = "io.tenancykit.persistence";

	/** The public package of the persistence module: the repository base types. */
	static final String REPOSITORY_PACKAGE = PERSISTENCE_PACKAGE + ".repository";

	/** The interface that tenant-scoped repository interfaces extend. */
	static final String TENANT_SCOPED_CRUD_REPOSITORY = REPOSITORY_PACKAGE + ".TenantScopedCrudRepository";

	/** The base class of tenant-scoped repositories written as classes. */
	static final String TENANT_SCOPED_REPOSITORY = REPOSITORY_PACKAGE + ".TenantScopedRepository";

	/** Both styles of tenant-scoped repository (the class implements the interface). */
	static final List<String> TENANT_SCOPED_REPOSITORIES = List.of(TENANT_SCOPED_CRUD_REPOSITORY,
			TENANT_SCOPED_REPOSITORY);

	/** The tenant-bound engine behind tenant-scoped repositories; not raw data access. */
	static final String TENANT_SCOPED_TEMPLATE = REPOSITORY_PACKAGE + ".TenantScopedTemplate";

	static final String TENANT_OWNED = REPOSITORY_PACKAGE + ".TenantOwned";

	static final String OWNING_TENANT = REPOSITORY_PACKAGE + ".OwningTenant";

	/**
	 * The column of the owning tenant; Spring Data's default naming strategy maps the
	 * properties {@code tenantId} (which {@code TenantOwned} declares) and
	 * {@code tenant_id} to it.
	 */
	static final String TENANT_ID_COLUMN = "tenant_id";

	static final String COLUMN = "org.springframework.data.relational.core.mapping.Column";

	static final String ID = "org.springframework.data.annotation.Id";

	static final String WEB_PACKAGE = "io.tenancykit.web";

	static final String CONFIGURATION = "org.springframework.context.annotation.Configuration";

	static final String AUTO_CONFIGURATION = "org.springframework.boot.autoconfigure.AutoConfiguration";

	static final String COMPONENT = "org.springframework.stereotype.Component";

	static final String BEAN = "org.springframework.context.annotation.Bean";

	/**
	 * Binds a class's fields, or those of a {@code @Bean} method's result, at startup.
	 */
	static final String CONFIGURATION_PROPERTIES = "org.springframework.boot.context.properties.ConfigurationProperties";

	/** The annotations that declare the SQL of a repository query method. */
	static final List<String> QUERY_ANNOTATIONS = List.of("org.springframework.data.r2dbc.repository.Query",
			"org.springframework.data.jdbc.repository.query.Query");

	static final String CACHEABLE = "org.springframework.cache.annotation.Cacheable";

	static final String CACHE_PUT = "org.springframework.cache.annotation.CachePut";

	static final String CONTROLLER = "org.springframework.stereotype.Controller";

	static final String SERVER_REQUEST = "org.springframework.web.reactive.function.server.ServerRequest";

	static final String HANDLER_FUNCTION = "org.springframework.web.reactive.function.server.HandlerFunction";

	static final List<String> WEB_COMPONENTS = List.of("org.springframework.web.server.WebFilter",
			"org.springframework.web.server.WebHandler", HANDLER_FUNCTION,
			"org.springframework.web.reactive.function.server.HandlerFilterFunction");

	/** Web infrastructure that is web layer wherever it lives. */
	static final List<String> WEB_INFRASTRUCTURE = List.of("org.springframework.web.server.WebFilter",
			"org.springframework.web.server.WebHandler", "org.springframework.web.server.WebExceptionHandler",
			HANDLER_FUNCTION, "org.springframework.web.reactive.function.server.HandlerFilterFunction",
			"org.springframework.web.reactive.function.server.RouterFunction");

	static final String SPRING_DATA_REPOSITORY = "org.springframework.data.repository.Repository";

	/**
	 * Makes an interface a Spring Data repository without extending
	 * {@value #SPRING_DATA_REPOSITORY}.
	 */
	static final String REPOSITORY_DEFINITION = "org.springframework.data.repository.RepositoryDefinition";

	/**
	 * Types that reach the database without a tenant predicate (and their subtypes, and
	 * the types nested in them, such as {@code DatabaseClient.GenericExecuteSpec}).
	 */
	static final List<String> RAW_DATA_ACCESS = List.of("org.springframework.r2dbc.core.DatabaseClient",
			"org.springframework.data.r2dbc.core.R2dbcEntityOperations",
			"org.springframework.data.r2dbc.core.FluentR2dbcOperations",
			"org.springframework.data.r2dbc.core.ReactiveSelectOperation",
			"org.springframework.data.r2dbc.core.ReactiveInsertOperation",
			"org.springframework.data.r2dbc.core.ReactiveUpdateOperation",
			"org.springframework.data.r2dbc.core.ReactiveDeleteOperation", "io.r2dbc.spi.ConnectionFactory",
			"io.r2dbc.spi.Connection", "io.r2dbc.spi.Statement", "javax.sql.DataSource", "java.sql.Connection",
			"java.sql.Statement", "org.springframework.jdbc.core.JdbcOperations",
			"org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations",
			"org.springframework.jdbc.core.simple.JdbcClient", "org.springframework.jdbc.core.simple.SimpleJdbcInsert",
			"org.springframework.jdbc.core.simple.SimpleJdbcCall", "org.springframework.jdbc.object.RdbmsOperation",
			"org.springframework.data.jdbc.core.JdbcAggregateOperations");

	/** Static helpers that hand out raw connections. */
	static final List<String> RAW_DATA_ACCESS_HELPERS = List.of("io.r2dbc.spi.ConnectionFactories",
			"org.springframework.r2dbc.connection.ConnectionFactoryUtils", "java.sql.DriverManager",
			"org.springframework.jdbc.datasource.DataSourceUtils");

	/**
	 * Instance methods of raw data access types that configuration classes may call while
	 * wiring beans: they hand out or configure a client, they run no statement.
	 */
	static final List<String> WIRING_METHODS = List.of("getDatabaseClient", "getConnectionFactory", "getDataSource",
			"getJdbcOperations", "getJdbcTemplate", "getConverter", "getDataAccessStrategy", "getDialect",
			"getMetadata", "mutate", "afterPropertiesSet", "getBindMarkerFactory", "warmup", "dispose");

	/** Types that are functions over tenants rather than stored tenants. */
	static final List<String> FUNCTIONS = List.of("java.util.Comparator", "java.util.function.Function",
			"java.util.function.BiFunction", "java.util.function.Predicate", "java.util.function.BiPredicate",
			"java.util.function.Consumer", "java.util.function.BiConsumer", "java.util.function.ToLongFunction",
			"java.util.function.ToIntFunction", "java.util.function.UnaryOperator");

	static final List<String> THREAD_LOCALS = List.of("java.lang.ThreadLocal",
			"io.netty.util.concurrent.FastThreadLocal");

	private KitTypes() {
	}

}
