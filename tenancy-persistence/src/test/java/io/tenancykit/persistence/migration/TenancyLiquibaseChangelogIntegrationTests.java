package io.tenancykit.persistence.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tenancykit.test.PostgresDatabase;
import io.tenancykit.test.PostgresTest;
import liquibase.integration.spring.SpringLiquibase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.ds.PGSimpleDataSource;

import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kit's Liquibase changelog and its Flyway migrations, each run as the owner on an
 * empty schema of one database, yield the same schema objects: tables, columns,
 * constraints, indexes, functions with their grants, and — once a table is put under the
 * kit's helpers in each schema — the same policies and triggers.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenancyLiquibaseChangelogIntegrationTests {

	private static final String FLYWAY_SCHEMA = "kit_flyway";

	private static final String LIQUIBASE_SCHEMA = "kit_liquibase";

	// Every query returns rows of text, ordered, with the schema's name replaced by S.
	private static final List<String> CATALOG_QUERIES = List.of("""
			SELECT c.relname, c.relkind, c.relrowsecurity, c.relforcerowsecurity
			FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname = ? AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'i')
			ORDER BY 1""", """
			SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
				pg_get_expr(d.adbin, d.adrelid)
			FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
			JOIN pg_namespace n ON n.oid = c.relnamespace
			LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
			WHERE n.nspname = ? AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
			ORDER BY 1, a.attnum""", """
			SELECT c.relname, k.conname, pg_get_constraintdef(k.oid)
			FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
			JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname = ? ORDER BY 1, 2""", """
			SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = ? ORDER BY 1""", """
			SELECT p.proname, pg_get_function_identity_arguments(p.oid), pg_get_function_result(p.oid),
				p.prosrc, p.provolatile, p.prosecdef, p.proacl, obj_description(p.oid, 'pg_proc')
			FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
			WHERE n.nspname = ? ORDER BY 1, 2""", """
			SELECT c.relname, p.polname, p.polcmd, p.polpermissive, p.polroles::text,
				pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid)
			FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
			JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname = ? ORDER BY 1, 2""", """
			SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid)
			FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
			JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname = ? AND NOT t.tgisinternal ORDER BY 1, 2""");

	// A tenant-owned table, put under the kit's row-level security and change events by
	// the helpers each path installed in its own schema.
	private static final String TENANT_OWNED_TABLE = """
			CREATE TABLE note (
				tenant_id uuid NOT NULL REFERENCES tenancy_tenant (id),
				id uuid NOT NULL,
				PRIMARY KEY (tenant_id, id)
			);
			SELECT tenancy_enable_rls('note');
			SELECT tenancy_enable_change_events('note');
			""";

	private PostgresDatabase db;

	// Per schema, the rows of each catalog query: after the kit's migrations, then after
	// a tenant-owned table was put under the kit's helpers.
	private Map<String, List<List<String>>> kitObjects = Map.of();

	private Map<String, List<List<String>>> tenantOwnedObjects = Map.of();

	@BeforeAll
	void migrateBothWays(PostgresDatabase db) throws SQLException {
		this.db = db;
		db.executeAsOwner("CREATE SCHEMA " + FLYWAY_SCHEMA + "; CREATE SCHEMA " + LIQUIBASE_SCHEMA);
		TenancyMigrations.configure(Flyway.configure().dataSource(dataSource(FLYWAY_SCHEMA))).load().migrate();
		SpringLiquibase liquibase = new SpringLiquibase();
		liquibase.setDataSource(dataSource(LIQUIBASE_SCHEMA));
		liquibase.setResourceLoader(new DefaultResourceLoader());
		liquibase.setChangeLog(TenancyMigrations.LIQUIBASE_CHANGELOG);
		liquibase.setDatabaseChangeLogTable(TenancyMigrations.LIQUIBASE_HISTORY_TABLE);
		liquibase.setDatabaseChangeLogLockTable(TenancyMigrations.LIQUIBASE_LOCK_TABLE);
		liquibase.setDefaultSchema(LIQUIBASE_SCHEMA);
		try {
			liquibase.afterPropertiesSet();
		}
		catch (Exception ex) {
			throw new IllegalStateException("The kit's changelog failed", ex);
		}
		this.kitObjects = catalog();
		for (String schema : List.of(FLYWAY_SCHEMA, LIQUIBASE_SCHEMA)) {
			try (Connection connection = open(schema); Statement statement = connection.createStatement()) {
				statement.execute(TENANT_OWNED_TABLE);
			}
		}
		this.tenantOwnedObjects = catalog();
	}

	@Test
	void recordsOneChangeSetPerKitMigrationInItsOwnChangelogTable() throws SQLException {
		assertThat(rows(LIQUIBASE_SCHEMA,
				"SELECT id, author, filename FROM " + LIQUIBASE_SCHEMA + "." + TenancyMigrations.LIQUIBASE_HISTORY_TABLE
						+ " ORDER BY orderexecuted"))
			.containsExactly("tenancy-1|tenancy-kit|io/tenancykit/tenancy-changelog.xml",
					"tenancy-2|tenancy-kit|io/tenancykit/tenancy-changelog.xml",
					"tenancy-3|tenancy-kit|io/tenancykit/tenancy-changelog.xml",
					"tenancy-4|tenancy-kit|io/tenancykit/tenancy-changelog.xml",
					"tenancy-5|tenancy-kit|io/tenancykit/tenancy-changelog.xml");
		assertThat(rows(LIQUIBASE_SCHEMA,
				"SELECT count(*) FROM pg_class c JOIN pg_namespace n"
						+ " ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = 'databasechangelog'"))
			.as("the application's changelog table stays untouched")
			.containsExactly("0");
	}

	@Test
	void yieldsTheSchemaObjectsOfTheFlywayMigrations() {
		List<List<String>> flyway = this.kitObjects.get(FLYWAY_SCHEMA);
		List<List<String>> liquibase = this.kitObjects.get(LIQUIBASE_SCHEMA);
		assertThat(liquibase).isEqualTo(flyway);
		// Tables, columns, constraints, indexes and functions; no policies or triggers
		// yet.
		assertThat(liquibase.subList(0, 5)).allSatisfy((objects) -> assertThat(objects).isNotEmpty());
		assertThat(liquibase.subList(5, 7)).allSatisfy((objects) -> assertThat(objects).isEmpty());
	}

	@Test
	void installsHelpersThatPutATableUnderTheSamePoliciesAndTriggers() {
		List<List<String>> liquibase = this.tenantOwnedObjects.get(LIQUIBASE_SCHEMA);
		assertThat(liquibase).isEqualTo(this.tenantOwnedObjects.get(FLYWAY_SCHEMA));
		assertThat(liquibase.get(5)).singleElement().asString().startsWith("note|tenancy_isolation|*|t|");
		assertThat(liquibase.get(6)).singleElement().asString().startsWith("note|tenancy_change_events|");
	}

	private Map<String, List<List<String>>> catalog() throws SQLException {
		Map<String, List<List<String>>> catalog = new HashMap<>();
		for (String schema : List.of(FLYWAY_SCHEMA, LIQUIBASE_SCHEMA)) {
			List<List<String>> objects = new ArrayList<>();
			for (String query : CATALOG_QUERIES) {
				objects.add(kitObjects(schema, query));
			}
			catalog.put(schema, objects);
		}
		return catalog;
	}

	// The kit's objects of a schema, without the history tables of either tool.
	private List<String> kitObjects(String schema, String query) throws SQLException {
		return rows(schema, query).stream()
			.filter((row) -> !row.contains("tenancy_schema_history") && !row.contains("tenancy_databasechangelog"))
			.map((row) -> row.replace(schema, "S"))
			.toList();
	}

	private List<String> rows(String schema, String query) throws SQLException {
		List<String> rows = new ArrayList<>();
		try (Connection connection = open(schema); PreparedStatement statement = connection.prepareStatement(query)) {
			if (statement.getParameterMetaData().getParameterCount() > 0) {
				statement.setString(1, schema);
			}
			try (ResultSet result = statement.executeQuery()) {
				ResultSetMetaData meta = result.getMetaData();
				while (result.next()) {
					List<String> values = new ArrayList<>();
					for (int column = 1; column <= meta.getColumnCount(); column++) {
						values.add(String.valueOf(result.getString(column)));
					}
					rows.add(String.join("|", values));
				}
			}
		}
		return rows;
	}

	private Connection open(String schema) throws SQLException {
		return dataSource(schema).getConnection();
	}

	private PGSimpleDataSource dataSource(String schema) {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setUrl(this.db.jdbcUrl());
		dataSource.setUser(this.db.owner().username());
		dataSource.setPassword(this.db.owner().password());
		dataSource.setCurrentSchema(schema);
		return dataSource;
	}

}
