package io.tenancykit.persistence.verify;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.r2dbc.pool.ConnectionPool;
import io.tenancykit.persistence.rls.RowLevelSecurity;
import io.tenancykit.persistence.support.TestDatabases;
import io.tenancykit.persistence.verify.Violation.Kind;
import io.tenancykit.test.PostgresDatabase;
import io.tenancykit.test.PostgresTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.test.StepVerifier;

import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RlsVerifierIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private PostgresDatabase db;

	private ConnectionPool pool;

	private RlsVerifier verifier;

	@BeforeAll
	void setUp(PostgresDatabase db) throws SQLException {
		this.db = db;
		TestDatabases.migrate(db);
		this.pool = TestDatabases.pool(TestDatabases.connectionFactory(db, db.application()), 2);
		this.verifier = new RlsVerifier(DatabaseClient.create(this.pool));
	}

	@AfterAll
	void tearDown() {
		this.pool.dispose();
	}

	@Test
	void acceptsTablesSetUpWithTheHelper() {
		StepVerifier.create(this.verifier.verifyOrThrow(List.of("test_note", "test_notebook"))).assertNext((report) -> {
			assertThat(report.isSatisfied()).isTrue();
			assertThat(report.role()).isEqualTo(this.db.application().username());
		}).expectComplete().verify(TIMEOUT);
	}

	@Test
	void discoversTablesWithTenantIdColumn() throws SQLException {
		this.db.executeAsOwner("CREATE TABLE discovered (tenant_id uuid NOT NULL, id uuid NOT NULL,"
				+ " PRIMARY KEY (tenant_id, id)); SELECT tenancy_enable_rls('discovered')");
		StepVerifier.create(this.verifier.verify())
			.assertNext((report) -> assertThat(report.tables()).contains("test_note", "test_notebook", "discovered")
				.doesNotContain("tenancy_tenant"))
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void failsNamingTheTableWhenItsPolicyIsDropped() throws SQLException {
		createGoodTable("dropped_policy");
		this.db.executeAsOwner("DROP POLICY tenancy_isolation ON dropped_policy");
		StepVerifier.create(this.verifier.verifyOrThrow(Set.of("dropped_policy"))).expectErrorSatisfies((ex) -> {
			assertThat(ex).isInstanceOf(RlsVerificationException.class).hasMessageContaining("dropped_policy");
			assertThat(((RlsVerificationException) ex).report().violations()).extracting(Violation::kind)
				.containsExactly(Kind.TENANT_POLICY_MISSING);
		}).verify(TIMEOUT);
	}

	@Test
	void failsWhenRowLevelSecurityIsNotForcedOrNotEnabled() throws SQLException {
		createGoodTable("not_forced");
		createGoodTable("not_enabled");
		this.db.executeAsOwner("ALTER TABLE not_forced NO FORCE ROW LEVEL SECURITY;"
				+ " ALTER TABLE not_enabled DISABLE ROW LEVEL SECURITY");
		StepVerifier.create(this.verifier.verify(List.of("not_forced", "not_enabled"))).assertNext((report) -> {
			assertThat(report.violationsOf("not_forced")).extracting(Violation::kind)
				.containsExactly(Kind.RLS_NOT_FORCED);
			assertThat(report.violationsOf("not_enabled")).extracting(Violation::kind)
				.containsExactly(Kind.RLS_NOT_ENABLED);
		}).expectComplete().verify(TIMEOUT);
	}

	@Test
	void failsOnAPermissivePolicyThatIgnoresTheTenant() throws SQLException {
		createGoodTable("open_policy");
		this.db.executeAsOwner("CREATE POLICY everyone ON open_policy FOR SELECT USING (true)");
		StepVerifier.create(this.verifier.verify(List.of("open_policy")))
			.assertNext((report) -> assertThat(report.violations()).singleElement().satisfies((violation) -> {
				assertThat(violation.kind()).isEqualTo(Kind.UNSCOPED_POLICY);
				assertThat(violation.detail()).contains("everyone");
			}))
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void failsOnKeysWithoutTenantId() throws SQLException {
		this.db.executeAsOwner("""
				CREATE TABLE parent_table (tenant_id uuid NOT NULL, id uuid NOT NULL, PRIMARY KEY (tenant_id, id),
					UNIQUE (id));
				CREATE TABLE bad_keys (tenant_id uuid NOT NULL, id uuid PRIMARY KEY, code text,
					parent_id uuid REFERENCES parent_table (id), CONSTRAINT bad_keys_code_key UNIQUE (code));
				SELECT tenancy_enable_rls('parent_table');
				SELECT tenancy_enable_rls('bad_keys');
				""");
		StepVerifier.create(this.verifier.verify(List.of("bad_keys", "parent_table"))).assertNext((report) -> {
			assertThat(report.violationsOf("bad_keys")).extracting(Violation::kind)
				.containsExactly(Kind.PRIMARY_KEY_WITHOUT_TENANT_ID, Kind.UNIQUE_INDEX_WITHOUT_TENANT_ID,
						Kind.FOREIGN_KEY_WITHOUT_TENANT_ID);
			assertThat(report.violationsOf("parent_table")).extracting(Violation::kind)
				.containsExactly(Kind.UNIQUE_INDEX_WITHOUT_TENANT_ID);
			assertThat(report.describe()).contains("bad_keys_pkey", "bad_keys_code_key", "parent_table_id_key");
		}).expectComplete().verify(TIMEOUT);
	}

	@Test
	void failsWhenTheApplicationRoleOwnsATenantTable() throws SQLException {
		createGoodTable("owned_by_app");
		this.db.executeAsAdmin("ALTER TABLE owned_by_app OWNER TO " + this.db.application().username());
		StepVerifier.create(this.verifier.verify(List.of("owned_by_app")))
			.assertNext((report) -> assertThat(report.violationsOf("owned_by_app")).extracting(Violation::kind)
				.containsExactly(Kind.OWNED_BY_APPLICATION_ROLE))
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void failsWhenTheApplicationRoleBypassesRowLevelSecurity() throws SQLException {
		String role = this.db.application().username();
		this.db.executeAsAdmin("ALTER ROLE " + role + " BYPASSRLS");
		try {
			StepVerifier.create(this.verifier.verify(List.of("test_note")))
				.assertNext((report) -> assertThat(report.violationsOf(role)).extracting(Violation::kind)
					.containsExactly(Kind.APPLICATION_ROLE_BYPASSES_RLS))
				.expectComplete()
				.verify(TIMEOUT);
		}
		finally {
			this.db.executeAsAdmin("ALTER ROLE " + role + " NOBYPASSRLS");
		}
	}

	@Test
	void reportsMissingTablesAndColumns() throws SQLException {
		this.db.executeAsOwner("CREATE TABLE no_tenant (id uuid PRIMARY KEY)");
		StepVerifier.create(this.verifier.verify(List.of("no_such_table", "no_tenant"))).assertNext((report) -> {
			assertThat(report.violationsOf("no_such_table")).extracting(Violation::kind)
				.containsExactly(Kind.TABLE_NOT_FOUND);
			assertThat(report.violationsOf("no_tenant")).extracting(Violation::kind)
				.containsExactly(Kind.TENANT_ID_COLUMN_MISSING);
		}).expectComplete().verify(TIMEOUT);
	}

	@Test
	void checksOnlyKeysWhenRowLevelSecurityIsDisabled() throws SQLException {
		this.db.executeAsOwner("CREATE TABLE plain_keys (tenant_id uuid NOT NULL, id uuid NOT NULL,"
				+ " PRIMARY KEY (tenant_id, id)); CREATE TABLE plain_bad (tenant_id uuid NOT NULL, id uuid PRIMARY KEY)");
		RlsVerifier keysOnly = new RlsVerifier(DatabaseClient.create(this.pool), RowLevelSecurity.DISABLED);
		StepVerifier.create(keysOnly.verify(List.of("plain_keys", "plain_bad")))
			.assertNext((report) -> assertThat(report.violations()).extracting(Violation::subject, Violation::kind)
				.containsExactly(org.assertj.core.groups.Tuple.tuple("plain_bad", Kind.PRIMARY_KEY_WITHOUT_TENANT_ID)))
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void acceptsTheKitPolicyWithRowsOfTwoTenantsPresent() throws SQLException {
		createGoodTable("two_tenants");
		insertRowsOfTwoTenants("two_tenants");
		StepVerifier.create(this.verifier.verify(List.of("two_tenants")))
			.assertNext((report) -> assertThat(report.violations()).isEmpty())
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void failsOnAPolicyThatAdmitsEveryRowWhileNoTenantIsSet() throws SQLException {
		createGoodTable("is_null_or");
		this.db.executeAsOwner("CREATE POLICY open_when_unset ON is_null_or FOR SELECT USING ("
				+ "current_setting('tenancy.tenant_id', true) IS NULL"
				+ " OR tenant_id::text = current_setting('tenancy.tenant_id', true))");
		StepVerifier.create(this.verifier.verify(List.of("is_null_or")))
			.assertNext((report) -> assertThat(report.violationsOf("is_null_or"))
				.containsExactly(new Violation("is_null_or", Kind.LEAKY_POLICY,
						"permissive policy open_when_unset on "
								+ "table is_null_or admits rows of other tenants in USING when no tenant is set")))
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void failsOnAPolicyThatCoalescesAMissingTenantToMatchAllAndShowsTheRows() throws SQLException {
		createGoodTable("coalesce_all");
		insertRowsOfTwoTenants("coalesce_all");
		this.db.executeAsOwner("CREATE POLICY fallback ON coalesce_all USING (tenant_id = "
				+ "coalesce(nullif(current_setting('tenancy.tenant_id', true), '')::uuid, tenant_id))");
		StepVerifier.create(this.verifier.verify(List.of("coalesce_all")))
			.assertNext((report) -> assertThat(report.violationsOf("coalesce_all")).containsExactly(
					new Violation("coalesce_all", Kind.ROWS_VISIBLE_WITHOUT_TENANT,
							"table coalesce_all shows 2 rows to " + "role " + this.db.application().username()
									+ " without a tenant set"),
					new Violation("coalesce_all", Kind.LEAKY_POLICY,
							"permissive policy fallback on table coalesce_all "
									+ "admits rows of other tenants in USING when no tenant is set"),
					new Violation("coalesce_all", Kind.LEAKY_POLICY,
							"permissive policy fallback on table coalesce_all "
									+ "admits rows of other tenants in WITH CHECK when no tenant is set")))
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void failsOnAPolicyForOneCommandThatIsTrueWhateverTheTenant() throws SQLException {
		createGoodTable("insert_any");
		createGoodTable("delete_any");
		this.db.executeAsOwner("CREATE POLICY insert_anywhere ON insert_any FOR INSERT"
				+ " WITH CHECK (current_setting('tenancy.tenant_id', true) IS NOT NULL);"
				+ " CREATE POLICY delete_anything ON delete_any FOR DELETE USING (true)");
		StepVerifier.create(this.verifier.verify(List.of("insert_any", "delete_any"))).assertNext((report) -> {
			assertThat(report.violationsOf("insert_any"))
				.containsExactly(new Violation("insert_any", Kind.LEAKY_POLICY, "permissive policy insert_anywhere on "
						+ "table insert_any admits rows of other tenants in WITH CHECK when the tenant setting is empty"));
			assertThat(report.violationsOf("delete_any")).extracting(Violation::kind, Violation::detail)
				.containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.UNSCOPED_POLICY,
						"permissive policies delete_anything on table delete_any do not refer to tenancy.tenant_id"));
		}).expectComplete().verify(TIMEOUT);
	}

	@Test
	void failsOnAPolicyForARoleTheApplicationRoleBelongsToButNotForOtherRoles() throws SQLException {
		String readers = this.db.databaseName() + "_readers";
		String auditors = this.db.databaseName() + "_auditors";
		createGoodTable("member_policy");
		createGoodTable("foreign_policy");
		this.db.executeAsAdmin("CREATE ROLE " + readers + " NOLOGIN; CREATE ROLE " + auditors + " NOLOGIN; GRANT "
				+ readers + " TO " + this.db.application().username());
		try {
			this.db.executeAsOwner("CREATE POLICY readers_see_all ON member_policy FOR SELECT TO " + readers
					+ " USING (current_setting('tenancy.tenant_id', true) IS NOT NULL);"
					+ " CREATE POLICY auditors_see_all ON foreign_policy FOR SELECT TO " + auditors
					+ " USING (current_setting('tenancy.tenant_id', true) IS NOT NULL)");
			StepVerifier.create(this.verifier.verify(List.of("member_policy", "foreign_policy")))
				.assertNext((report) -> assertThat(report.violations())
					.containsExactly(new Violation("member_policy", Kind.LEAKY_POLICY,
							"permissive policy readers_see_all on table member_policy admits rows of "
									+ "other tenants in USING when the tenant setting is empty")))
				.expectComplete()
				.verify(TIMEOUT);
		}
		finally {
			this.db.executeAsOwner(
					"DROP POLICY readers_see_all ON member_policy; DROP POLICY auditors_see_all ON foreign_policy");
			this.db.executeAsAdmin("DROP ROLE " + readers + "; DROP ROLE " + auditors);
		}
	}

	@Test
	void failsOnAPolicyThatCallsASecurityDefinerFunctionButNotAnInvokerFunction() throws SQLException {
		createGoodTable("definer_policy");
		createGoodTable("invoker_policy");
		this.db.executeAsOwner("""
				CREATE FUNCTION tenant_visible_definer(row_tenant uuid, setting text) RETURNS boolean
					LANGUAGE sql STABLE SECURITY DEFINER AS $$ SELECT row_tenant = nullif(setting, '')::uuid $$;
				CREATE FUNCTION tenant_visible_invoker(row_tenant uuid, setting text) RETURNS boolean
					LANGUAGE sql STABLE AS $$ SELECT row_tenant = nullif(setting, '')::uuid $$;
				CREATE POLICY via_definer ON definer_policy FOR SELECT
					USING (tenant_visible_definer(tenant_id, current_setting('tenancy.tenant_id', true)));
				CREATE POLICY via_invoker ON invoker_policy FOR SELECT
					USING (tenant_visible_invoker(tenant_id, current_setting('tenancy.tenant_id', true)));
				""");
		StepVerifier.create(this.verifier.verify(List.of("definer_policy", "invoker_policy")))
			.assertNext((report) -> assertThat(report.violations())
				.containsExactly(new Violation("definer_policy", Kind.LEAKY_POLICY,
						"permissive policy via_definer on table definer_policy calls SECURITY DEFINER "
								+ "function tenant_visible_definer(uuid,text), which runs with its owner's rights and "
								+ "cannot be shown to depend on tenancy.tenant_id")))
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void failsOnAViewOwnedByARoleThatBypassesRowLevelSecurityButNotOnAnInvokerView() throws SQLException {
		createGoodTable("viewed");
		insertRowsOfTwoTenants("viewed");
		String app = this.db.application().username();
		this.db.executeAsAdmin("CREATE VIEW viewed_everything AS SELECT * FROM viewed;"
				+ " CREATE VIEW viewed_as_invoker WITH (security_invoker = true) AS SELECT * FROM viewed;"
				+ " CREATE MATERIALIZED VIEW viewed_snapshot AS SELECT * FROM viewed;"
				+ " GRANT SELECT ON viewed_everything, viewed_as_invoker, viewed_snapshot TO " + app);
		String admin = adminRole();
		StepVerifier.create(this.verifier.verify(List.of("viewed")))
			.assertNext((report) -> assertThat(report.violationsOf("viewed")).containsExactly(
					new Violation("viewed", Kind.VIEW_BYPASSES_RLS,
							"view viewed_everything reads table viewed with " + "the rights of its owner " + admin
									+ ", who bypasses row-level security, and role " + app + " may read it"),
					new Violation("viewed", Kind.VIEW_BYPASSES_RLS,
							"materialized view viewed_snapshot copies table "
									+ "viewed outside row-level security and role " + app + " may read it")))
			.expectComplete()
			.verify(TIMEOUT);
	}

	private void insertRowsOfTwoTenants(String table) throws SQLException {
		this.db.executeAsAdmin("INSERT INTO " + table
				+ " VALUES (gen_random_uuid(), gen_random_uuid()), (gen_random_uuid(), gen_random_uuid())");
	}

	private String adminRole() throws SQLException {
		try (java.sql.Connection connection = this.db.openJdbc(this.db.owner());
				java.sql.Statement statement = connection.createStatement();
				java.sql.ResultSet result = statement
					.executeQuery("SELECT r.rolname FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner"
							+ " WHERE c.relname = 'viewed_everything'")) {
			result.next();
			return result.getString(1);
		}
	}

	private void createGoodTable(String name) throws SQLException {
		this.db.executeAsOwner("CREATE TABLE " + name + " (tenant_id uuid NOT NULL, id uuid NOT NULL,"
				+ " PRIMARY KEY (tenant_id, id)); SELECT tenancy_enable_rls('" + name + "')");
	}

}
