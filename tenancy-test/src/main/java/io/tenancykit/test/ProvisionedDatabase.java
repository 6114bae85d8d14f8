package io.tenancykit.test;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Creates a test class's database and roles, and drops them again when closed. Closing is
 * idempotent and also cleans up after a creation that failed half-way.
 */
final class ProvisionedDatabase implements AutoCloseable {

	private static final SecureRandom random = new SecureRandom();

	private final PostgresDatabase database;

	private final AtomicBoolean closed = new AtomicBoolean();

	private ProvisionedDatabase(PostgresDatabase database) {
		this.database = database;
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
		ProvisionedDatabase provisioned = new ProvisionedDatabase(
				new PostgresDatabase(server, name, owner, application));
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

	PostgresDatabase database() {
		return this.database;
	}

	// Names are generated from hex digits and passwords are hex, so concatenating them
	// into DDL (which cannot take bind parameters) is safe; identifiers are quoted
	// anyway.
	private void provision() throws SQLException {
		AdminServer server = this.database.server();
		String database = quote(this.database.databaseName());
		String owner = quote(this.database.owner().username());
		String application = quote(this.database.application().username());
		try (Connection admin = server.connectAsAdmin(server.maintenanceDatabase())) {
			execute(admin, "CREATE ROLE " + owner + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD '"
					+ this.database.owner().password() + "'");
			execute(admin,
					"CREATE ROLE " + application
							+ " LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD '"
							+ this.database.application().password() + "'");
			if (!AdminServer.isSuperuser(admin)) {
				// A non-superuser admin may only create a database owned by a role it is
				// a
				// member of, and only drop a database it owns through that membership.
				execute(admin, "GRANT " + owner + " TO CURRENT_USER");
			}
			execute(admin, "CREATE DATABASE " + database + " OWNER " + owner);
			// Other test classes' roles must not be able to connect to this database.
			execute(admin, "REVOKE ALL ON DATABASE " + database + " FROM PUBLIC");
		}
		try (Connection connection = this.database.openJdbc(this.database.owner())) {
			execute(connection, "GRANT CONNECT ON DATABASE " + database + " TO " + application);
			execute(connection, "REVOKE CREATE ON SCHEMA public FROM PUBLIC");
			execute(connection, "GRANT USAGE ON SCHEMA public TO " + application);
			String defaults = "ALTER DEFAULT PRIVILEGES FOR ROLE " + owner + " IN SCHEMA public GRANT ";
			execute(connection, defaults + "SELECT, INSERT, UPDATE, DELETE ON TABLES TO " + application);
			execute(connection, defaults + "USAGE, SELECT ON SEQUENCES TO " + application);
			execute(connection, defaults + "EXECUTE ON FUNCTIONS TO " + application);
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
		try (Connection admin = server.connectAsAdmin(server.maintenanceDatabase())) {
			execute(admin, "DROP DATABASE IF EXISTS " + quote(this.database.databaseName()) + " WITH (FORCE)");
			execute(admin, "DROP ROLE IF EXISTS " + quote(this.database.application().username()));
			execute(admin, "DROP ROLE IF EXISTS " + quote(this.database.owner().username()));
		}
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
