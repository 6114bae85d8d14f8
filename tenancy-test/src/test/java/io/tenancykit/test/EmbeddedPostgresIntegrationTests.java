package io.tenancykit.test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import io.tenancykit.test.PostgresServers.ExplicitUrl;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The explicit URL {@code embedded} starts PostgreSQL from the binaries on the class path
 * for any user but root, whom initdb refuses: CI runs this as root in the plain build and
 * as an unprivileged user in the embedded run.
 */
class EmbeddedPostgresIntegrationTests {

	private static final ExplicitUrl EMBEDDED = new ExplicitUrl(PostgresTest.EMBEDDED, "test", false);

	@Test
	void embeddedServerStartsPostgres16ForAnyUserButRoot() throws Exception {
		if (PostgresServers.isRoot()) {
			assertThatExceptionOfType(PostgresUnavailableException.class)
				.isThrownBy(() -> PostgresServers.resolve(EMBEDDED))
				.withMessageContaining("not started: initdb refuses to run as root");
			return;
		}
		AdminServer server = PostgresServers.resolve(EMBEDDED);
		assertThat(server.origin()).isEqualTo(PostgresServers.EMBEDDED_NAME);
		try (ProvisionedDatabase provisioned = ProvisionedDatabase.create(server);
				Connection connection = provisioned.database().openJdbc(provisioned.database().application());
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT current_setting('server_version_num')::int")) {
			result.next();
			assertThat(result.getInt(1)).isBetween(160000, 169999);
		}
	}

}
