package io.tenancykit.persistence.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import io.tenancykit.api.Tenant;
import io.tenancykit.api.TenantContext;
import io.tenancykit.api.TenantId;
import io.tenancykit.api.TenantKey;
import io.tenancykit.api.TenantStatus;
import io.tenancykit.persistence.migration.TenancyMigrations;
import io.tenancykit.persistence.repository.TenantIdConverters;
import io.tenancykit.persistence.repository.TenantScopedTemplate;
import io.tenancykit.persistence.rls.RowLevelSecurity;
import io.tenancykit.persistence.rls.TenantSetting;
import io.tenancykit.persistence.rls.TenantSettingMode;
import io.tenancykit.test.Credentials;
import io.tenancykit.test.PostgresDatabase;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;

import org.springframework.data.mapping.callback.ReactiveEntityCallbacks;
import org.springframework.data.r2dbc.convert.MappingR2dbcConverter;
import org.springframework.data.r2dbc.convert.R2dbcCustomConversions;
import org.springframework.data.r2dbc.mapping.R2dbcMappingContext;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;

/**
 * Set-up shared by the integration tests: migrations, connection factories and tenants.
 */
public final class TestDatabases {

	/** The Flyway location of the fixture tables. */
	public static final String FIXTURE_LOCATION = "classpath:db/tenancy-test";

	private TestDatabases() {
	}

	/**
	 * Run the kit's migrations, then the fixture migrations, as the owner.
	 */
	public static void migrate(PostgresDatabase db) {
		Credentials owner = db.owner();
		TenancyMigrations.configure(Flyway.configure().dataSource(db.jdbcUrl(), owner.username(), owner.password()))
			.load()
			.migrate();
		Flyway.configure()
			.dataSource(db.jdbcUrl(), owner.username(), owner.password())
			.locations(FIXTURE_LOCATION)
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.load()
			.migrate();
	}

	public static PostgresqlConnectionFactory connectionFactory(PostgresDatabase db, Credentials credentials) {
		return new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
			.host(db.host())
			.port(db.port())
			.database(db.databaseName())
			.username(credentials.username())
			.password(credentials.password())
			.connectTimeout(Duration.ofSeconds(5))
			.build());
	}

	public static ConnectionPool pool(ConnectionFactory connectionFactory, int maxSize) {
		return new ConnectionPool(ConnectionPoolConfiguration.builder(connectionFactory)
			.initialSize(0)
			.maxSize(maxSize)
			.maxAcquireTime(Duration.ofSeconds(5))
			.build());
	}

	/**
	 * Return how templates set the tenant on the given database: with
	 * {@link TenantSettingMode#CITUS} on a Citus coordinator, inline (ADR-021) on one
	 * server, so that the single-server statements stay those of ADR-021.
	 */
	public static TenantSettingMode settingMode(PostgresDatabase db) {
		return db.isCitus() ? TenantSettingMode.CITUS : TenantSettingMode.INLINE;
	}

	/**
	 * Create a template over the given connection factory as the kit builds one outside
	 * Spring: the kit's converters, no entity callbacks.
	 */
	public static TenantScopedTemplate template(ConnectionFactory connectionFactory, RowLevelSecurity rowLevelSecurity,
			TenantSettingMode settingMode) {
		return TenantScopedTemplate.create(DatabaseClient.create(connectionFactory), rowLevelSecurity, settingMode);
	}

	/**
	 * Create a converter as an application with custom conversions has one: the kit's
	 * converters plus the fixtures' own ({@link Gadget.Status} codes).
	 */
	public static MappingR2dbcConverter converter() {
		R2dbcCustomConversions conversions = TenantIdConverters
			.conversions(List.of(Gadget.StatusToCode.INSTANCE, Gadget.CodeToStatus.INSTANCE));
		R2dbcMappingContext context = new R2dbcMappingContext();
		context.setSimpleTypeHolder(conversions.getSimpleTypeHolder());
		return new MappingR2dbcConverter(context, conversions);
	}

	/**
	 * Create a template with the given converter, entity callbacks and transaction
	 * manager, as Spring wires one.
	 */
	public static TenantScopedTemplate template(ConnectionFactory connectionFactory, RowLevelSecurity rowLevelSecurity,
			TenantSettingMode settingMode, MappingR2dbcConverter converter, @Nullable ReactiveEntityCallbacks callbacks,
			@Nullable ReactiveTransactionManager transactionManager) {
		return new TenantScopedTemplate(DatabaseClient.create(connectionFactory), converter, rowLevelSecurity,
				settingMode, callbacks, transactionManager);
	}

	public static Tenant createTenant(PostgresDatabase db, String key) throws SQLException {
		return createTenant(db, key, TenantStatus.ACTIVE);
	}

	public static Tenant createTenant(PostgresDatabase db, String key, TenantStatus status) throws SQLException {
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		Tenant tenant = new Tenant(new TenantId(UUID.randomUUID()), new TenantKey(key), "Tenant " + key, status, now,
				now);
		try (Connection connection = db.openJdbc(db.owner());
				PreparedStatement insert = connection.prepareStatement(
						"INSERT INTO tenancy_tenant (id, key, display_name, status, created_at, updated_at)"
								+ " VALUES (?, ?, ?, ?, ?, ?)")) {
			insert.setObject(1, tenant.id().value());
			insert.setString(2, key);
			insert.setString(3, tenant.displayName());
			insert.setString(4, status.name());
			insert.setObject(5, java.time.OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC));
			insert.setObject(6, java.time.OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC));
			insert.executeUpdate();
		}
		return tenant;
	}

	public static TenantContext context(PostgresDatabase db, String key) throws SQLException {
		return TenantContext.of(createTenant(db, key));
	}

	/**
	 * Set the tenant setting of the connection's current transaction (auto-commit must be
	 * off) where the policies are evaluated: with {@code set_config(..., true)} on one
	 * server; on Citus with {@link TenantSetting#setLocal(UUID)} (the same two
	 * {@code SET LOCAL}s for a value that is no tenant id), whose coordinator replays
	 * them on the worker connections of the transaction (ADR-023).
	 * @param value a tenant id, or another value such as {@code ''}
	 */
	public static void setTenant(PostgresDatabase db, Connection connection, String value) throws SQLException {
		if (db.isCitus()) {
			try (Statement set = connection.createStatement()) {
				set.execute(isTenantId(value) ? TenantSetting.setLocal(UUID.fromString(value))
						: "SET LOCAL " + TenantSetting.CITUS_PROPAGATION + " TO 'local'; SET LOCAL "
								+ TenantSetting.NAME + " TO '" + value.replace("'", "''") + "'");
			}
		}
		else {
			try (PreparedStatement set = connection.prepareStatement(TenantSetting.SET_LOCAL.replace("$1", "?"))) {
				set.setString(1, value);
				set.execute();
			}
		}
	}

	private static boolean isTenantId(String value) {
		try {
			return UUID.fromString(value).toString().equals(value);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/**
	 * Count the rows of a tenant-owned table per tenant of the directory, reading as the
	 * owner with each tenant's setting in turn (the owner is subject to the forced
	 * policies too).
	 */
	public static Map<UUID, Long> rowsByTenant(PostgresDatabase db, String table) throws SQLException {
		Map<UUID, Long> counts = new LinkedHashMap<>();
		for (UUID tenant : tenants(db)) {
			List<Map<String, Object>> rows = queryAsTenant(db, tenant,
					"SELECT count(*) AS n FROM " + table + " WHERE tenant_id = '" + tenant + "'");
			counts.put(tenant, (Long) rows.get(0).get("n"));
		}
		return counts;
	}

	/**
	 * Return the tenant that owns the row with the given id, or {@literal null}.
	 */
	public static @Nullable UUID tenantOf(PostgresDatabase db, String table, UUID id) throws SQLException {
		for (UUID tenant : tenants(db)) {
			List<Map<String, Object>> rows = queryAsTenant(db, tenant,
					"SELECT tenant_id FROM " + table + " WHERE id = '" + id + "'");
			if (!rows.isEmpty()) {
				return (UUID) rows.get(0).get("tenant_id");
			}
		}
		return null;
	}

	/**
	 * Run a query as the owner with the given tenant's setting, bypassing the kit, and
	 * return its rows as column-to-value maps.
	 */
	public static List<Map<String, Object>> queryAsTenant(PostgresDatabase db, TenantContext tenant, String sql)
			throws SQLException {
		return queryAsTenant(db, tenant.tenantId().value(), sql);
	}

	private static List<Map<String, Object>> queryAsTenant(PostgresDatabase db, UUID tenant, String sql)
			throws SQLException {
		List<Map<String, Object>> rows = new ArrayList<>();
		try (Connection connection = db.openJdbc(db.owner())) {
			connection.setAutoCommit(false);
			setTenant(db, connection, tenant.toString());
			try (PreparedStatement query = connection.prepareStatement(sql); ResultSet rs = query.executeQuery()) {
				while (rs.next()) {
					Map<String, Object> row = new LinkedHashMap<>();
					for (int column = 1; column <= rs.getMetaData().getColumnCount(); column++) {
						row.put(rs.getMetaData().getColumnName(column), rs.getObject(column));
					}
					rows.add(row);
				}
			}
			connection.rollback();
		}
		return rows;
	}

	private static List<UUID> tenants(PostgresDatabase db) throws SQLException {
		try (Connection connection = db.openJdbc(db.owner())) {
			return tenants(connection);
		}
	}

	private static List<UUID> tenants(Connection connection) throws SQLException {
		List<UUID> tenants = new ArrayList<>();
		try (PreparedStatement select = connection.prepareStatement("SELECT id FROM tenancy_tenant ORDER BY id");
				ResultSet rs = select.executeQuery()) {
			while (rs.next()) {
				tenants.add(rs.getObject(1, UUID.class));
			}
		}
		return tenants;
	}

}
