package io.tenancykit.test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The nodes of a Citus cluster whose coordinator is an {@link AdminServer}, read from the
 * maintenance database's {@code pg_dist_node}, and the steps that make a freshly created
 * test database a distributed one: the database and the {@code citus} extension on every
 * node, the workers registered in the new database's own metadata, and the owner's grants
 * repeated on every worker (Citus replays some of them, not all, depending on its
 * version).
 *
 * @param coordinator the coordinator
 * @param workers the active primary workers; empty for a single-node cluster, whose
 * coordinator then holds the shards
 */
record CitusCluster(AdminServer coordinator, List<AdminServer> workers) {

	private static final String NODES = "SELECT nodename, nodeport FROM pg_catalog.pg_dist_node"
			+ " WHERE groupid <> 0 AND noderole = 'primary' AND isactive ORDER BY nodeid";

	CitusCluster {
		workers = List.copyOf(workers);
	}

	/**
	 * Return the cluster the server coordinates, or {@literal null} when its maintenance
	 * database has no {@code citus} extension.
	 * @param server the server
	 * @param admin an admin connection to the server's maintenance database
	 * @return the cluster, or {@literal null} for a plain PostgreSQL server
	 * @throws SQLException if the catalog cannot be read
	 */
	static @Nullable CitusCluster detect(AdminServer server, Connection admin) throws SQLException {
		try (Statement statement = admin.createStatement();
				ResultSet result = statement
					.executeQuery("SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'citus'")) {
			if (!result.next()) {
				return null;
			}
		}
		List<AdminServer> workers = new ArrayList<>();
		try (PreparedStatement statement = admin.prepareStatement(NODES); ResultSet result = statement.executeQuery()) {
			while (result.next()) {
				workers.add(new AdminServer(result.getString(1), result.getInt(2), server.admin(),
						server.maintenanceDatabase(), "Citus worker of " + server.origin()));
			}
		}
		return new CitusCluster(server, workers);
	}

	/**
	 * Create the database on every node, owned by the owner role, and make it
	 * distributed: {@code CREATE EXTENSION citus} in it on every node, then the
	 * coordinator and workers registered in its metadata. Roles created on the
	 * coordinator's maintenance database are propagated to the workers by Citus.
	 * @param admin an admin connection to the coordinator's maintenance database
	 * @param database the quoted database name
	 * @param databaseName the database name
	 * @param owner the quoted owner role
	 * @throws SQLException if a step fails
	 */
	void createDatabase(Connection admin, String database, String databaseName, String owner) throws SQLException {
		// Citus 12.1 and later propagate CREATE DATABASE when asked to; the workers are
		// then checked, and created directly where propagation did not reach them.
		execute(admin, "SET citus.enable_create_database_propagation = on");
		execute(admin, "CREATE DATABASE " + database + " OWNER " + owner);
		execute(admin, "REVOKE ALL ON DATABASE " + database + " FROM PUBLIC");
		for (AdminServer worker : this.workers) {
			try (Connection connection = worker.connectAsAdmin(worker.maintenanceDatabase())) {
				if (!databaseExists(connection, databaseName)) {
					execute(connection, "CREATE DATABASE " + database + " OWNER " + owner);
					execute(connection, "REVOKE ALL ON DATABASE " + database + " FROM PUBLIC");
				}
			}
			try (Connection connection = worker.connectAsAdmin(databaseName)) {
				execute(connection, "CREATE EXTENSION IF NOT EXISTS citus");
			}
		}
		try (Connection connection = this.coordinator.connectAsAdmin(databaseName)) {
			execute(connection, "CREATE EXTENSION IF NOT EXISTS citus");
			try (PreparedStatement statement = connection.prepareStatement("SELECT citus_set_coordinator_host(?, ?)")) {
				statement.setString(1, this.coordinator.host());
				statement.setInt(2, this.coordinator.port());
				statement.execute();
			}
			if (this.workers.isEmpty()) {
				// A single-node cluster (such as the citusdata/citus container): the
				// coordinator holds the shards itself.
				try (PreparedStatement statement = connection
					.prepareStatement("SELECT citus_set_node_property(?, ?, 'shouldhaveshards', true)")) {
					statement.setString(1, this.coordinator.host());
					statement.setInt(2, this.coordinator.port());
					statement.execute();
				}
			}
			for (AdminServer worker : this.workers) {
				try (PreparedStatement statement = connection.prepareStatement("SELECT citus_add_node(?, ?)")) {
					statement.setString(1, worker.host());
					statement.setInt(2, worker.port());
					statement.execute();
				}
			}
		}
	}

	/**
	 * Run the owner's set-up statements in the database on every worker too.
	 * @param databaseName the database name
	 * @param owner the owner's login
	 * @param statements the statements
	 * @throws SQLException if a statement fails
	 */
	void executeOnWorkers(String databaseName, Credentials owner, List<String> statements) throws SQLException {
		for (AdminServer worker : this.workers) {
			try (Connection connection = worker.connect(databaseName, owner)) {
				for (String sql : statements) {
					execute(connection, sql);
				}
			}
		}
	}

	/**
	 * Drop the database and roles on every worker, where the coordinator's drops did not
	 * reach.
	 * @param database the quoted database name
	 * @param roles the quoted role names
	 * @throws SQLException if dropping fails
	 */
	void dropOnWorkers(String database, List<String> roles) throws SQLException {
		for (AdminServer worker : this.workers) {
			try (Connection connection = worker.connectAsAdmin(worker.maintenanceDatabase())) {
				execute(connection, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
				for (String role : roles) {
					execute(connection, "DROP ROLE IF EXISTS " + role);
				}
			}
		}
	}

	private static boolean databaseExists(Connection connection, String name) throws SQLException {
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT 1 FROM pg_catalog.pg_database WHERE datname = ?")) {
			statement.setString(1, name);
			try (ResultSet result = statement.executeQuery()) {
				return result.next();
			}
		}
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
