package io.tenancykit.persistence.rls;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.tenancykit.api.TenantContext;
import io.tenancykit.persistence.support.Note;
import io.tenancykit.persistence.support.NoteRepository;
import io.tenancykit.persistence.support.TestDatabases;
import io.tenancykit.test.PostgresDatabase;
import io.tenancykit.test.PostgresTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.test.StepVerifier;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repository sets the tenant inside each statement (an init plan in a one-time
 * filter) rather than in a separate round trip. These tests pin down that PostgreSQL
 * evaluates it before the policy reads the setting, with custom and generic plans alike,
 * and document the CTE variant that does not work.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InlineTenantSettingIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private PostgresDatabase db;

	private TenantContext alpha;

	private TenantContext beta;

	@BeforeAll
	void setUp(PostgresDatabase db) throws SQLException {
		this.db = db;
		TestDatabases.migrate(db);
		this.alpha = TestDatabases.context(db, "alpha");
		this.beta = TestDatabases.context(db, "beta");
	}

	@ParameterizedTest
	@ValueSource(strings = { "force_custom_plan", "force_generic_plan" })
	void statementsSeeTheirOwnTenantWithEveryPlanCacheMode(String planCacheMode) throws SQLException {
		this.db.executeAsAdmin("DELETE FROM test_note");
		ConnectionPool pool = TestDatabases
			.pool(new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
				.host(this.db.host())
				.port(this.db.port())
				.database(this.db.databaseName())
				.username(this.db.application().username())
				.password(this.db.application().password())
				.options(Map.of("plan_cache_mode", planCacheMode))
				.build()), 1);
		try {
			NoteRepository notes = new NoteRepository(
					TestDatabases.template(pool, RowLevelSecurity.ENABLED, TenantSettingMode.INLINE));
			// Enough repetitions for the driver's prepared statements to reach
			// generic plans.
			for (int i = 0; i < 8; i++) {
				Note a = Note.of(this.alpha.tenantId(), UUID.randomUUID(), "a" + i);
				Note b = Note.of(this.beta.tenantId(), UUID.randomUUID(), "b" + i);
				StepVerifier.create(notes.insert(this.alpha, a)).expectNext(a).expectComplete().verify(TIMEOUT);
				StepVerifier.create(notes.insert(this.beta, b)).expectNext(b).expectComplete().verify(TIMEOUT);
				StepVerifier.create(notes.findById(this.alpha, a.id())).expectNext(a).expectComplete().verify(TIMEOUT);
				StepVerifier.create(notes.save(this.beta, b.withBody("b!")))
					.expectNext(b.withBody("b!"))
					.expectComplete()
					.verify(TIMEOUT);
				StepVerifier.create(notes.count(this.alpha)).expectNext(i + 1L).expectComplete().verify(TIMEOUT);
				StepVerifier.create(notes.findByBodyPrefix(this.beta, "b!").count())
					.expectNext(i + 1L)
					.expectComplete()
					.verify(TIMEOUT);
			}
			StepVerifier.create(notes.findAll(this.alpha, PageRequest.of(0, 500)).map(Page::getTotalElements))
				.expectNext(8L)
				.expectComplete()
				.verify(TIMEOUT);
		}
		finally {
			pool.dispose();
		}
	}

	@Test
	void planEvaluatesTheSettingInAnInitPlanBeforeTheScan() throws SQLException {
		List<String> plan = new ArrayList<>();
		try (Connection connection = this.db.openJdbc(this.db.application());
				PreparedStatement explain = connection.prepareStatement("EXPLAIN (COSTS OFF) SELECT tenant_id, id, body"
						+ " FROM test_note WHERE " + TenantSetting.inlineCondition("CAST(?::uuid AS text)")
						+ " AND tenant_id = ?::uuid AND id = ?::uuid")) {
			explain.setString(1, this.alpha.tenantId().toString());
			explain.setString(2, this.alpha.tenantId().toString());
			explain.setString(3, UUID.randomUUID().toString());
			try (ResultSet rs = explain.executeQuery()) {
				while (rs.next()) {
					plan.add(rs.getString(1).strip());
				}
			}
		}
		assertThat(plan.get(0)).startsWith("Result");
		assertThat(plan.get(1)).startsWith("One-Time Filter: (($0 IS NOT NULL)");
		assertThat(plan).anySatisfy((line) -> assertThat(line).startsWith("InitPlan 1"));
	}

	@Test
	void aCommonTableExpressionDoesNotSetTheTenantInTime() throws SQLException {
		this.db.executeAsAdmin("DELETE FROM test_note; INSERT INTO test_note (tenant_id, id, body) VALUES ('"
				+ this.alpha.tenantId() + "', gen_random_uuid(), 'cte')");
		try (Connection connection = this.db.openJdbc(this.db.application());
				PreparedStatement cte = connection
					.prepareStatement("WITH t AS (SELECT set_config('" + TenantSetting.NAME
							+ "', ?, true)) SELECT count(*) FROM t, test_note n WHERE n.tenant_id = ?::uuid")) {
			cte.setString(1, this.alpha.tenantId().toString());
			cte.setString(2, this.alpha.tenantId().toString());
			try (ResultSet rs = cte.executeQuery()) {
				rs.next();
				// The policy's current_setting() is evaluated before the CTE: no rows.
				assertThat(rs.getLong(1)).isZero();
			}
		}
	}

}
