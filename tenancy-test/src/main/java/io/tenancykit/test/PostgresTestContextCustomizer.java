package io.tenancykit.test;

import java.util.LinkedHashMap;
import java.util.Optional;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.support.TestPropertySourceUtils;
import org.springframework.util.ClassUtils;

/**
 * Gives the application context of a {@link PostgresTest @PostgresTest} Spring test a
 * fresh database, created before any bean (so before Flyway or Liquibase and the R2DBC
 * connection factory), and dropped when the context closes. The database belongs to the
 * context, not to one test class: test classes that share a cached context share it, as
 * they share every other bean. The context gets
 * <ul>
 * <li>{@code spring.r2dbc.url}, {@code .username}, {@code .password}: the application
 * role, which row-level security applies to;</li>
 * <li>{@code spring.flyway.url}, {@code .user}, {@code .password} and
 * {@code spring.liquibase.url}, {@code .user}, {@code .password}: the owner, so that
 * migrations own the tables;</li>
 * <li>the beans {@link PostgresDatabase}, {@link TestTenants} (with tenancy-api) and
 * {@link TenantRequests} (with spring-webflux).</li>
 * </ul>
 * The properties rank below the test's inlined properties
 * ({@code @SpringBootTest(properties = ...)}, {@code @TestPropertySource}) and above
 * everything else, such as {@code application.yaml}.
 */
final class PostgresTestContextCustomizer implements ContextCustomizer {

	static final String PROPERTY_SOURCE_NAME = "tenancy-test @PostgresTest database";

	static final String DATABASE_BEAN = "tenancyTestPostgresDatabase";

	private static final boolean TENANCY_API_PRESENT = ClassUtils.isPresent("io.tenancykit.api.TenantContext",
			PostgresTestContextCustomizer.class.getClassLoader());

	private static final boolean WEB_TEST_CLIENT_PRESENT = ClassUtils.isPresent(
			"org.springframework.test.web.reactive.server.WebTestClient",
			PostgresTestContextCustomizer.class.getClassLoader())
			&& ClassUtils.isPresent("org.springframework.web.reactive.function.client.WebClient",
					PostgresTestContextCustomizer.class.getClassLoader());

	@Override
	public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
		// Outside JUnit's extension context there are no JUnit configuration
		// parameters: the explicit URL comes from system properties and the
		// environment.
		ProvisionedDatabase provisioned = ProvisionedDatabase
			.provision(PostgresServers.explicitUrl((name) -> Optional.empty()));
		PostgresDatabase database = provisioned.database();
		addProperties(context, database);
		ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
		beanFactory.registerSingleton(DATABASE_BEAN, database);
		if (beanFactory instanceof DefaultSingletonBeanRegistry registry) {
			// Registered before every other bean, so destroyed after them all: the
			// connection pools are closed before the database is dropped.
			registry.registerDisposableBean(DATABASE_BEAN + ".drop", provisioned::close);
		}
		if (TENANCY_API_PRESENT) {
			beanFactory.registerSingleton("tenancyTestTenants", new TestTenants(database));
			if (WEB_TEST_CLIENT_PRESENT && context instanceof GenericApplicationContext generic) {
				generic.registerBean("tenancyTestTenantRequests", TenantRequests.class,
						() -> TenantRequests.configuredIn(generic));
			}
		}
	}

	private static void addProperties(ConfigurableApplicationContext context, PostgresDatabase database) {
		MapPropertySource source = new MapPropertySource(PROPERTY_SOURCE_NAME,
				new LinkedHashMap<>(database.springBootProperties()));
		MutablePropertySources sources = context.getEnvironment().getPropertySources();
		String inlined = TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME;
		if (sources.contains(inlined)) {
			sources.addAfter(inlined, source);
		}
		else {
			sources.addFirst(source);
		}
	}

	// Every @PostgresTest customizer is the same, so that test classes with otherwise
	// equal configuration share one cached context (and its database).
	@Override
	public boolean equals(Object obj) {
		return obj != null && obj.getClass() == getClass();
	}

	@Override
	public int hashCode() {
		return getClass().hashCode();
	}

}
