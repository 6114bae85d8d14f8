package io.tenancykit.persistence.verify;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.tenancykit.persistence.migration.TenancyMigrations;
import io.tenancykit.test.PostgresDatabase;
import io.tenancykit.test.PostgresTest;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verifier on a Citus coordinator (run by {@code -Pcitus}), as the application role:
 * distribution by {@code tenant_id}, co-location and forced row-level security on every
 * shard placement.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RlsVerifierCitusIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String TABLE = """
			CREATE TABLE %1$s (
				tenant_id uuid NOT NULL REFERENCES tenancy_tenant (id),
				id uuid NOT NULL,
				CONSTRAINT %1$s_pk PRIMARY KEY (tenant_id, id));
			SELECT tenancy_enable_rls('%1$s');
			""";

	private PostgresDatabase db;

	private RlsVerifier verifier;

	private String leakyShard;

	@BeforeAll
	void setUp(PostgresDatabase db) throws SQLException {
		assertThat(db.isCitus()).as("a Citus coordinator: set TENANCY_TEST_CITUS_URL or run -Pcitus").isTrue();
		this.db = db;
		TenancyMigrations
			.configure(Flyway.configure().dataSource(db.jdbcUrl(), db.owner().username(), db.owner().password()))
			.load()
			.migrate();
		db.executeAsOwner(TABLE.formatted("good_a") + TABLE.formatted("good_b") + TABLE.formatted("local_one")
				+ TABLE.formatted("apart") + TABLE.formatted("leaky")
				+ "SELECT tenancy_distribute('good_a', 'good_b', 'leaky');"
				+ "ALTER TABLE apart DROP CONSTRAINT apart_tenant_id_fkey;"
				+ "SELECT create_distributed_table('apart', 'tenant_id', colocate_with => 'none');");
		// One shard of leaky loses FORCE, changed on its worker behind Citus's back: the
		// distributed table still shows it forced.
		String node;
		try (Connection owner = db.openJdbc(db.owner());
				Statement statement = owner.createStatement();
				ResultSet shard = statement.executeQuery("SELECT shardid, nodename || ':' || nodeport"
						+ " FROM pg_dist_shard JOIN pg_dist_placement USING (shardid) JOIN pg_dist_node USING (groupid)"
						+ " WHERE logicalrelid = 'leaky'::regclass ORDER BY shardid LIMIT 1")) {
			assertThat(shard.next()).isTrue();
			this.leakyShard = "leaky_" + shard.getLong(1);
			node = shard.getString(2);
		}
		try (Connection worker = DriverManager.getConnection("jdbc:postgresql://" + node + "/" + db.databaseName(),
				db.owner().username(), db.owner().password()); Statement statement = worker.createStatement()) {
			statement.execute("SET citus.enable_manual_changes_to_shards = on");
			statement.execute("ALTER TABLE " + this.leakyShard + " NO FORCE ROW LEVEL SECURITY");
		}
		this.verifier = new RlsVerifier(
				DatabaseClient.create(new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
					.host(db.host())
					.port(db.port())
					.database(db.databaseName())
					.username(db.application().username())
					.password(db.application().password())
					.build())));
	}

	@Test
	void acceptsTablesDistributedByTenantIdCoLocatedWithForcedRlsOnEveryShard() {
		VerificationReport report = this.verifier.verify(List.of("good_a", "good_b")).block(TIMEOUT);
		assertThat(report).isNotNull();
		assertThat(report.violations()).isEmpty();
	}

	@Test
	void namesATenantTableThatIsNotDistributed() {
		VerificationReport report = this.verifier.verify(List.of("good_a", "local_one")).block(TIMEOUT);
		assertThat(report).isNotNull();
		assertThat(report.violations()).singleElement().satisfies((violation) -> {
			assertThat(violation.subject()).isEqualTo("local_one");
			assertThat(violation.kind()).isEqualTo(Violation.Kind.NOT_DISTRIBUTED_BY_TENANT_ID);
		});
	}

	@Test
	void namesATenantTableThatIsNotCoLocated() {
		VerificationReport report = this.verifier.verify(List.of("good_a", "apart")).block(TIMEOUT);
		assertThat(report).isNotNull();
		assertThat(report.violations()).singleElement().satisfies((violation) -> {
			assertThat(violation.subject()).isEqualTo("apart");
			assertThat(violation.kind()).isEqualTo(Violation.Kind.NOT_COLOCATED);
		});
	}

	@Test
	void namesTheShardWithoutForcedRls() {
		VerificationReport report = this.verifier.verify(List.of("good_a", "leaky")).block(TIMEOUT);
		assertThat(report).isNotNull();
		assertThat(report.violations()).singleElement().satisfies((violation) -> {
			assertThat(violation.subject()).isEqualTo("leaky");
			assertThat(violation.kind()).isEqualTo(Violation.Kind.SHARD_WITHOUT_FORCED_RLS);
			assertThat(violation.detail()).startsWith("shard " + this.leakyShard + " of table leaky on ")
				.endsWith(" does not force row level security with the tenancy_isolation policy");
		});
	}

}
