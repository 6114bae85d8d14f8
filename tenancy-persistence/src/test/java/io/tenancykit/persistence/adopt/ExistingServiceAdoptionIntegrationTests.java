package io.tenancykit.persistence.adopt;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.pool.ConnectionPool;
import io.tenancykit.persistence.migration.TenancyMigrations;
import io.tenancykit.persistence.support.TestDatabases;
import io.tenancykit.persistence.verify.RlsVerifier;
import io.tenancykit.test.Credentials;
import io.tenancykit.test.PostgresDatabase;
import io.tenancykit.test.PostgresTest;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.test.StepVerifier;

import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Converts a legacy schema holding data into a tenant-owned one with exactly the SQL of
 * docs/guides/adopt-in-an-existing-service.md ({@link AdoptionGuideTests} checks that the
 * guide shows these files), then runs the kit's verifier as the application role.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExistingServiceAdoptionIntegrationTests {

	static final UUID ACME = UUID.fromString("5b0d8a3e-0000-4000-8000-000000000001");

	static final UUID GLOBEX = UUID.fromString("5b0d8a3e-0000-4000-8000-000000000002");

	private PostgresDatabase db;

	private ConnectionPool pool;

	@BeforeAll
	void convert(PostgresDatabase db) throws SQLException {
		this.db = db;
		Credentials owner = db.owner();
		// The service as it ran before: its own Flyway history, its tables, its data.
		Flyway.configure()
			.dataSource(db.jdbcUrl(), owner.username(), owner.password())
			.locations("classpath:db/adopt/legacy")
			.load()
			.migrate();
		// Adopting the kit: its migrations first (own history table, baseline on a
		// non-empty schema), then the service's next migrations and its
		// afterMigrate callback.
		TenancyMigrations.configure(Flyway.configure().dataSource(db.jdbcUrl(), owner.username(), owner.password()))
			.load()
			.migrate();
		Flyway.configure()
			.dataSource(db.jdbcUrl(), owner.username(), owner.password())
			.locations("classpath:db/adopt/legacy", "classpath:db/adopt/migration", "classpath:db/adopt/callbacks")
			.placeholders(Map.of("application_role", db.application().username(), "schema", "public"))
			.load()
			.migrate();
		this.pool = TestDatabases.pool(TestDatabases.connectionFactory(db, db.application()), 2);
	}

	@AfterAll
	void tearDown() {
		this.pool.dispose();
	}

	@Test
	void passesTheVerifierAsTheApplicationRole() {
		StepVerifier
			.create(new RlsVerifier(DatabaseClient.create(this.pool)).verifyOrThrow(List.of("customer", "orders")))
			.assertNext((report) -> {
				assertThat(report.isSatisfied()).isTrue();
				assertThat(report.tables()).containsExactlyInAnyOrder("customer", "orders");
			})
			.expectComplete()
			.verify(Duration.ofSeconds(30));
	}

	@Test
	void givesEveryExistingRowToTheFirstTenantAndNoneToTheSecond() throws SQLException {
		assertThat(TestDatabases.rowsByTenant(this.db, "customer")).containsOnly(Map.entry(ACME, 3L),
				Map.entry(GLOBEX, 0L));
		assertThat(TestDatabases.rowsByTenant(this.db, "orders")).containsOnly(Map.entry(ACME, 12L),
				Map.entry(GLOBEX, 0L));
	}

	@Test
	void keepsEmailsUniqueWithinATenantOnly() throws SQLException {
		assertThat(asApplication(GLOBEX, "INSERT INTO customer (tenant_id, email, name)" + " VALUES ('" + GLOBEX
				+ "', 'ada@example.com', 'Another Ada')"))
			.isEqualTo(1);
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> asApplication(ACME,
					"INSERT INTO customer (tenant_id, email, name)" + " VALUES ('" + ACME
							+ "', 'ada@example.com', 'Ada again')"))
			.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("23505"));
	}

	@Test
	void refusesAnOrderOfOneTenantForAnotherTenantsCustomer() {
		// Customer 1 is acme's (the first legacy row); the composite key has no
		// (globex, 1).
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> asApplication(GLOBEX,
					"INSERT INTO orders (tenant_id, customer_id, total_cents)" + " VALUES ('" + GLOBEX + "', 1, 100)"))
			.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("23503"));
	}

	private int asApplication(UUID tenant, String sql) throws SQLException {
		try (Connection connection = this.db.openJdbc(this.db.application())) {
			connection.setAutoCommit(false);
			try (PreparedStatement set = connection
				.prepareStatement("SELECT set_config('tenancy.tenant_id', ?, true)")) {
				set.setString(1, tenant.toString());
				set.execute();
			}
			try (Statement statement = connection.createStatement()) {
				int rows = statement.executeUpdate(sql);
				connection.commit();
				return rows;
			}
		}
	}

}
