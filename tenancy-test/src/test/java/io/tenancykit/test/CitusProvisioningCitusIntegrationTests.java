package io.tenancykit.test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Provisioning on a Citus coordinator (run by {@code -Pcitus}, which sets
 * {@value PostgresTest#CITUS_URL_PROPERTY}): the database exists on every node with the
 * {@code citus} extension, the workers are registered in its metadata, tables can be
 * distributed by the owner and used by the application role, and closing drops database
 * and roles on every node.
 */
class CitusProvisioningCitusIntegrationTests {

	@Test
	void createsTheDatabaseOnEveryNodeAndDropsItEverywhere() throws SQLException {
		String url = System.getProperty(PostgresTest.CITUS_URL_PROPERTY);
		assertThat(url).as("-D" + PostgresTest.CITUS_URL_PROPERTY + " (run -Pcitus)").isNotBlank();
		AdminServer server = AdminServer.parse(url, "test");
		server.verifyCitus();
		ProvisionedDatabase provisioned = ProvisionedDatabase.create(server);
		PostgresDatabase db = provisioned.database();
		CitusCluster cluster = provisioned.citus();
		assertThat(db.isCitus()).isTrue();
		assertThat(cluster).isNotNull();
		assertThat(cluster.workers()).isNotEmpty();
		try {
			assertThat(single(db.openAdmin(), "SELECT count(*) FROM pg_dist_node WHERE groupid <> 0"))
				.isEqualTo(String.valueOf(cluster.workers().size()));
			for (AdminServer worker : cluster.workers()) {
				assertThat(single(worker.connectAsAdmin(db.databaseName()),
						"SELECT extname FROM pg_extension WHERE extname = 'citus'"))
					.isEqualTo("citus");
			}
			db.executeAsOwner("CREATE TABLE t (tenant_id uuid NOT NULL, n int, PRIMARY KEY (tenant_id, n));"
					+ " SELECT create_distributed_table('t', 'tenant_id')");
			try (Connection application = db.openJdbc(db.application());
					Statement statement = application.createStatement()) {
				statement.execute("INSERT INTO t VALUES ('0b9f6c3e-5d1a-4c1e-9a57-4f1b2c3d4e01', 1)");
			}
			assertThat(single(db.openJdbc(db.application()), "SELECT count(*) FROM t")).isEqualTo("1");
		}
		finally {
			provisioned.close();
		}
		for (AdminServer node : cluster.workers()) {
			assertThat(single(node.connectAsAdmin(node.maintenanceDatabase()),
					"SELECT count(*) FROM pg_database WHERE datname = '" + db.databaseName() + "'"))
				.isEqualTo("0");
			assertThat(single(node.connectAsAdmin(node.maintenanceDatabase()),
					"SELECT count(*) FROM pg_roles WHERE rolname LIKE '" + db.databaseName() + "%'"))
				.isEqualTo("0");
		}
	}

	@Test
	void refusesAServerWithoutCitusAsTheCitusCoordinator() {
		AdminServer plain = AdminServer.parse("postgresql://postgres:postgres@127.0.0.1:5432/postgres", "test");
		assertThatIllegalStateException().isThrownBy(plain::verifyCitus)
			.withMessage("database postgres has no citus extension: this is not a Citus coordinator");
	}

	private static String single(Connection connection, String sql) throws SQLException {
		try (connection;
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			assertThat(result.next()).isTrue();
			return result.getString(1);
		}
	}

}
