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

	private void createGoodTable(String name) throws SQLException {
		this.db.executeAsOwner("CREATE TABLE " + name + " (tenant_id uuid NOT NULL, id uuid NOT NULL,"
				+ " PRIMARY KEY (tenant_id, id)); SELECT tenancy_enable_rls('" + name + "')");
	}

}
