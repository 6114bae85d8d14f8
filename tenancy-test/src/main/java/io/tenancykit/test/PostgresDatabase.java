package io.tenancykit.test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The fresh database that {@link PostgresTest @PostgresTest} created for the current test
 * class, with its owner and application roles. It exists from before the class's first
 * callback until after its last; inject it as a parameter rather than keeping it beyond
 * that.
 */
public final class PostgresDatabase {

	private final AdminServer server;

	private final String databaseName;

	private final Credentials owner;

	private final Credentials application;

	private final boolean citus;

	PostgresDatabase(AdminServer server, String databaseName, Credentials owner, Credentials application) {
		this(server, databaseName, owner, application, false);
	}

	PostgresDatabase(AdminServer server, String databaseName, Credentials owner, Credentials application,
			boolean citus) {
		this.server = server;
		this.databaseName = databaseName;
		this.owner = owner;
		this.application = application;
		this.citus = citus;
	}

	/**
	 * Create a database, with its owner and application roles, on the server that
	 * {@link PostgresTest @PostgresTest} would choose (an explicit URL from a system
	 * property or the environment, Testcontainers, the local server, the embedded
	 * server), for running an application by hand, such as a {@code Test…Application}
	 * main started with {@code spring-boot:test-run}. It is dropped when the JVM exits.
	 * @return the new database
	 * @throws PostgresUnavailableException if no server is usable
	 */
	public static PostgresDatabase createUntilExit() {
		ProvisionedDatabase provisioned = ProvisionedDatabase
			.provision(PostgresServers.explicitUrl((name) -> Optional.empty()));
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			try {
				provisioned.close();
			}
			catch (SQLException | RuntimeException ex) {
				// The embedded server may have stopped first, taking the database with
				// it; there is nobody left to tell otherwise.
			}
		}, "tenancy-test drop " + provisioned.database().databaseName()));
		return provisioned.database();
	}

	/**
	 * Return the Spring Boot properties that point an application at this database:
	 * {@code spring.r2dbc.url}, {@code .username} and {@code .password} as the
	 * application role, {@code spring.flyway.url}, {@code .user} and {@code .password}
	 * and the same {@code spring.liquibase.*} as the owner.
	 * @return the properties, in a stable order
	 */
	public Map<String, String> springBootProperties() {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.r2dbc.url", r2dbcUrl());
		properties.put("spring.r2dbc.username", this.application.username());
		properties.put("spring.r2dbc.password", this.application.password());
		for (String tool : new String[] { "flyway", "liquibase" }) {
			properties.put("spring." + tool + ".url", jdbcUrl());
			properties.put("spring." + tool + ".user", this.owner.username());
			properties.put("spring." + tool + ".password", this.owner.password());
		}
		return Collections.unmodifiableMap(properties);
	}

	/**
	 * Return whether the database is on a Citus coordinator: it has the {@code citus}
	 * extension and the cluster's workers are registered, so that its tables can be
	 * distributed.
	 * @return whether this is a Citus database
	 */
	public boolean isCitus() {
		return this.citus;
	}

	/**
	 * Return the host of the PostgreSQL server.
	 * @return the host name or address
	 */
	public String host() {
		return this.server.host();
	}

	/**
	 * Return the TCP port of the PostgreSQL server.
	 * @return the port
	 */
	public int port() {
		return this.server.port();
	}

	/**
	 * Return the name of this test class's database, {@code tk_} followed by 12 hex
	 * digits.
	 * @return the database name
	 */
	public String databaseName() {
		return this.databaseName;
	}

	/**
	 * Return the login of the role that owns the database: use it to run migrations, so
	 * that it owns the tables.
	 * @return the owner's credentials
	 */
	public Credentials owner() {
		return this.owner;
	}

	/**
	 * Return the login of the application role: not a superuser, no {@code BYPASSRLS}, no
	 * {@code CREATEDB} or {@code CREATEROLE}, owner of nothing, but allowed to read and
	 * write the tables, sequences and functions the owner creates in schema
	 * {@code public}. Row-level security policies therefore apply to it.
	 * @return the application role's credentials
	 */
	public Credentials application() {
		return this.application;
	}

	/**
	 * Return the JDBC URL of the database, without credentials.
	 * @return a URL such as {@code jdbc:postgresql://127.0.0.1:5432/tk_0123456789ab}
	 */
	public String jdbcUrl() {
		return this.server.jdbcUrl(this.databaseName);
	}

	/**
	 * Return the R2DBC URL of the database, without credentials.
	 * @return a URL such as {@code r2dbc:postgresql://127.0.0.1:5432/tk_0123456789ab}
	 */
	public String r2dbcUrl() {
		return "r2dbc:postgresql://" + this.server.hostAndPort() + "/" + this.databaseName;
	}

	/**
	 * Open a JDBC connection to the database as the given role. The caller closes it.
	 * @param credentials the login, usually {@link #owner()} or {@link #application()};
	 * must not be {@literal null}
	 * @return an open connection in auto-commit mode
	 * @throws SQLException if the connection fails
	 */
	public Connection openJdbc(Credentials credentials) throws SQLException {
		return this.server.connect(this.databaseName, credentials);
	}

	/**
	 * Execute SQL in the database as the {@linkplain #owner() owner}, for test set-up
	 * such as creating tables. Several statements may be separated by semicolons.
	 * @param sql the SQL to execute; must not be {@literal null}
	 * @throws SQLException if the SQL fails
	 */
	public void executeAsOwner(String sql) throws SQLException {
		try (Connection connection = openJdbc(this.owner)) {
			execute(connection, sql);
		}
	}

	/**
	 * Execute SQL in the database as the server's admin (usually a superuser), for set-up
	 * the owner may not do, such as creating extensions. Several statements may be
	 * separated by semicolons.
	 * @param sql the SQL to execute; must not be {@literal null}
	 * @throws SQLException if the SQL fails
	 */
	public void executeAsAdmin(String sql) throws SQLException {
		try (Connection connection = openAdmin()) {
			execute(connection, sql);
		}
	}

	/**
	 * Open an admin connection to this database; for the harness's own tests.
	 * @return an open connection
	 * @throws SQLException if the connection fails
	 */
	Connection openAdmin() throws SQLException {
		return this.server.connectAsAdmin(this.databaseName);
	}

	AdminServer server() {
		return this.server;
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	@Override
	public String toString() {
		return "PostgresDatabase[" + this.databaseName + " on " + this.server.hostAndPort()
				+ (this.citus ? " (Citus)" : "") + ", owner=" + this.owner.username() + ", application="
				+ this.application.username() + "]";
	}

}
