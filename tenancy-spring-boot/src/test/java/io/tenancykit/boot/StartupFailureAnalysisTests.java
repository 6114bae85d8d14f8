package io.tenancykit.boot;

import java.util.List;
import java.util.Objects;

import io.tenancykit.boot.testsupport.StubDatabase;
import io.tenancykit.boot.web.TenancyWebAutoConfiguration;
import io.tenancykit.persistence.verify.RlsVerificationException;
import io.tenancykit.persistence.verify.VerificationReport;
import io.tenancykit.persistence.verify.Violation;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

import static io.tenancykit.boot.testsupport.FailureAnalyses.analyze;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a developer reads when startup fails: the failure analyses Spring Boot prints,
 * found through {@code META-INF/spring.factories} as Spring Boot finds them.
 */
class StartupFailureAnalysisTests {

	@Test
	void explainsAnInvalidPropertyByItsName() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TenancyWebAutoConfiguration.class))
			.withUserConfiguration(StubDatabase.DirectoryConfiguration.class)
			.withPropertyValues("tenancy.web.cache.maximum-size=0")
			.run((context) -> {
				FailureAnalysis analysis = analyze(Objects.requireNonNull(context.getStartupFailure()));
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription())
					.contains("Invalid value '0' for configuration property 'tenancy.web.cache.maximum-size'")
					.contains("must be positive");
			});
	}

	@Test
	void explainsAFailedIsolationCheck() {
		RlsVerificationException failure = new RlsVerificationException(new VerificationReport("my_app",
				List.of("leaky"), List.of(new Violation("leaky", Violation.Kind.RLS_NOT_ENABLED, "no RLS"))));
		FailureAnalysis analysis = analyze(failure);
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("leaky: RLS_NOT_ENABLED");
		assertThat(analysis.getAction()).contains("tenancy_enable_rls");
	}

}
