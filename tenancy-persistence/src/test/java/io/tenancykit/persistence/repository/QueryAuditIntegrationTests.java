package io.tenancykit.persistence.repository;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tenancykit.api.TenantContext;
import io.tenancykit.persistence.rls.RowLevelSecurity;
import io.tenancykit.persistence.rls.TenantSetting;
import io.tenancykit.persistence.support.Note;
import io.tenancykit.persistence.support.NoteRepository;
import io.tenancykit.persistence.support.RecordingConnectionFactory;
import io.tenancykit.persistence.support.TenantFixture;
import io.tenancykit.persistence.support.RecordingConnectionFactory.RecordedStatement;
import io.tenancykit.persistence.support.Ticket;
import io.tenancykit.persistence.support.TestDatabases;
import io.tenancykit.test.PostgresDatabase;
import io.tenancykit.test.PostgresTest;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.test.StepVerifier;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Captures every statement the template sends, with its bindings, and checks that each is
 * bound to the context's tenant through a parameter, never a literal, and with row-level
 * security sets the tenant from that same parameter.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryAuditIntegrationTests {

	private static final Duration TIMEOUT = TenantFixture.TIMEOUT;

	private static final Pattern UUID_LITERAL = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private static final Pattern TENANT_PREDICATE = Pattern.compile("tenant_id\"? = \\$(\\d+)");

	private static final Pattern INSERT_TENANT_VALUE = Pattern
		.compile("^INSERT INTO \"?test_\\w+\"? \\(\"?tenant_id\"?, [^)]*\\) (?:SELECT |VALUES \\()\\$(\\d+), ");

	private static final Pattern TENANT_SETTING = Pattern
		.compile(Pattern.quote("set_config('" + TenantSetting.NAME + "', CAST($") + "(\\d+)"
				+ Pattern.quote(" AS text), true)"));

	@AutoClose
	private TenantFixture fixture;

	/** A statement that writes rows. */
	private static final String WRITE = "(?s)^(INSERT|UPDATE|DELETE) .*";

	private PostgresDatabase db;

	private RecordingConnectionFactory recording;

	private TenantContext alpha;

	@BeforeAll
	void setUp(PostgresDatabase db) throws SQLException {
		this.fixture = TenantFixture.open(db, 1);
		this.db = db;
		this.recording = new RecordingConnectionFactory(this.fixture.pool());
		this.alpha = this.fixture.alpha();
	}

	@Test
	void everyStatementBindsTheTenantAndSetsItFromTheSameParameter() {
		List<RecordedStatement> statements = runEveryOperation(RowLevelSecurity.ENABLED);
		String citusSetting = TenantSetting.setLocal(this.alpha.tenantId().value());
		for (int i = 0; i < statements.size(); i++) {
			RecordedStatement statement = statements.get(i);
			String sql = statement.sql();
			if (this.fixture.isCitus() && sql.equals(citusSetting)) {
				// The one literal the kit writes (ADR-023): the context's tenant id, set
				// with SET LOCAL right before a write, in the write's transaction.
				assertThat(statements.get(i + 1).sql()).as("statement after %s", sql).matches(WRITE);
				continue;
			}
			assertThat(sql).doesNotContainPattern(UUID_LITERAL);
			if (sql.equals(TenantSetting.SET_LOCAL)) {
				assertThat(this.fixture.isCitus()).as("set_config statement on Citus").isFalse();
				assertThat(statement.boundTo(1)).isEqualTo(this.alpha.tenantId().value().toString());
				continue;
			}
			int tenantMarker = tenantMarker(statement);
			Matcher setting = TENANT_SETTING.matcher(sql);
			if (this.fixture.isCitus() && sql.matches(WRITE)) {
				// On Citus a write is the plain statement; the shard's policy sees the
				// tenant of the SET LOCAL before it.
				assertThat(setting.find()).as("inline setting in %s", sql).isFalse();
				assertThat(statements.get(i - 1).sql()).as("statement before %s", sql).isEqualTo(citusSetting);
			}
			else if (setting.find()) {
				assertThat(Integer.parseInt(setting.group(1))).as("tenant setting parameter of %s", sql)
					.isEqualTo(tenantMarker);
			}
			else {
				// A custom statement runs in a transaction that set the tenant first.
				assertThat(this.fixture.isCitus()).as("custom statement on Citus without an inline setting: %s", sql)
					.isFalse();
				assertThat(statements.get(i - 1).sql()).as("statement before %s", sql)
					.isEqualTo(TenantSetting.SET_LOCAL);
			}
		}
	}

	@Test
	void everyStatementBindsTheTenantWithoutRowLevelSecurity() throws SQLException {
		this.db.executeAsOwner(
				"ALTER TABLE test_note DISABLE ROW LEVEL SECURITY; ALTER TABLE test_ticket DISABLE ROW LEVEL SECURITY");
		List<RecordedStatement> statements;
		try {
			statements = runEveryOperation(RowLevelSecurity.DISABLED);
		}
		finally {
			this.db.executeAsOwner(
					"ALTER TABLE test_note ENABLE ROW LEVEL SECURITY; ALTER TABLE test_ticket ENABLE ROW LEVEL SECURITY");
		}
		assertThat(statements).allSatisfy((statement) -> {
			assertThat(statement.sql()).doesNotContainPattern(UUID_LITERAL).doesNotContain("set_config");
			tenantMarker(statement);
		});
	}

	/**
	 * Return the bind marker that restricts or writes {@code tenant_id}, checking that it
	 * is bound to the context's tenant.
	 */
	private int tenantMarker(RecordedStatement statement) {
		String sql = statement.sql();
		Matcher insert = INSERT_TENANT_VALUE.matcher(sql);
		Matcher predicate = TENANT_PREDICATE.matcher(sql);
		int marker;
		if (insert.find()) {
			marker = Integer.parseInt(insert.group(1));
		}
		else {
			assertThat(predicate.find()).as("tenant_id bound by a parameter in %s", sql).isTrue();
			marker = Integer.parseInt(predicate.group(1));
		}
		assertThat(statement.boundTo(marker)).as("value bound to $%d in %s", marker, sql)
			.isEqualTo(this.alpha.tenantId().value());
		return marker;
	}

	private List<RecordedStatement> runEveryOperation(RowLevelSecurity rowLevelSecurity) {
		TenantScopedTemplate template = this.fixture.template(this.recording, rowLevelSecurity,
				TestDatabases.converter(), null);
		NoteRepository notes = new NoteRepository(template);
		this.recording.clear();
		Note note = Note.of(this.alpha.tenantId(), UUID.randomUUID(), "audited");
		notes.insert(this.alpha, note).block(TIMEOUT);
		notes.findById(this.alpha, note.id()).block(TIMEOUT);
		notes.existsById(this.alpha, note.id()).block(TIMEOUT);
		notes.findAllById(this.alpha, List.of(note.id())).collectList().block(TIMEOUT);
		notes.count(this.alpha).block(TIMEOUT);
		notes.findAll(this.alpha, PageRequest.of(0, 10, Sort.by("body"))).block(TIMEOUT);
		notes.findAll(this.alpha, Sort.by("body")).collectList().block(TIMEOUT);
		notes.save(this.alpha, note.withBody("audited again")).block(TIMEOUT);
		notes.findByBodyPrefix(this.alpha, "audited").collectList().block(TIMEOUT);
		notes.findBodies(this.alpha).collectList().block(TIMEOUT);
		notes.findByBodyInOr(this.alpha, List.of("a", "b"), "audited again").collectList().block(TIMEOUT);
		template.selectOne(this.alpha, Query.query(Criteria.where("body").is("audited again")), Note.class)
			.block(TIMEOUT);
		template.exists(this.alpha, Query.query(Criteria.where("body").like("audited%")), Note.class).block(TIMEOUT);
		template.query(this.alpha, "SELECT count(*) FROM test_note WHERE tenant_id = :tenant_id", Map.of(), Long.class)
			.blockLast(TIMEOUT);
		notes.replaceBody(this.alpha, "audited again", "audited").block(TIMEOUT);
		notes.delete(this.alpha, note).block(TIMEOUT);
		notes.deleteById(this.alpha, note.id()).block(TIMEOUT);
		notes.deleteAll(this.alpha).block(TIMEOUT);
		Ticket ticket = template.insert(this.alpha, new Ticket("versioned")).block(TIMEOUT);
		assertThat(ticket).isNotNull();
		template.update(this.alpha, ticket).block(TIMEOUT);
		ticket.setVersion(0L);
		StepVerifier.create(template.update(this.alpha, ticket))
			.expectError(OptimisticLockingFailureException.class)
			.verify(TIMEOUT);
		// As with Spring Data, the failed update has incremented the mutable
		// entity's version.
		ticket.setVersion(0L);
		StepVerifier.create(template.delete(this.alpha, ticket))
			.expectError(OptimisticLockingFailureException.class)
			.verify(TIMEOUT);
		ticket.setVersion(1L);
		template.delete(this.alpha, ticket).block(TIMEOUT);
		List<RecordedStatement> statements = this.recording.recorded();
		assertThat(statements).extracting((statement) -> statement.sql().replace("\"", ""))
			.anySatisfy((sql) -> assertThat(sql).startsWith("UPDATE test_note SET body"))
			.anySatisfy((sql) -> assertThat(sql).startsWith("UPDATE test_ticket SET").contains("version = $"))
			.anySatisfy((sql) -> assertThat(sql).startsWith("DELETE FROM test_note"))
			.anySatisfy((sql) -> assertThat(sql).startsWith("DELETE FROM test_ticket").contains("version = $"))
			.anySatisfy((sql) -> assertThat(sql).startsWith("INSERT INTO test_note"))
			.anySatisfy((sql) -> assertThat(sql).startsWith("INSERT INTO test_ticket"))
			.anySatisfy((sql) -> assertThat(sql).contains("count(*)"))
			.anySatisfy((sql) -> assertThat(sql).contains("ORDER BY"));
		assertThat(statements).hasSizeGreaterThanOrEqualTo(25);
		return statements;
	}

}
