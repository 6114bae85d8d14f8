package io.tenancykit.test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

import io.tenancykit.api.Tenant;
import io.tenancykit.api.TenantContext;
import io.tenancykit.api.TenantId;
import io.tenancykit.api.TenantKey;
import io.tenancykit.api.TenantStatus;

/**
 * Creates tenants in the kit's {@code tenancy_tenant} directory of a
 * {@link PostgresTest @PostgresTest} database and hands out their {@link TenantContext},
 * so that a test can call tenant-scoped code the way a resolved request does. Rows are
 * written as the database's {@linkplain PostgresDatabase#owner() owner} (the application
 * role may only read the directory), in the table {@code tenancy_tenant} on the owner's
 * search path; the kit's migrations must have run.
 * <p>
 * In a Spring test it is a bean of the application context; elsewhere, create it with
 * {@link #TestTenants(PostgresDatabase)}.
 */
public final class TestTenants {

	private static final String COLUMNS = "id, key, display_name, status, created_at, updated_at";

	private final PostgresDatabase database;

	/**
	 * Create an instance writing to the given database.
	 * @param database the database; must not be {@literal null}
	 */
	public TestTenants(PostgresDatabase database) {
		this.database = Objects.requireNonNull(database, "'database' must not be null");
	}

	/**
	 * Create an active tenant whose display name is its key.
	 * @param key the tenant key, a lowercase DNS label; must not be {@literal null}
	 * @return the new tenant's context
	 * @throws IllegalArgumentException if the key is not a lowercase DNS label
	 * @throws IllegalStateException if the row cannot be inserted, for example because
	 * the key is taken
	 */
	public TenantContext create(String key) {
		return TenantContext.of(create(key, TenantStatus.ACTIVE));
	}

	/**
	 * Create a tenant with the given status, for example a suspended one (which has no
	 * context).
	 * @param key the tenant key, a lowercase DNS label; must not be {@literal null}
	 * @param status the status; must not be {@literal null}
	 * @return the new tenant
	 * @throws IllegalArgumentException if the key is not a lowercase DNS label
	 * @throws IllegalStateException if the row cannot be inserted
	 */
	public Tenant create(String key, TenantStatus status) {
		TenantKey tenantKey = new TenantKey(key);
		Objects.requireNonNull(status, "'status' must not be null");
		String sql = "INSERT INTO tenancy_tenant (id, key, display_name, status) VALUES (?, ?, ?, ?) RETURNING "
				+ COLUMNS;
		try (Connection connection = this.database.openJdbc(this.database.owner());
				PreparedStatement insert = connection.prepareStatement(sql)) {
			insert.setObject(1, UUID.randomUUID());
			insert.setString(2, tenantKey.value());
			insert.setString(3, tenantKey.value());
			insert.setString(4, status.name());
			try (ResultSet row = insert.executeQuery()) {
				row.next();
				return tenant(row);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create tenant '" + key + "': " + ex.getMessage(), ex);
		}
	}

	/**
	 * Return the context of an existing active tenant, such as one a migration seeds.
	 * @param key the tenant key; must not be {@literal null}
	 * @return the tenant's context
	 * @throws IllegalStateException if no tenant has the key
	 * @throws io.tenancykit.api.TenantResolutionException.Suspended if the tenant is not
	 * active
	 */
	public TenantContext context(String key) {
		TenantKey tenantKey = new TenantKey(key);
		try (Connection connection = this.database.openJdbc(this.database.owner());
				PreparedStatement select = connection
					.prepareStatement("SELECT " + COLUMNS + " FROM tenancy_tenant WHERE key = ?")) {
			select.setString(1, tenantKey.value());
			try (ResultSet row = select.executeQuery()) {
				if (!row.next()) {
					throw new IllegalStateException("No tenant has the key '" + key + "'");
				}
				return TenantContext.of(tenant(row));
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not read tenant '" + key + "': " + ex.getMessage(), ex);
		}
	}

	private static Tenant tenant(ResultSet row) throws SQLException {
		return new Tenant(new TenantId(row.getObject(1, UUID.class)), new TenantKey(row.getString(2)), row.getString(3),
				TenantStatus.valueOf(row.getString(4)), row.getObject(5, OffsetDateTime.class).toInstant(),
				row.getObject(6, OffsetDateTime.class).toInstant());
	}

}
