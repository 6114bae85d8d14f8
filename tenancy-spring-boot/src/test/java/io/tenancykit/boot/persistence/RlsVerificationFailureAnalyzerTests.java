package io.tenancykit.boot.persistence;

import java.util.List;

import io.tenancykit.persistence.verify.RlsVerificationException;
import io.tenancykit.persistence.verify.VerificationReport;
import io.tenancykit.persistence.verify.Violation;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

class RlsVerificationFailureAnalyzerTests {

	private final RlsVerificationFailureAnalyzer analyzer = new RlsVerificationFailureAnalyzer();

	@Test
	void describesTheViolationsAndHowToFixThem() {
		RlsVerificationException exception = new RlsVerificationException(new VerificationReport("app",
				List.of("invoice"), List.of(new Violation("invoice", Violation.Kind.RLS_NOT_ENABLED, "no RLS"))));
		FailureAnalysis analysis = this.analyzer.analyze(new BeanCreationException("wrapped", exception));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("invoice: RLS_NOT_ENABLED");
		assertThat(analysis.getAction()).contains("tenancy_enable_rls").contains("tenancy.persistence.verifier.tables");
		assertThat(analysis.getCause()).isSameAs(exception);
		assertThat(RlsVerificationFailureAnalyzer.EXCEPTION).isEqualTo(RlsVerificationException.class.getName());
	}

	@Test
	void ignoresOtherFailures() {
		assertThat(this.analyzer.analyze(new IllegalStateException("other"))).isNull();
	}

}
