package io.tenancykit.sample;

import io.tenancykit.persistence.verify.RlsVerificationException;
import io.tenancykit.persistence.verify.Violation;
import io.tenancykit.test.PostgresDatabase;
import io.tenancykit.test.PostgresTest;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The sample refuses to start when its R2DBC role could bypass row-level security: here
 * it connects as the table owner, and the kit's startup verifier names the table and what
 * is wrong with it.
 */
@PostgresTest
class StartupVerificationIntegrationTests {

	@Test
	void refusesToServeAsTheTableOwner(PostgresDatabase db) {
		// Migrate once with the proper roles, then try to serve as the owner.
		try (ConfigurableApplicationContext migrated = SampleApplications.start(db)) {
			assertThat(migrated.isActive()).isTrue();
		}
		// The verifier's own exception, not a wrapper: SpringApplication rethrows it.
		assertThatExceptionOfType(RlsVerificationException.class)
			.isThrownBy(() -> SampleApplications.start(db, db.owner()).close())
			.satisfies((verification) -> {
				assertThat(verification.report().role()).isEqualTo(db.owner().username());
				assertThat(verification.report().violations()).extracting(Violation::subject, Violation::kind)
					.containsExactly(tuple("project", Violation.Kind.OWNED_BY_APPLICATION_ROLE));
			});
	}

}
