package io.tenancykit.persistence.repository;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;

import io.r2dbc.pool.ConnectionPool;
import io.tenancykit.api.NotFoundInTenantException;
import io.tenancykit.api.TenantContext;
import io.tenancykit.persistence.rls.RowLevelSecurity;
import io.tenancykit.persistence.support.Note;
import io.tenancykit.persistence.support.NoteRepository;
import io.tenancykit.persistence.support.TestDatabases;
import io.tenancykit.test.PostgresDatabase;
import io.tenancykit.test.PostgresTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pool of one connection, so every operation reuses the connection the previous one
 * returned: no tenant may survive on it, whatever the previous operation did or however
 * it ended.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoolHygieneIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private PostgresDatabase db;

	private ConnectionPool pool;

	private DatabaseClient client;

	private NoteRepository notes;

	private TenantContext alpha;

	private TenantContext beta;

	@BeforeAll
	void setUp(PostgresDatabase db) throws SQLException {
		this.db = db;
		TestDatabases.migrate(db);
		this.pool = TestDatabases.pool(TestDatabases.connectionFactory(db, db.application()), 1);
		this.client = DatabaseClient.create(this.pool);
		this.notes = new NoteRepository(TestDatabases.template(this.pool, RowLevelSecurity.ENABLED));
		this.alpha = TestDatabases.context(db, "alpha");
		this.beta = TestDatabases.context(db, "beta");
	}

	@AfterAll
	void tearDown() {
		this.pool.dispose();
	}

	@BeforeEach
	void clean() throws SQLException {
		this.db.executeAsAdmin("DELETE FROM test_note");
	}

	@Test
	void leavesNoTenantOnThePooledConnection() {
		Note a = Note.of(this.alpha.tenantId(), UUID.randomUUID(), "a");
		Note b = Note.of(this.beta.tenantId(), UUID.randomUUID(), "b");
		int backend = backendPid();
		this.notes.insert(this.alpha, a).block(TIMEOUT);
		assertNoTenantSetting();
		this.notes.insert(this.beta, b).block(TIMEOUT);
		assertNoTenantSetting();
		StepVerifier.create(this.notes.findAll(this.alpha, Sort.unsorted()))
			.expectNext(a)
			.expectComplete()
			.verify(TIMEOUT);
		assertNoTenantSetting();
		StepVerifier.create(this.notes.findAll(this.beta, PageRequest.of(0, 10)).map(Page::getContent))
			.expectNext(List.of(b))
			.expectComplete()
			.verify(TIMEOUT);
		assertNoTenantSetting();
		StepVerifier.create(this.notes.save(this.beta, b.withBody("b2")))
			.expectNext(b.withBody("b2"))
			.expectComplete()
			.verify(TIMEOUT);
		assertNoTenantSetting();
		StepVerifier.create(this.notes.existsById(this.alpha, b.id()))
			.expectNext(false)
			.expectComplete()
			.verify(TIMEOUT);
		assertNoTenantSetting();
		StepVerifier.create(this.notes.count(this.beta)).expectNext(1L).expectComplete().verify(TIMEOUT);
		assertNoTenantSetting();
		StepVerifier.create(this.notes.findByBodyPrefix(this.beta, ""))
			.expectNext(b.withBody("b2"))
			.expectComplete()
			.verify(TIMEOUT);
		assertNoTenantSetting();
		StepVerifier.create(this.notes.replaceBody(this.alpha, "a", "a2"))
			.expectNext(1L)
			.expectComplete()
			.verify(TIMEOUT);
		assertNoTenantSetting();
		StepVerifier.create(this.notes.deleteById(this.beta, b.id())).expectNext(1L).expectComplete().verify(TIMEOUT);
		assertNoTenantSetting();
		assertThat(backendPid()).as("the pool of one reused its connection").isEqualTo(backend);
	}

	@Test
	void leavesNoTenantAfterAFailedStatement() {
		Note a = Note.of(this.alpha.tenantId(), UUID.randomUUID(), "a");
		this.notes.insert(this.alpha, a).block(TIMEOUT);
		StepVerifier.create(this.notes.insert(this.alpha, a)).expectError(DuplicateKeyException.class).verify(TIMEOUT);
		assertNoTenantSetting();
		StepVerifier
			.create(this.notes.insert(this.alpha,
					Note.of(this.alpha.tenantId(), UUID.randomUUID(), "filed").withNotebook(UUID.randomUUID())))
			.expectError(NotFoundInTenantException.class)
			.verify(TIMEOUT);
		assertNoTenantSetting();
		StepVerifier.create(this.notes.moveToNotebook(this.alpha, a.id(), UUID.randomUUID()))
			.expectError(NotFoundInTenantException.class)
			.verify(TIMEOUT);
		assertNoTenantSetting();
		StepVerifier.create(this.notes.findAll(this.beta, Sort.unsorted())).expectComplete().verify(TIMEOUT);
	}

	@Test
	void cancelledQueryLeavesNoTenantAndNoLeakedConnection() {
		insertNotes(this.alpha, 200);
		StepVerifier.create(this.notes.findAll(this.alpha, Sort.by("body")), 1)
			.expectNextCount(1)
			.thenCancel()
			.verify(TIMEOUT);
		awaitNoAcquiredConnection();
		assertNoTenantSetting();
		StepVerifier.create(this.notes.count(this.beta)).expectNext(0L).expectComplete().verify(TIMEOUT);
	}

	@Test
	void cancelledTransactionLeavesNoTenantAndNoLeakedConnection() {
		insertNotes(this.alpha, 200);
		TransactionalOperator transactions = TransactionalOperator.create(new R2dbcTransactionManager(this.pool));
		Flux<Note> inTransaction = transactions
			.transactional(this.notes.count(this.alpha).thenMany(this.notes.findAll(this.alpha, Sort.by("body"))));
		StepVerifier.create(inTransaction, 1).expectNextCount(1).thenCancel().verify(TIMEOUT);
		awaitNoAcquiredConnection();
		assertNoTenantSetting();
		StepVerifier.create(this.notes.count(this.beta)).expectNext(0L).expectComplete().verify(TIMEOUT);
	}

	@Test
	void cancelledCustomUpdateRollsBackAndLeavesNoTenant() {
		insertNotes(this.alpha, 3);
		Mono<Long> slowUpdate = this.notes.rawExecute(this.alpha,
				"UPDATE test_note SET body = 'changed' WHERE tenant_id = :tenant_id AND pg_sleep(0.2) IS NOT NULL",
				Map.of());
		StepVerifier.create(slowUpdate).thenAwait(Duration.ofMillis(100)).thenCancel().verify(TIMEOUT);
		awaitNoAcquiredConnection();
		assertNoTenantSetting();
		StepVerifier.create(this.notes.findByBodyPrefix(this.alpha, "changed")).expectComplete().verify(TIMEOUT);
		StepVerifier.create(this.notes.count(this.alpha)).expectNext(3L).expectComplete().verify(TIMEOUT);
	}

	private void insertNotes(TenantContext context, int count) {
		Flux.fromStream(
				IntStream.range(0, count).mapToObj((i) -> Note.of(context.tenantId(), UUID.randomUUID(), "n" + i)))
			.concatMap((note) -> this.notes.insert(context, note))
			.blockLast(TIMEOUT);
	}

	private void assertNoTenantSetting() {
		Optional<String> setting = this.client.sql("SELECT current_setting('tenancy.tenant_id', true) AS setting")
			.map((row) -> Optional.ofNullable(row.get("setting", String.class)))
			.one()
			.block(TIMEOUT);
		assertThat(setting).isNotNull();
		assertThat(setting.orElse("")).as("tenant setting left on the pooled connection").isEmpty();
	}

	private int backendPid() {
		Integer pid = this.client.sql("SELECT pg_backend_pid() AS pid")
			.map((row) -> row.get("pid", Integer.class))
			.one()
			.block(TIMEOUT);
		assertThat(pid).isNotNull();
		return pid;
	}

	private void awaitNoAcquiredConnection() {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (this.pool.getMetrics().orElseThrow().acquiredSize() != 0 && System.nanoTime() < deadline) {
			Mono.delay(Duration.ofMillis(20)).block();
		}
		assertThat(this.pool.getMetrics().orElseThrow().acquiredSize()).as("acquired connections").isZero();
	}

}
