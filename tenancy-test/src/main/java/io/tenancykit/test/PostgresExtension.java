package io.tenancykit.test;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Modifier;
import java.sql.SQLException;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * JUnit extension behind {@link PostgresTest @PostgresTest}: creates a fresh database and
 * roles before each test class, resolves {@link PostgresDatabase} parameters, and drops
 * database and roles after the class. Per-class state lives in the class's {@link Store},
 * so JUnit also closes it if the class is aborted. In a Spring test class the database
 * belongs to the application context instead ({@link PostgresTestContextCustomizer}):
 * parameters then receive the context's database, and nothing is created per class.
 */
public final class PostgresExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

	private static final Namespace NAMESPACE = Namespace.create(PostgresExtension.class);

	/**
	 * The JUnit extension through which the Spring TestContext framework runs a class.
	 */
	private static final String SPRING_EXTENSION = "org.springframework.test.context.junit.jupiter.SpringExtension";

	@Override
	public void beforeAll(ExtensionContext context) {
		if (!isSpringTest(context.getRequiredTestClass())) {
			provisioned(context);
		}
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
		if (isSpringTest(classContext(extensionContext).getRequiredTestClass())) {
			// The database belongs to the class's application context, which
			// PostgresTestContextCustomizer gave it.
			return SpringTestDatabases.database(extensionContext);
		}
		return provisioned(extensionContext).database();
	}

	/**
	 * Whether the class, or a class enclosing it, runs with the Spring TestContext
	 * framework (such as a {@code @SpringBootTest}), whose application context then owns
	 * the database. Found by name, so that Spring stays optional.
	 */
	static boolean isSpringTest(Class<?> testClass) {
		@Nullable Class<?> current = testClass;
		while (current != null) {
			for (ExtendWith extendWith : AnnotationSupport.findRepeatableAnnotations(current, ExtendWith.class)) {
				for (Class<?> extension : extendWith.value()) {
					if (extension.getName().equals(SPRING_EXTENSION)) {
						return true;
					}
				}
			}
			// Only a @Nested (inner) class inherits the extensions of its enclosing
			// class.
			current = Modifier.isStatic(current.getModifiers()) ? null : current.getEnclosingClass();
		}
		return false;
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
		return ProvisionedDatabase.provision(PostgresServers.explicitUrl(classContext::getConfigurationParameter));
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

}
