package io.tenancykit.test;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AdminServerTests {

	@Test
	void parsesPostgresqlUrlWithUserInfo() {
		AdminServer server = AdminServer.parse("postgresql://admin:p%40ss@db.example:6543/maintenance", "test");

		assertThat(server.host()).isEqualTo("db.example");
		assertThat(server.port()).isEqualTo(6543);
		assertThat(server.admin()).isEqualTo(new Credentials("admin", "p@ss"));
		assertThat(server.maintenanceDatabase()).isEqualTo("maintenance");
	}

	@Test
	void parsesShortPostgresSchemeAndDefaultsPortDatabaseAndPassword() {
		AdminServer server = AdminServer.parse("postgres://postgres@localhost", "test");

		assertThat(server.port()).isEqualTo(5432);
		assertThat(server.maintenanceDatabase()).isEqualTo("postgres");
		assertThat(server.admin()).isEqualTo(new Credentials("postgres", "postgres"));
	}

	@Test
	void parsesJdbcUrlWithUserAndPasswordParameters() {
		AdminServer server = AdminServer
			.parse("jdbc:postgresql://127.0.0.1:5433/postgres?ssl=false&user=root&password=a%26b+c", "test");

		assertThat(server.host()).isEqualTo("127.0.0.1");
		assertThat(server.port()).isEqualTo(5433);
		assertThat(server.admin()).isEqualTo(new Credentials("root", "a&b+c"));
		assertThat(server.jdbcUrl("tk_x")).isEqualTo("jdbc:postgresql://127.0.0.1:5433/tk_x");
	}

	@Test
	void rejectsOtherSchemesNamingTheOriginWithoutThePassword() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> AdminServer.parse("mysql://root:topsecret@localhost/db", "environment variable X"))
			.withMessageContaining("environment variable X")
			.withMessageContaining("postgresql://user:password@host:port/database")
			.withMessageNotContaining("topsecret");
	}

	@Test
	void rejectsUrlWithoutUser() {
		assertThatIllegalArgumentException().isThrownBy(() -> AdminServer.parse("postgresql://localhost/db", "test"))
			.withMessageContaining("names no user");
	}

	@Test
	void redactsPasswordsInBothForms() {
		assertThat(AdminServer.redact("postgresql://admin:topsecret@host:5432/db"))
			.isEqualTo("postgresql://admin:******@host:5432/db");
		assertThat(AdminServer.redact("jdbc:postgresql://host/db?user=a&password=topsecret&ssl=true"))
			.isEqualTo("jdbc:postgresql://host/db?user=a&password=******&ssl=true");
	}

	@Test
	void toStringHidesThePassword() {
		AdminServer server = AdminServer.parse("postgresql://admin:topsecret@host:5432/db", "test");

		assertThat(server.toString()).contains("host:5432", "admin").doesNotContain("topsecret");
	}

	@Test
	void bracketsIpv6HostsInUrls() {
		AdminServer server = new AdminServer("::1", 5432, new Credentials("postgres", "postgres"), "postgres", "test");

		assertThat(server.jdbcUrl("tk_x")).isEqualTo("jdbc:postgresql://[::1]:5432/tk_x");
	}

}
