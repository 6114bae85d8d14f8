package io.tenancykit.persistence.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import io.tenancykit.api.TenantKey;
import io.tenancykit.persistence.support.TestDatabases;
import io.tenancykit.test.PostgresDatabase;
import io.tenancykit.test.PostgresTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenancyMigrationsIntegrationTests {

	private static final String CHECK_VIOLATION = "23514";

	private PostgresDatabase db;

	@BeforeAll
	void setUp(PostgresDatabase db) throws SQLException {
		this.db = db;
		// An application table created before the kit's migrations: the kit's own history
		// table and baseline let them run on a schema that is not empty.
		db.executeAsOwner("CREATE TABLE app_existing (id int PRIMARY KEY)");
		TestDatabases.migrate(db);
	}

	@Test
	void recordsItsMigrationsInItsOwnHistoryTable() throws SQLException {
		List<String> versions = new ArrayList<>();
		try (Connection connection = this.db.openJdbc(this.db.owner());
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT version FROM " + TenancyMigrations.HISTORY_TABLE
						+ " WHERE success AND version IS NOT NULL ORDER BY installed_rank")) {
			while (rs.next()) {
				versions.add(rs.getString(1));
			}
		}
		assertThat(versions).containsExactly("0", "1", "2", "3", "4", "5");
	}

	@Test
	void createsTheDirectoryTableAndRlsFunctions() throws SQLException {
		try (Connection connection = this.db.openJdbc(this.db.owner());
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT to_regclass('tenancy_tenant') IS NOT NULL,"
						+ " to_regprocedure('tenancy_enable_rls(regclass)') IS NOT NULL,"
						+ " to_regprocedure('tenancy_current_tenant()') IS NOT NULL,"
						+ " (SELECT relrowsecurity FROM pg_class WHERE oid = 'tenancy_tenant'::regclass)")) {
			rs.next();
			assertThat(rs.getBoolean(1)).isTrue();
			assertThat(rs.getBoolean(2)).isTrue();
			assertThat(rs.getBoolean(3)).isTrue();
			assertThat(rs.getBoolean(4)).as("the directory itself is not tenant-owned").isFalse();
		}
	}

	@Test
	void currentTenantFunctionFailsClosed() throws SQLException {
		UUID tenant = UUID.randomUUID();
		try (Connection connection = this.db.openJdbc(this.db.application())) {
			assertThat(currentTenant(connection)).isNull();
			try (PreparedStatement set = connection
				.prepareStatement("SELECT set_config('tenancy.tenant_id', ?, false)")) {
				set.setString(1, "");
				set.execute();
				assertThat(currentTenant(connection)).isNull();
				set.setString(1, tenant.toString());
				set.execute();
				assertThat(currentTenant(connection)).isEqualTo(tenant);
			}
		}
	}

	@Test
	void enableRlsRefusesATableWithoutTenantId() throws SQLException {
		this.db.executeAsOwner("CREATE TABLE no_tenant_column (id uuid PRIMARY KEY)");
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> this.db.executeAsOwner("SELECT tenancy_enable_rls('no_tenant_column')"))
			.withMessageContaining("tenant_id");
	}

	@Test
	void enableRlsRaisesNoNoticeTheFirstTimeAndReplacesThePolicyTheSecond() throws SQLException {
		this.db.executeAsOwner("CREATE TABLE quiet_note (tenant_id uuid NOT NULL, id uuid NOT NULL,"
				+ " PRIMARY KEY (tenant_id, id))");
		try (Connection connection = this.db.openJdbc(this.db.owner());
				Statement statement = connection.createStatement()) {
			for (int call = 1; call <= 2; call++) {
				statement.execute("SELECT tenancy_enable_rls('quiet_note')");
				// PostgreSQL sends NOTICEs as warnings on the statement.
				assertThat(notices(statement.getWarnings())).as("notices of call %d", call).isEmpty();
				statement.clearWarnings();
			}
			try (ResultSet rs = statement
				.executeQuery("SELECT count(*) FROM pg_policy WHERE polrelid = 'quiet_note'::regclass")) {
				rs.next();
				assertThat(rs.getInt(1)).isEqualTo(1);
			}
		}
	}

	private static List<String> notices(SQLWarning first) {
		List<String> notices = new ArrayList<>();
		for (SQLWarning warning = first; warning != null; warning = warning.getNextWarning()) {
			notices.add(warning.getMessage());
		}
		return notices;
	}

	@Test
	void keyCheckAgreesWithTenantKeyOnSamples() throws SQLException {
		List<String> samples = new ArrayList<>(List.of("a", "z9", "acme", "acme-corp", "a--b", "a-b-c", "xn--abc",
				"ab--c", "abc--d", "a---b", "-a", "a-", "-", "", "Acme", "ACME", "acme.corp", "acme_corp", " acme",
				"acme ", "ümlaut", "0", "00-00", "a".repeat(63), "a".repeat(64), "a\nb", "acme\n"));
		Random random = new Random(42);
		String alphabet = "abcz09-A._ ";
		for (int i = 0; i < 300; i++) {
			StringBuilder key = new StringBuilder();
			int length = random.nextInt(8);
			for (int j = 0; j < length; j++) {
				key.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			samples.add(key.toString());
		}
		List<String> disagreements = new ArrayList<>();
		try (Connection connection = this.db.openJdbc(this.db.owner())) {
			for (String sample : samples) {
				boolean accepted = TenantKey.isCanonical(sample);
				if (insertKey(connection, sample) != accepted) {
					disagreements.add("'" + sample + "' (TenantKey " + (accepted ? "accepts" : "rejects") + ")");
				}
			}
			try (Statement cleanup = connection.createStatement()) {
				cleanup.execute("DELETE FROM tenancy_tenant");
			}
		}
		assertThat(disagreements).isEmpty();
		assertThat(TenantKey.isCanonical("a--b")).isTrue();
		assertThat(TenantKey.isCanonical("xn--abc")).isFalse();
		assertThat(TenantKey.isCanonical("Acme")).isFalse();
	}

	@Test
	void rejectsUnknownStatusAndBlankDisplayName() throws SQLException {
		try (Connection connection = this.db.openJdbc(this.db.owner());
				Statement statement = connection.createStatement()) {
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> statement.execute("INSERT INTO tenancy_tenant (id, key, display_name, status)"
						+ " VALUES (gen_random_uuid(), 'status-check', 'x', 'DELETED')"))
				.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo(CHECK_VIOLATION));
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> statement.execute("INSERT INTO tenancy_tenant (id, key, display_name)"
						+ " VALUES (gen_random_uuid(), 'blank-name', ' ')"))
				.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo(CHECK_VIOLATION));
		}
	}

	private static boolean insertKey(Connection connection, String key) throws SQLException {
		try (PreparedStatement insert = connection
			.prepareStatement("INSERT INTO tenancy_tenant (id, key, display_name) VALUES (?, ?, 'Sample')")) {
			insert.setObject(1, UUID.randomUUID());
			insert.setString(2, key);
			insert.executeUpdate();
			return true;
		}
		catch (SQLException ex) {
			if (CHECK_VIOLATION.equals(ex.getSQLState())) {
				return false;
			}
			if ("23505".equals(ex.getSQLState())) {
				// A duplicate sample passed the CHECK the first time.
				return true;
			}
			throw ex;
		}
	}

	private static UUID currentTenant(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT tenancy_current_tenant()")) {
			rs.next();
			return rs.getObject(1, UUID.class);
		}
	}

}
