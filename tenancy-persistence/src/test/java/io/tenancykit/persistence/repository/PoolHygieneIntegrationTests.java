package io.tenancykit.persistence.repository;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;

import io.tenancykit.api.NotFoundInTenantException;
import io.tenancykit.api.TenantContext;
import io.tenancykit.persistence.rls.RowLevelSecurity;
import io.tenancykit.persistence.support.Note;
import io.tenancykit.persistence.support.NoteRepository;
import io.tenancykit.persistence.support.TenantFixture;
import io.tenancykit.test.PostgresDatabase;
import io.tenancykit.test.PostgresTest;
import org.junit.jupiter.api.AutoClose;
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

	private static final Duration TIMEOUT = TenantFixture.TIMEOUT;

	@AutoClose
	private TenantFixture fixture;

	private DatabaseClient client;

	private NoteRepository notes;

	private TenantContext alpha;

	private TenantContext beta;

	@BeforeAll
	void setUp(PostgresDatabase db) throws SQLException {
		this.fixture = TenantFixture.open(db, 1);
		this.client = DatabaseClient.create(this.fixture.pool());
		this.notes = new NoteRepository(this.fixture.template(RowLevelSecurity.ENABLED));
		this.alpha = this.fixture.alpha();
		this.beta = this.fixture.beta();
	}

	@BeforeEach
	void clean() throws SQLException {
		this.fixture.db().executeAsAdmin("DELETE FROM test_note");
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
		Note b = Note.of(this.beta.tenantId(), UUID.randomUUID(), "b");
		this.notes.insert(this.alpha, a).block(TIMEOUT);
		this.notes.insert(this.beta, b).block(TIMEOUT);
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
		// The connection the failures left serves each tenant exactly its own rows, and
		// the failed writes left nothing behind.
		StepVerifier.create(this.notes.findAll(this.beta, Sort.unsorted()))
			.expectNext(b)
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(this.notes.findAll(this.alpha, Sort.unsorted()))
			.expectNext(a)
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void cancelledQueryLeavesNoTenantAndNoLeakedConnection() {
		insertNotes(this.alpha, 200);
		insertNotes(this.beta, 2);
		StepVerifier.create(this.notes.findAll(this.alpha, Sort.by("body")), 1)
			.expectNextCount(1)
			.thenCancel()
			.verify(TIMEOUT);
		awaitNoAcquiredConnection();
		assertNoTenantSetting();
		StepVerifier.create(this.notes.count(this.beta)).expectNext(2L).expectComplete().verify(TIMEOUT);
		StepVerifier.create(this.notes.count(this.alpha)).expectNext(200L).expectComplete().verify(TIMEOUT);
	}

	@Test
	void cancelledTransactionLeavesNoTenantAndNoLeakedConnection() {
		insertNotes(this.alpha, 200);
		insertNotes(this.beta, 2);
		TransactionalOperator transactions = TransactionalOperator
			.create(new R2dbcTransactionManager(this.fixture.pool()));
		Flux<Note> inTransaction = transactions
			.transactional(this.notes.count(this.alpha).thenMany(this.notes.findAll(this.alpha, Sort.by("body"))));
		StepVerifier.create(inTransaction, 1).expectNextCount(1).thenCancel().verify(TIMEOUT);
		awaitNoAcquiredConnection();
		assertNoTenantSetting();
		StepVerifier.create(this.notes.count(this.beta)).expectNext(2L).expectComplete().verify(TIMEOUT);
		StepVerifier.create(this.notes.count(this.alpha)).expectNext(200L).expectComplete().verify(TIMEOUT);
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
		// Where the policies run: on Citus the workers' connections of this session too.
		Long visible = this.client.sql("SELECT count(*) AS visible FROM test_note")
			.map((row) -> row.get("visible", Long.class))
			.one()
			.block(TIMEOUT);
		assertThat(visible).as("rows visible to raw SQL on the pooled connection").isZero();
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
		while (this.fixture.pool().getMetrics().orElseThrow().acquiredSize() != 0 && System.nanoTime() < deadline) {
			Mono.delay(Duration.ofMillis(20)).block();
		}
		assertThat(this.fixture.pool().getMetrics().orElseThrow().acquiredSize()).as("acquired connections").isZero();
	}

}
