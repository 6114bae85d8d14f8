package io.tenancykit.test;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Registered in {@code META-INF/spring.factories}: gives the application context of a
 * Spring test class annotated with {@link PostgresTest @PostgresTest} (directly, through
 * a meta-annotation or an enclosing class) a database of its own, as
 * {@link PostgresTestContextCustomizer} describes. Loaded only by the Spring TestContext
 * framework, so tenancy-test's Spring dependencies stay optional.
 */
class PostgresTestContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		return TestContextAnnotationUtils.hasAnnotation(testClass, PostgresTest.class)
				? new PostgresTestContextCustomizer() : null;
	}

}
