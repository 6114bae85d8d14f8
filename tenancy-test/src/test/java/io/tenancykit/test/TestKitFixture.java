package io.tenancykit.test;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a fixture class that only runs when launched through {@code EngineTestKit} with
 * the configuration parameter {@value #PARAMETER} set, never on its own in a build.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(TestKitFixture.Condition.class)
@interface TestKitFixture {

	String PARAMETER = "tenancy.test.fixture";

	class Condition implements ExecutionCondition {

		@Override
		public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
			return context.getConfigurationParameter(PARAMETER).isPresent()
					? ConditionEvaluationResult.enabled("launched by the test kit")
					: ConditionEvaluationResult.disabled("fixture, only run through EngineTestKit");
		}

	}

}
