package io.tenancykit.sample;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tenancykit.test.PostgresDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the database holds and does, read directly, not through the application: the
 * project names of every tenant and the state of the application role's backends. Rows
 * are read as the owner, tenant by tenant (row-level security is forced on the owner
 * too); since every project references a tenant of the directory, reading each tenant of
 * the directory reads every row.
 */
final class ProjectRows {

	private final PostgresDatabase database;

	ProjectRows(PostgresDatabase database) {
		this.database = database;
	}

	/**
	 * Return the project names of every tenant of the directory, by tenant key.
	 * @return the names by tenant key, in key order
	 */
	Map<String, List<String>> namesByTenant() throws SQLException {
		Map<String, List<String>> names = new LinkedHashMap<>();
		try (Connection connection = this.database.openJdbc(this.database.owner());
				Statement statement = connection.createStatement()) {
			Map<String, String> idsByKey = new LinkedHashMap<>();
			try (ResultSet rows = statement.executeQuery("SELECT key, id FROM tenancy_tenant ORDER BY key")) {
				while (rows.next()) {
					idsByKey.put(rows.getString(1), rows.getString(2));
				}
			}
			connection.setAutoCommit(false);
			try (PreparedStatement tenant = connection
				.prepareStatement("SELECT set_config('tenancy.tenant_id', ?, true)")) {
				for (Map.Entry<String, String> entry : idsByKey.entrySet()) {
					tenant.setString(1, entry.getValue());
					tenant.execute();
					List<String> ofTenant = new ArrayList<>();
					try (ResultSet rows = statement.executeQuery("SELECT name FROM project ORDER BY name")) {
						while (rows.next()) {
							ofTenant.add(rows.getString(1));
						}
					}
					names.put(entry.getKey(), ofTenant);
					connection.rollback();
				}
			}
		}
		return names;
	}

	/**
	 * Return the number of projects of every tenant of the directory, by tenant key.
	 * @return the counts by tenant key
	 */
	Map<String, Integer> countsByTenant() throws SQLException {
		Map<String, Integer> counts = new LinkedHashMap<>();
		namesByTenant().forEach((key, names) -> counts.put(key, names.size()));
		return counts;
	}

	/**
	 * Return the application role's backends in this database: all of them, and those
	 * idle in a transaction. The owner must have been granted {@code pg_read_all_stats}.
	 * @return {@code [all, idle in transaction]}
	 */
	int[] applicationBackends() throws SQLException {
		try (Connection connection = this.database.openJdbc(this.database.owner());
				PreparedStatement statement = connection.prepareStatement(
						"SELECT count(*), count(*) FILTER (WHERE state LIKE 'idle in transaction%') FROM pg_stat_activity"
								+ " WHERE usename = ? AND datname = current_database()")) {
			statement.setString(1, this.database.application().username());
			try (ResultSet rows = statement.executeQuery()) {
				assertThat(rows.next()).isTrue();
				return new int[] { rows.getInt(1), rows.getInt(2) };
			}
		}
	}

}
