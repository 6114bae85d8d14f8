package io.tenancykit.test;

import java.lang.reflect.AnnotatedElement;
import java.sql.SQLException;

import io.tenancykit.test.PostgresServers.ExplicitUrl;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit extension behind {@link PostgresTest @PostgresTest}: creates a fresh database and
 * roles before each test class, resolves {@link PostgresDatabase} parameters, and drops
 * database and roles after the class. Per-class state lives in the class's {@link Store},
 * so JUnit also closes it if the class is aborted.
 */
public final class PostgresExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

	private static final Namespace NAMESPACE = Namespace.create(PostgresExtension.class);

	@Override
	public void beforeAll(ExtensionContext context) {
		provisioned(context);
	}

	@Override
	public void afterAll(ExtensionContext context) throws SQLException {
		ProvisionedDatabase provisioned = context.getStore(NAMESPACE)
			.remove(context.getUniqueId(), ProvisionedDatabase.class);
		if (provisioned != null) {
			provisioned.close();
		}
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == PostgresDatabase.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return provisioned(extensionContext).database();
	}

	/**
	 * Return the database of the test class the context belongs to, creating it if this
	 * is the first call (a constructor parameter of a {@code PER_CLASS} test instance is
	 * resolved before {@code beforeAll}).
	 */
	private static ProvisionedDatabase provisioned(ExtensionContext context) {
		ExtensionContext classContext = classContext(context);
		// Keyed by the class context's id so that a @Nested class never sees the
		// database of its enclosing class through the store's parent lookup.
		return classContext.getStore(NAMESPACE)
			.computeIfAbsent(classContext.getUniqueId(), (key) -> create(classContext), ProvisionedDatabase.class);
	}

	private static ProvisionedDatabase create(ExtensionContext classContext) {
		AdminServer server = PostgresServers.resolve(explicitUrl(classContext));
		try {
			return ProvisionedDatabase.create(server);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create a test database on " + server + ": " + ex.getMessage(),
					ex);
		}
	}

	private static ExtensionContext classContext(ExtensionContext context) {
		ExtensionContext current = context;
		while (!isClass(current.getElement().orElse(null))) {
			current = current.getParent()
				.orElseThrow(() -> new ParameterResolutionException(
						"PostgresDatabase can only be injected within a @PostgresTest class"));
		}
		return current;
	}

	private static boolean isClass(@Nullable AnnotatedElement element) {
		return element instanceof Class<?>;
	}

	private static @Nullable ExplicitUrl explicitUrl(ExtensionContext context) {
		ExplicitUrl citus = explicitCitusUrl(context);
		if (citus != null) {
			return citus;
		}
		ExplicitUrl configured = explicitUrl(context.getConfigurationParameter(PostgresTest.URL_PROPERTY).orElse(null),
				"system property or JUnit configuration parameter " + PostgresTest.URL_PROPERTY);
		if (configured != null) {
			return configured;
		}
		ExplicitUrl property = explicitUrl(System.getProperty(PostgresTest.URL_PROPERTY),
				"system property " + PostgresTest.URL_PROPERTY);
		if (property != null) {
			return property;
		}
		return explicitUrl(System.getenv(PostgresTest.URL_ENVIRONMENT),
				"environment variable " + PostgresTest.URL_ENVIRONMENT);
	}

	private static @Nullable ExplicitUrl explicitCitusUrl(ExtensionContext context) {
		String configured = context.getConfigurationParameter(PostgresTest.CITUS_URL_PROPERTY)
			.orElse(System.getProperty(PostgresTest.CITUS_URL_PROPERTY));
		if (configured != null && !configured.isBlank()) {
			return new ExplicitUrl(configured,
					"system property or JUnit configuration parameter " + PostgresTest.CITUS_URL_PROPERTY, true);
		}
		String environment = System.getenv(PostgresTest.CITUS_URL_ENVIRONMENT);
		return (environment != null && !environment.isBlank())
				? new ExplicitUrl(environment, "environment variable " + PostgresTest.CITUS_URL_ENVIRONMENT, true)
				: null;
	}

	private static @Nullable ExplicitUrl explicitUrl(@Nullable String value, String origin) {
		return (value != null && !value.isBlank()) ? new ExplicitUrl(value, origin, false) : null;
	}

}
