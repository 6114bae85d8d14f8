package io.tenancykit.persistence.verify;

import java.util.List;

import io.tenancykit.persistence.verify.Violation.Kind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VerificationReportTests {

	@Test
	void describesEveryViolationNamingItsTable() {
		VerificationReport report = new VerificationReport("app", List.of("invoice", "line"),
				List.of(new Violation("invoice", Kind.RLS_NOT_FORCED,
						"table invoice does not force row level security"),
						new Violation("line", Kind.TENANT_POLICY_MISSING, "table line has no policy")));
		assertThat(report.isSatisfied()).isFalse();
		assertThat(report.violationsOf("line")).extracting(Violation::kind).containsExactly(Kind.TENANT_POLICY_MISSING);
		assertThat(report.describe()).contains("role app", "invoice: RLS_NOT_FORCED", "line: TENANT_POLICY_MISSING");
		assertThat(new RlsVerificationException(report)).hasMessage(report.describe());
	}

	@Test
	void isSatisfiedWithoutViolations() {
		VerificationReport report = new VerificationReport("app", List.of("invoice"), List.of());
		assertThat(report.isSatisfied()).isTrue();
		assertThat(report.describe()).contains("verified", "invoice");
	}

}
