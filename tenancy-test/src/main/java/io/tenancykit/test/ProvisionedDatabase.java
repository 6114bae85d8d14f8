package io.tenancykit.test;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

/**
 * Creates a database and its owner and application roles, and drops them again when
 * closed: what {@code @PostgresTest} does for each test class, and what code outside
 * JUnit (a benchmark, a tool) gets from {@link #create(String)}. Closing is idempotent
 * and also cleans up after a creation that failed half-way. On a Citus coordinator the
 * database is created on every node with the {@code citus} extension and the workers
 * registered, so that its tables can be distributed.
 */
public final class ProvisionedDatabase implements AutoCloseable {

	private static final SecureRandom random = new SecureRandom();

	private final PostgresDatabase database;

	private final AtomicBoolean closed = new AtomicBoolean();

	private final @Nullable CitusCluster citus;

	private ProvisionedDatabase(PostgresDatabase database, @Nullable CitusCluster citus) {
		this.database = database;
		this.citus = citus;
	}

	/**
	 * Resolve the server and create a database on it, as {@link #create(AdminServer)}.
	 * @param explicit the explicit admin URL, or {@literal null} to detect a server
	 * @return the provisioned database
	 * @throws PostgresUnavailableException if no server is usable
	 * @throws IllegalStateException if the database cannot be created
	 */
	static ProvisionedDatabase provision(PostgresServers.@Nullable ExplicitUrl explicit) {
		AdminServer server = PostgresServers.resolve(explicit);
		try {
			return create(server);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create a test database on " + server + ": " + ex.getMessage(),
					ex);
		}
	}

	/**
	 * Create a database named {@code tk_<12 hex>}, its owner role {@code <db>_owner} and
	 * its application role {@code <db>_app} on the server an admin URL names, as
	 * {@code @PostgresTest} does.
	 * @param adminUrl {@code postgresql://user[:password]@host[:port]/database} of a role
	 * that may create databases and roles; must not be {@literal null}
	 * @return the provisioned database; close it to drop the database and both roles
	 * @throws SQLException if any step fails; whatever was created is dropped again
	 * @throws IllegalArgumentException if the URL is not such a URL
	 */
	public static ProvisionedDatabase create(String adminUrl) throws SQLException {
		Objects.requireNonNull(adminUrl, "'adminUrl' must not be null");
		return create(AdminServer.parse(adminUrl, "the admin URL"));
	}

	/**
	 * Create a database named {@code tk_<12 hex>}, its owner role {@code <db>_owner} and
	 * its application role {@code <db>_app}.
	 * @param server the server to create them on
	 * @return the provisioned database
	 * @throws SQLException if any step fails; whatever was created is dropped again
	 */
	static ProvisionedDatabase create(AdminServer server) throws SQLException {
		String name = "tk_" + randomHex(6);
		Credentials owner = new Credentials(name + "_owner", randomHex(16));
		Credentials application = new Credentials(name + "_app", randomHex(16));
		CitusCluster citus;
		try (Connection admin = server.connectAsAdmin(server.maintenanceDatabase())) {
			citus = CitusCluster.detect(server, admin);
		}
		ProvisionedDatabase provisioned = new ProvisionedDatabase(
				new PostgresDatabase(server, name, owner, application, citus != null), citus);
		try {
			provisioned.provision();
			return provisioned;
		}
		catch (SQLException | RuntimeException ex) {
			try {
				provisioned.close();
			}
			catch (SQLException | RuntimeException cleanup) {
				ex.addSuppressed(cleanup);
			}
			throw ex;
		}
	}

	/**
	 * Return the database, with its roles and URLs.
	 * @return the database
	 */
	public PostgresDatabase database() {
		return this.database;
	}

	// Names are generated from hex digits and passwords are hex, so concatenating them
	// into DDL (which cannot take bind parameters) is safe; identifiers are quoted too.
	private void provision() throws SQLException {
		AdminServer server = this.database.server();
		String database = quote(this.database.databaseName());
		String owner = quote(this.database.owner().username());
		String application = quote(this.database.application().username());
		try (Connection admin = server.connectAsAdmin(server.maintenanceDatabase())) {
			CitusCluster cluster = this.citus;
			execute(admin, "CREATE ROLE " + owner + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD '"
					+ this.database.owner().password() + "'");
			execute(admin,
					"CREATE ROLE " + application
							+ " LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD '"
							+ this.database.application().password() + "'");
			if (!AdminServer.isSuperuser(admin)) {
				// A non-superuser admin may only create a database owned by a role
				// it is a member of, and only drop a database it owns through that
				// membership.
				execute(admin, "GRANT " + owner + " TO CURRENT_USER");
			}
			if (cluster != null) {
				cluster.createDatabase(admin, database, this.database.databaseName(), owner);
			}
			else {
				execute(admin, "CREATE DATABASE " + database + " OWNER " + owner);
				// Other test classes' roles must not be able to connect to this database.
				execute(admin, "REVOKE ALL ON DATABASE " + database + " FROM PUBLIC");
			}
		}
		String defaults = "ALTER DEFAULT PRIVILEGES FOR ROLE " + owner + " IN SCHEMA public GRANT ";
		List<String> grants = List.of("GRANT CONNECT ON DATABASE " + database + " TO " + application,
				"REVOKE CREATE ON SCHEMA public FROM PUBLIC", "GRANT USAGE ON SCHEMA public TO " + application,
				defaults + "SELECT, INSERT, UPDATE, DELETE ON TABLES TO " + application,
				defaults + "USAGE, SELECT ON SEQUENCES TO " + application,
				defaults + "EXECUTE ON FUNCTIONS TO " + application);
		try (Connection connection = this.database.openJdbc(this.database.owner())) {
			for (String grant : grants) {
				execute(connection, grant);
			}
		}
		CitusCluster cluster = this.citus;
		if (cluster != null) {
			// The coordinator connects to the workers as the application role, so
			// it needs the same rights there. Citus propagates the grants on the
			// database and the schema (and refuses them on a worker); default
			// privileges are set on each worker too, for the versions that do not
			// propagate them.
			cluster.executeOnWorkers(this.database.databaseName(), this.database.owner(),
					grants.stream().filter((grant) -> grant.startsWith("ALTER DEFAULT PRIVILEGES")).toList());
		}
	}

	/**
	 * Drop the database (disconnecting any sessions) and both roles.
	 * @throws SQLException if dropping fails
	 */
	@Override
	public void close() throws SQLException {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		AdminServer server = this.database.server();
		String database = quote(this.database.databaseName());
		List<String> roles = List.of(quote(this.database.application().username()),
				quote(this.database.owner().username()));
		CitusCluster cluster = this.citus;
		try (Connection admin = server.connectAsAdmin(server.maintenanceDatabase())) {
			if (cluster != null) {
				execute(admin, "SET citus.enable_create_database_propagation = on");
			}
			execute(admin, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
			if (cluster != null) {
				cluster.dropOnWorkers(database, List.of());
			}
			for (String role : roles) {
				execute(admin, "DROP ROLE IF EXISTS " + role);
			}
		}
		if (cluster != null) {
			cluster.dropOnWorkers(database, roles);
		}
	}

	/**
	 * Return the Citus cluster the database was created on, or {@literal null} for a
	 * plain PostgreSQL server.
	 * @return the cluster
	 */
	@Nullable CitusCluster citus() {
		return this.citus;
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static String quote(String identifier) {
		return "\"" + identifier.replace("\"", "\"\"") + "\"";
	}

	private static String randomHex(int bytes) {
		byte[] value = new byte[bytes];
		random.nextBytes(value);
		return HexFormat.of().formatHex(value);
	}

}
