package io.tenancykit.benchmarks.repository;

import java.sql.Connection;
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
import java.util.List;
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
import io.tenancykit.test.PostgresDatabase;
import io.tenancykit.test.ProvisionedDatabase;
import org.flywaydb.core.Flyway;

/**
 * A fresh database for one benchmark run, provisioned as {@code @PostgresTest} provisions
 * one ({@link ProvisionedDatabase}): an owner role that runs the migrations and a
 * non-owner application role that row-level security applies to, as in production.
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

	private final ProvisionedDatabase provisioned;

	private final PostgresDatabase db;

	private BenchmarkDatabase(ProvisionedDatabase provisioned) {
		this.provisioned = provisioned;
		this.db = provisioned.database();
	}

	/**
	 * Provision a database with its owner and application roles, and run the kit's
	 * migrations and the benchmark tables' as the owner.
	 * @return the database
	 * @throws SQLException if any step fails; whatever was created is dropped again
	 */
	static BenchmarkDatabase create() throws SQLException {
		BenchmarkDatabase database = new BenchmarkDatabase(ProvisionedDatabase.create(configuredUrl()));
		try {
			database.migrate();
			return database;
		}
		catch (RuntimeException ex) {
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

	private void migrate() {
		String url = this.db.jdbcUrl();
		String user = this.db.owner().username();
		String password = this.db.owner().password();
		TenancyMigrations.configure(Flyway.configure().dataSource(url, user, password)).load().migrate();
		Flyway.configure()
			.dataSource(url, user, password)
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
		try (Connection connection = this.db.openJdbc(this.db.owner());
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
		try (Connection connection = this.db.openJdbc(this.db.owner());
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
		try (Connection connection = this.db.openJdbc(this.db.owner());
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
			.option(ConnectionFactoryOptions.HOST, this.db.host())
			.option(ConnectionFactoryOptions.PORT, this.db.port())
			.option(ConnectionFactoryOptions.DATABASE, this.db.databaseName())
			.option(ConnectionFactoryOptions.USER, this.db.application().username())
			.option(ConnectionFactoryOptions.PASSWORD, this.db.application().password())
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
		try (Connection connection = this.db.openJdbc(this.db.owner());
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
		this.provisioned.close();
	}

	@Override
	public String toString() {
		return "BenchmarkDatabase[" + this.db + "]";
	}

	private static void setTenant(Connection connection, TenantContext tenant) throws SQLException {
		try (PreparedStatement set = connection.prepareStatement(SET_TENANT)) {
			set.setString(1, tenant.tenantId().value().toString());
			set.execute();
		}
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	/**
	 * The key of one seeded row.
	 *
	 * @param tenant the owning tenant
	 * @param id the row's id
	 */
	record SeededRow(TenantContext tenant, UUID id) {

	}

}
