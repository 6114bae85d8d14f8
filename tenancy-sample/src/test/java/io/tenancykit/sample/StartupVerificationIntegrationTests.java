package io.tenancykit.sample;

import io.tenancykit.test.PostgresDatabase;
import io.tenancykit.test.PostgresTest;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The sample refuses to start when its R2DBC role could bypass row-level security: here
 * it connects as the table owner, and the kit's startup verifier names the table.
 */
@PostgresTest
class StartupVerificationIntegrationTests {

	@Test
	void refusesToServeAsTheTableOwner(PostgresDatabase db) {
		// Migrate once with the proper roles, then try to serve as the owner.
		try (ConfigurableApplicationContext migrated = SampleApplications.start(db)) {
			assertThat(migrated.isActive()).isTrue();
		}
		assertThatException().isThrownBy(() -> SampleApplications.start(db, db.owner()).close())
			.satisfies((ex) -> assertThat(fullMessage(ex)).contains("project"));
	}

	private static String fullMessage(Throwable ex) {
		StringBuilder message = new StringBuilder();
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			message.append(cause.getMessage()).append('\n');
		}
		return message.toString();
	}

}
