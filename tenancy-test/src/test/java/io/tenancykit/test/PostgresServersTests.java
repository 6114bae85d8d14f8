package io.tenancykit.test;

import java.net.ConnectException;
import java.util.List;

import io.tenancykit.test.PostgresServers.Attempt;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PostgresServersTests {

	@Test
	void failureWhenNothingIsUsableNamesAllFourWaysAndEveryError() {
		List<Attempt> attempts = List.of(new Attempt("Testcontainers (postgres:16-alpine)", () -> {
			throw new IllegalStateException("no Docker engine answered");
		}), new Attempt("local server at 127.0.0.1:5432 as user postgres", () -> {
			throw new ConnectException("Connection refused");
		}), new Attempt(PostgresServers.EMBEDDED_NAME, () -> {
			throw new IllegalStateException("not started: initdb refuses to run as root");
		}));

		assertThatExceptionOfType(PostgresUnavailableException.class)
			.isThrownBy(() -> PostgresServers.firstUsable(attempts).server())
			.withMessageContaining("TENANCY_TEST_POSTGRES_URL")
			.withMessageContaining("-Dtenancy.test.postgres.url")
			.withMessageContaining("start a Docker engine so that Testcontainers can run postgres:16-alpine")
			.withMessageContaining("run PostgreSQL on 127.0.0.1:5432 with user postgres")
			.withMessageContaining(
					"Testcontainers (postgres:16-alpine): IllegalStateException: no Docker engine answered")
			.withMessageContaining(
					"local server at 127.0.0.1:5432 as user postgres: ConnectException: Connection refused")
			.withMessageContaining("run the build as a user other than root, so that the embedded PostgreSQL can start")
			.withMessageContaining(PostgresServers.EMBEDDED_NAME
					+ ": IllegalStateException: not started: initdb refuses to run as root")
			.withMessageContaining("explicit admin URL: not set");
	}

}
