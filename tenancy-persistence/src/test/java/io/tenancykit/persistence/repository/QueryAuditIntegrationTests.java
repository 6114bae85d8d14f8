package io.tenancykit.persistence.repository;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import io.r2dbc.pool.ConnectionPool;
import io.tenancykit.api.TenantContext;
import io.tenancykit.persistence.rls.RowLevelSecurity;
import io.tenancykit.persistence.rls.TenantSetting;
import io.tenancykit.persistence.support.Note;
import io.tenancykit.persistence.support.NoteRepository;
import io.tenancykit.persistence.support.RecordingConnectionFactory;
import io.tenancykit.persistence.support.TestDatabases;
import io.tenancykit.test.PostgresDatabase;
import io.tenancykit.test.PostgresTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Captures every statement the repository sends and checks that each is bound to the
 * tenant through a parameter, never a literal.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryAuditIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final Pattern UUID_LITERAL = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private static final Pattern TENANT_PREDICATE = Pattern.compile("tenant_id = \\$\\d+");

	private static final Pattern INSERT_TENANT_VALUE = Pattern
		.compile("^INSERT INTO test_note \\(tenant_id, id, body\\) SELECT \\$\\d+, ");

	private static final Pattern TENANT_SETTING = Pattern
		.compile(Pattern.quote("set_config('" + TenantSetting.NAME + "', ")
				+ "(CAST\\(\\$\\d+ AS text\\)|\\$\\d+), true\\)");

	private PostgresDatabase db;

	private ConnectionPool pool;

	private RecordingConnectionFactory recording;

	private TenantContext alpha;

	@BeforeAll
	void setUp(PostgresDatabase db) throws SQLException {
		this.db = db;
		TestDatabases.migrate(db);
		this.pool = TestDatabases.pool(TestDatabases.connectionFactory(db, db.application()), 1);
		this.recording = new RecordingConnectionFactory(this.pool);
		this.alpha = TestDatabases.context(db, "alpha");
	}

	@AfterAll
	void tearDown() {
		this.pool.dispose();
	}

	@Test
	void everyStatementIsParameterisedOnTenantIdAndSetsTheTenant() {
		List<String> statements = runEveryOperation(RowLevelSecurity.ENABLED);
		assertThat(statements).hasSizeGreaterThanOrEqualTo(12);
		for (int i = 0; i < statements.size(); i++) {
			String sql = statements.get(i);
			assertThat(sql).doesNotContainPattern(UUID_LITERAL);
			if (sql.equals(TenantSetting.SET_LOCAL)) {
				continue;
			}
			assertThat(TENANT_PREDICATE.matcher(sql).find() || INSERT_TENANT_VALUE.matcher(sql).find())
				.as("tenant_id bound by a parameter in %s", sql)
				.isTrue();
			// Each statement sets the tenant itself, or follows the statement that set it
			// in the same transaction.
			boolean setsTenant = TENANT_SETTING.matcher(sql).find();
			boolean followsSetLocal = i > 0 && statements.get(i - 1).equals(TenantSetting.SET_LOCAL);
			assertThat(setsTenant || followsSetLocal).as("tenant setting for %s", sql).isTrue();
		}
	}

	@Test
	void everyStatementIsParameterisedOnTenantIdWithoutRowLevelSecurity() throws SQLException {
		this.db.executeAsOwner("ALTER TABLE test_note DISABLE ROW LEVEL SECURITY");
		List<String> statements;
		try {
			statements = runEveryOperation(RowLevelSecurity.DISABLED);
		}
		finally {
			this.db.executeAsOwner("ALTER TABLE test_note ENABLE ROW LEVEL SECURITY");
		}
		assertThat(statements).hasSizeGreaterThanOrEqualTo(11).allSatisfy((sql) -> {
			assertThat(sql).doesNotContainPattern(UUID_LITERAL).doesNotContain("set_config");
			assertThat(TENANT_PREDICATE.matcher(sql).find() || INSERT_TENANT_VALUE.matcher(sql).find())
				.as("tenant_id bound by a parameter in %s", sql)
				.isTrue();
		});
	}

	private List<String> runEveryOperation(RowLevelSecurity rowLevelSecurity) {
		this.recording.clear();
		NoteRepository notes = new NoteRepository(DatabaseClient.create(this.recording), rowLevelSecurity);
		Note note = new Note(this.alpha.tenantId(), UUID.randomUUID(), "audited");
		notes.insert(this.alpha, note).block(TIMEOUT);
		notes.findById(this.alpha, note.id()).block(TIMEOUT);
		notes.existsById(this.alpha, note.id()).block(TIMEOUT);
		notes.count(this.alpha).block(TIMEOUT);
		notes.findAll(this.alpha, 0, 10).collectList().block(TIMEOUT);
		notes.update(this.alpha, note.withBody("audited again")).block(TIMEOUT);
		notes.findByBodyPrefix(this.alpha, "audited").collectList().block(TIMEOUT);
		notes.findBodies(this.alpha).collectList().block(TIMEOUT);
		notes.findByBodyInOr(this.alpha, List.of("a", "b"), "audited again").collectList().block(TIMEOUT);
		notes.replaceBody(this.alpha, "audited again", "audited").block(TIMEOUT);
		notes.deleteById(this.alpha, note.id()).block(TIMEOUT);
		List<String> statements = this.recording.statements();
		assertThat(statements).anySatisfy((sql) -> assertThat(sql).startsWith("UPDATE test_note SET body"))
			.anySatisfy((sql) -> assertThat(sql).startsWith("DELETE FROM test_note"))
			.anySatisfy((sql) -> assertThat(sql).startsWith("INSERT INTO test_note"));
		return statements;
	}

}
