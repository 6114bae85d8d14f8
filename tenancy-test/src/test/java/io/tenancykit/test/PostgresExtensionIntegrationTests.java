package io.tenancykit.test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@PostgresTest
class PostgresExtensionIntegrationTests {

	private static @Nullable PostgresDatabase fromBeforeAll;

	private final PostgresDatabase fromConstructor;

	private @Nullable PostgresDatabase fromBeforeEach;

	PostgresExtensionIntegrationTests(PostgresDatabase database) {
		this.fromConstructor = database;
	}

	@BeforeAll
	static void rememberDatabaseBeforeAll(PostgresDatabase database) {
		fromBeforeAll = database;
	}

	@BeforeEach
	void rememberDatabaseBeforeEach(PostgresDatabase database) {
		this.fromBeforeEach = database;
	}

	@Test
	void injectsTheSameDatabaseIntoConstructorBeforeAllBeforeEachAndTest(PostgresDatabase database) {
		assertThat(database).isSameAs(fromBeforeAll).isSameAs(this.fromConstructor).isSameAs(this.fromBeforeEach);
	}

	@Test
	void namesDatabaseAndRolesWithTheTkPrefix(PostgresDatabase database) {
		assertThat(database.databaseName()).matches("tk_[0-9a-f]{12}");
		assertThat(database.owner().username()).isEqualTo(database.databaseName() + "_owner");
		assertThat(database.application().username()).isEqualTo(database.databaseName() + "_app");
		assertThat(database.owner().password()).isNotEqualTo(database.application().password()).hasSize(32);
	}

	@Test
	void urlsPointAtTheDatabaseWithoutCredentials(PostgresDatabase database) {
		String location = database.host() + ":" + database.port() + "/" + database.databaseName();

		assertThat(database.jdbcUrl()).isEqualTo("jdbc:postgresql://" + location);
		assertThat(database.r2dbcUrl()).isEqualTo("r2dbc:postgresql://" + location);
		assertThat(database.jdbcUrl() + database.r2dbcUrl() + database).doesNotContain(database.owner().password(),
				database.application().password());
	}

	@Test
	void ownerOwnsTheDatabaseWithoutBeingSuperuser(PostgresDatabase database) throws SQLException {
		try (Connection owner = database.openJdbc(database.owner())) {
			assertThat(queryString(owner,
					"SELECT pg_get_userbyid(datdba) FROM pg_database" + " WHERE datname = current_database()"))
				.isEqualTo(database.owner().username());
			assertThat(queryString(owner, "SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user"))
				.isEqualTo("false");
		}
	}

	@Test
	void applicationRoleHasNoSuperuserBypassRlsCreateDbOrCreateRole(PostgresDatabase database) throws SQLException {
		try (Connection application = database.openJdbc(database.application())) {
			assertThat(queryString(application, "SELECT current_user")).isEqualTo(database.application().username());
			assertThat(
					queryString(application, "SELECT concat_ws(',', rolsuper, rolbypassrls, rolcreatedb, rolcreaterole)"
							+ " FROM pg_roles WHERE rolname = current_user"))
				.isEqualTo("f,f,f,f");
		}
	}

	@Test
	void applicationRoleCanUseButDoesNotOwnWhatTheOwnerCreates(PostgresDatabase database) throws SQLException {
		database.executeAsOwner("CREATE TABLE widget (id bigserial PRIMARY KEY, name text NOT NULL);"
				+ " CREATE FUNCTION widget_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM widget'");

		try (Connection application = database.openJdbc(database.application())) {
			execute(application, "INSERT INTO widget (name) VALUES ('first'), ('second')");
			execute(application, "UPDATE widget SET name = 'renamed' WHERE name = 'second'");
			assertThat(queryString(application, "SELECT string_agg(name, ',' ORDER BY id) FROM widget"))
				.isEqualTo("first,renamed");
			assertThat(queryString(application, "SELECT widget_count()")).isEqualTo("2");
			assertThat(queryString(application, "SELECT tableowner FROM pg_tables WHERE tablename = 'widget'"))
				.isEqualTo(database.owner().username());
			assertThat(queryString(application,
					"SELECT count(*) FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)"))
				.isEqualTo("0");
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> execute(application, "DROP TABLE widget"))
				.withMessageContaining("must be owner");
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> execute(application, "CREATE TABLE intruder (id int)"))
				.withMessageContaining("permission denied");
		}
	}

	@Test
	void rowLevelSecurityAppliesToTheApplicationRole(PostgresDatabase database) throws SQLException {
		database.executeAsOwner("CREATE TABLE note (tenant text NOT NULL, body text NOT NULL);"
				+ " INSERT INTO note VALUES ('a', 'for a'), ('b', 'for b');"
				+ " ALTER TABLE note ENABLE ROW LEVEL SECURITY;"
				+ " CREATE POLICY tenant_only ON note USING (tenant = current_setting('app.tenant', true))");

		try (Connection application = database.openJdbc(database.application())) {
			execute(application, "SET app.tenant = 'a'");
			assertThat(queryString(application, "SELECT string_agg(body, ',') FROM note")).isEqualTo("for a");
		}
	}

	@Test
	void executeAsAdminRunsAsSuperuserInThisDatabase(PostgresDatabase database) throws SQLException {
		database.executeAsAdmin("CREATE TABLE admin_made (id int)");

		try (Connection admin = database.openAdmin()) {
			assertThat(queryString(admin, "SELECT current_database()")).isEqualTo(database.databaseName());
			assertThat(queryString(admin, "SELECT to_regclass('public.admin_made')::text")).isEqualTo("admin_made");
		}
	}

	@Nested
	class NestedClass {

		@Test
		void getsADatabaseOfItsOwn(PostgresDatabase database) {
			assertThat(fromBeforeAll).isNotNull();
			assertThat(database.databaseName()).isNotEqualTo(fromBeforeAll.databaseName());
			assertThat(database.application().username()).isNotEqualTo(fromBeforeAll.application().username());
		}

	}

	static String queryString(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
			assertThat(result.next()).as("a row from %s", sql).isTrue();
			return result.getString(1);
		}
	}

	static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
