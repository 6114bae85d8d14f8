package io.tenancykit.benchmarks.repository;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.tenancykit.api.Tenant;
import io.tenancykit.api.TenantContext;
import io.tenancykit.api.TenantId;
import io.tenancykit.api.TenantKey;
import io.tenancykit.api.TenantStatus;
import io.tenancykit.persistence.migration.TenancyMigrations;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;

/**
 * A fresh database for one benchmark run, with an owner role that runs the migrations and
 * a non-owner application role that row-level security applies to, as in production.
 * Closing it drops the database and both roles.
 * <p>
 * The server is given as an admin URL
 * {@code postgresql://user[:password]@host[:port]/database} whose user may create
 * databases and roles, in the system property {@value #URL_PROPERTY} or the environment
 * variable {@value #URL_ENVIRONMENT}; without either, {@value #DEFAULT_URL}.
 */
final class BenchmarkDatabase implements AutoCloseable {

	/** The system property naming the admin URL. */
	static final String URL_PROPERTY = "tenancy.bench.postgres.url";

	/** The environment variable naming the admin URL. */
	static final String URL_ENVIRONMENT = "TENANCY_BENCH_POSTGRES_URL";

	/** The admin URL used when neither the property nor the variable is set. */
	static final String DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

	/** The name of every seeded row; inserted rows are named otherwise. */
	static final String SEED_NAME = "seed";

	private static final String FIXTURE_LOCATION = "classpath:db/tenancy-benchmark";

	private static final String SET_TENANT = "SELECT set_config('tenancy.tenant_id', ?, false)";

	private static final SecureRandom random = new SecureRandom();

	private final Server server;

	private final String name;

	private final Login owner;

	private final Login application;

	private BenchmarkDatabase(Server server, String name, Login owner, Login application) {
		this.server = server;
		this.name = name;
		this.owner = owner;
		this.application = application;
	}

	/**
	 * Create a database named {@code tkbench_<12 hex>} with its owner and application
	 * roles, and run the kit's migrations and the benchmark tables' as the owner.
	 * @return the database
	 * @throws SQLException if any step fails; whatever was created is dropped again
	 */
	static BenchmarkDatabase create() throws SQLException {
		Server server = Server.parse(configuredUrl());
		String name = "tkbench_" + randomHex(6);
		BenchmarkDatabase database = new BenchmarkDatabase(server, name, new Login(name + "_owner", randomHex(16)),
				new Login(name + "_app", randomHex(16)));
		try {
			database.provision();
			database.migrate();
			return database;
		}
		catch (SQLException | RuntimeException ex) {
			try {
				database.close();
			}
			catch (SQLException | RuntimeException cleanup) {
				ex.addSuppressed(cleanup);
			}
			throw ex;
		}
	}

	private static String configuredUrl() {
		String property = System.getProperty(URL_PROPERTY);
		if (property != null && !property.isBlank()) {
			return property;
		}
		String environment = System.getenv(URL_ENVIRONMENT);
		return (environment != null && !environment.isBlank()) ? environment : DEFAULT_URL;
	}

	// Names are generated from hex digits and passwords are hex, so concatenating them
	// into DDL (which cannot take bind parameters) is safe.
	private void provision() throws SQLException {
		try (Connection admin = connect(this.server.database(), this.server.admin())) {
			execute(admin, "CREATE ROLE " + this.owner.user() + " LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '"
					+ this.owner.password() + "'");
			execute(admin, "CREATE ROLE " + this.application.user() + " LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '"
					+ this.application.password() + "'");
			execute(admin, "GRANT " + this.owner.user() + " TO CURRENT_USER");
			execute(admin, "CREATE DATABASE " + this.name + " OWNER " + this.owner.user());
			execute(admin, "REVOKE ALL ON DATABASE " + this.name + " FROM PUBLIC");
		}
		try (Connection connection = connect(this.name, this.owner)) {
			execute(connection, "GRANT CONNECT ON DATABASE " + this.name + " TO " + this.application.user());
			String defaults = "ALTER DEFAULT PRIVILEGES FOR ROLE " + this.owner.user() + " IN SCHEMA public GRANT ";
			execute(connection, defaults + "SELECT, INSERT, UPDATE, DELETE ON TABLES TO " + this.application.user());
			execute(connection, defaults + "USAGE, SELECT ON SEQUENCES TO " + this.application.user());
			execute(connection, defaults + "EXECUTE ON FUNCTIONS TO " + this.application.user());
		}
	}

	private void migrate() {
		String url = this.server.jdbcUrl(this.name);
		TenancyMigrations.configure(Flyway.configure().dataSource(url, this.owner.user(), this.owner.password()))
			.load()
			.migrate();
		Flyway.configure()
			.dataSource(url, this.owner.user(), this.owner.password())
			.locations(FIXTURE_LOCATION)
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.load()
			.migrate();
	}

	/**
	 * Create active tenants in the directory.
	 * @param count how many
	 * @return their contexts
	 * @throws SQLException if an insert fails
	 */
	List<TenantContext> createTenants(int count) throws SQLException {
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		OffsetDateTime timestamp = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
		List<TenantContext> tenants = new ArrayList<>();
		try (Connection connection = connect(this.name, this.owner);
				PreparedStatement insert = connection.prepareStatement(
						"INSERT INTO tenancy_tenant (id, key, display_name, status, created_at, updated_at)"
								+ " VALUES (?, ?, ?, ?, ?, ?)")) {
			for (int i = 0; i < count; i++) {
				String key = "bench-" + i;
				Tenant tenant = new Tenant(new TenantId(UUID.randomUUID()), new TenantKey(key), "Tenant " + key,
						TenantStatus.ACTIVE, now, now);
				insert.setObject(1, tenant.id().value());
				insert.setString(2, key);
				insert.setString(3, tenant.displayName());
				insert.setString(4, tenant.status().name());
				insert.setObject(5, timestamp);
				insert.setObject(6, timestamp);
				insert.executeUpdate();
				tenants.add(TenantContext.of(tenant));
			}
		}
		return tenants;
	}

	/**
	 * Insert rows named {@value #SEED_NAME} for each tenant, as the owner under each
	 * tenant's setting, and analyze the table.
	 * @param table the table
	 * @param tenants the tenants
	 * @param rowsPerTenant how many rows each tenant gets
	 * @return the seeded rows' keys
	 * @throws SQLException if an insert fails
	 */
	List<SeededRow> seed(String table, List<TenantContext> tenants, int rowsPerTenant) throws SQLException {
		List<SeededRow> rows = new ArrayList<>();
		try (Connection connection = connect(this.name, this.owner);
				PreparedStatement insert = connection
					.prepareStatement("INSERT INTO " + table + " (tenant_id, name, quantity, active, created_at)"
							+ " SELECT ?, ?, g, g % 2 = 0, now() FROM generate_series(1, ?) AS g RETURNING id")) {
			for (TenantContext tenant : tenants) {
				setTenant(connection, tenant);
				insert.setObject(1, tenant.tenantId().value());
				insert.setString(2, SEED_NAME);
				insert.setInt(3, rowsPerTenant);
				try (ResultSet ids = insert.executeQuery()) {
					while (ids.next()) {
						rows.add(new SeededRow(tenant, ids.getObject(1, UUID.class)));
					}
				}
			}
			execute(connection, "ANALYZE " + table);
		}
		return rows;
	}

	/**
	 * Delete every row that was not seeded, then vacuum the table, so that inserts do not
	 * grow it from one measurement iteration to the next.
	 * @param table the table
	 * @param tenants the tenants
	 * @return the number of deleted rows
	 * @throws SQLException if the delete fails
	 */
	long deleteInserted(String table, List<TenantContext> tenants) throws SQLException {
		long deleted = 0;
		try (Connection connection = connect(this.name, this.owner);
				PreparedStatement delete = connection
					.prepareStatement("DELETE FROM " + table + " WHERE tenant_id = ? AND name <> ?")) {
			for (TenantContext tenant : tenants) {
				setTenant(connection, tenant);
				delete.setObject(1, tenant.tenantId().value());
				delete.setString(2, SEED_NAME);
				deleted += delete.executeUpdate();
			}
			if (deleted > 0) {
				execute(connection, "VACUUM ANALYZE " + table);
			}
		}
		return deleted;
	}

	/**
	 * Return an unpooled connection factory that logs in as the application role.
	 * @return the connection factory
	 */
	ConnectionFactory applicationConnectionFactory() {
		return ConnectionFactories.get(ConnectionFactoryOptions.builder()
			.option(ConnectionFactoryOptions.DRIVER, "postgresql")
			.option(ConnectionFactoryOptions.HOST, this.server.host())
			.option(ConnectionFactoryOptions.PORT, this.server.port())
			.option(ConnectionFactoryOptions.DATABASE, this.name)
			.option(ConnectionFactoryOptions.USER, this.application.user())
			.option(ConnectionFactoryOptions.PASSWORD, this.application.password())
			.option(ConnectionFactoryOptions.CONNECT_TIMEOUT, Duration.ofSeconds(5))
			.build());
	}

	/**
	 * Return PostgreSQL's plan for the primary-key read of a row of
	 * {@code bench_plain_item}, one line each, for the set-up's diagnostics.
	 * @param row the row to read
	 * @return the plan's lines
	 * @throws SQLException if the query fails
	 */
	List<String> explainPrimaryKeyRead(SeededRow row) throws SQLException {
		List<String> lines = new ArrayList<>();
		try (Connection connection = connect(this.name, this.owner);
				PreparedStatement explain = connection
					.prepareStatement("EXPLAIN SELECT * FROM bench_plain_item WHERE tenant_id = ? AND id = ?")) {
			explain.setObject(1, row.tenant().tenantId().value());
			explain.setObject(2, row.id());
			try (ResultSet plan = explain.executeQuery()) {
				while (plan.next()) {
					lines.add(plan.getString(1));
				}
			}
		}
		return lines;
	}

	@Override
	public void close() throws SQLException {
		try (Connection admin = connect(this.server.database(), this.server.admin())) {
			execute(admin, "DROP DATABASE IF EXISTS " + this.name + " WITH (FORCE)");
			execute(admin, "DROP ROLE IF EXISTS " + this.application.user());
			execute(admin, "DROP ROLE IF EXISTS " + this.owner.user());
		}
	}

	@Override
	public String toString() {
		return "BenchmarkDatabase[" + this.name + " on " + this.server.host() + ":" + this.server.port() + "]";
	}

	private static void setTenant(Connection connection, TenantContext tenant) throws SQLException {
		try (PreparedStatement set = connection.prepareStatement(SET_TENANT)) {
			set.setString(1, tenant.tenantId().value().toString());
			set.execute();
		}
	}

	private Connection connect(String database, Login login) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", login.user());
		properties.setProperty("password", login.password());
		properties.setProperty("connectTimeout", "5");
		properties.setProperty("ApplicationName", "tenancy-benchmarks");
		return DriverManager.getConnection(this.server.jdbcUrl(database), properties);
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static String randomHex(int bytes) {
		byte[] value = new byte[bytes];
		random.nextBytes(value);
		return HexFormat.of().formatHex(value);
	}

	/**
	 * The key of one seeded row.
	 *
	 * @param tenant the owning tenant
	 * @param id the row's id
	 */
	record SeededRow(TenantContext tenant, UUID id) {

	}

	/**
	 * A role's login; the password is ignored by trust authentication.
	 *
	 * @param user the role name
	 * @param password the password
	 */
	record Login(String user, String password) {

		@Override
		public String toString() {
			return "Login[" + this.user + "]";
		}

	}

	/**
	 * The server and its admin login, from an admin URL.
	 *
	 * @param host the host
	 * @param port the port
	 * @param database the maintenance database to connect to as the admin
	 * @param admin the admin login
	 */
	record Server(String host, int port, String database, Login admin) {

		static Server parse(String url) {
			URI uri = URI.create(url.trim());
			String scheme = uri.getScheme();
			if (!"postgresql".equals(scheme) && !"postgres".equals(scheme)) {
				throw new IllegalArgumentException(
						"'" + URL_PROPERTY + "' must look like postgresql://user[:password]@host[:port]/database");
			}
			String host = uri.getHost();
			if (host == null || host.isBlank()) {
				throw new IllegalArgumentException("'" + URL_PROPERTY + "' names no host");
			}
			String path = uri.getRawPath();
			String database = (path == null || path.length() <= 1) ? "postgres" : decode(path.substring(1));
			@Nullable String userInfo = uri.getRawUserInfo();
			String user = "postgres";
			String password = "postgres";
			if (userInfo != null) {
				int colon = userInfo.indexOf(':');
				user = decode((colon != -1) ? userInfo.substring(0, colon) : userInfo);
				if (colon != -1) {
					password = decode(userInfo.substring(colon + 1));
				}
			}
			return new Server(host, (uri.getPort() != -1) ? uri.getPort() : 5432, database, new Login(user, password));
		}

		String jdbcUrl(String database) {
			return "jdbc:postgresql://" + this.host + ":" + this.port + "/" + database;
		}

		private static String decode(String text) {
			return URLDecoder.decode(text, StandardCharsets.UTF_8);
		}

	}

}
