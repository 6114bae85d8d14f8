package io.tenancykit.persistence.repository;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.pool.ConnectionPool;
import io.tenancykit.api.TenantContext;
import io.tenancykit.persistence.support.Note;
import io.tenancykit.persistence.support.NoteRepository;
import io.tenancykit.persistence.support.RecordingConnectionFactory;
import io.tenancykit.persistence.support.TestDatabases;
import io.tenancykit.test.PostgresDatabase;
import io.tenancykit.test.PostgresTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.test.StepVerifier;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantScopedRepositoryIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private PostgresDatabase db;

	private ConnectionPool pool;

	private RecordingConnectionFactory recording;

	private NoteRepository notes;

	private TenantContext alpha;

	private TenantContext beta;

	@BeforeAll
	void setUp(PostgresDatabase db) throws SQLException {
		this.db = db;
		TestDatabases.migrate(db);
		this.pool = TestDatabases.pool(TestDatabases.connectionFactory(db, db.application()), 2);
		this.recording = new RecordingConnectionFactory(this.pool);
		this.notes = new NoteRepository(DatabaseClient.create(this.recording));
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
		this.recording.clear();
	}

	@Test
	void insertsFindsUpdatesAndDeletesOwnRows() {
		Note note = new Note(this.alpha.tenantId(), UUID.randomUUID(), "first");
		StepVerifier.create(this.notes.insert(this.alpha, note)).expectNext(note).expectComplete().verify(TIMEOUT);
		StepVerifier.create(this.notes.findById(this.alpha, note.id()))
			.expectNext(note)
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(this.notes.existsById(this.alpha, note.id()))
			.expectNext(true)
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(this.notes.count(this.alpha)).expectNext(1L).expectComplete().verify(TIMEOUT);
		StepVerifier.create(this.notes.update(this.alpha, note.withBody("second")))
			.expectNext(note.withBody("second"))
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(this.notes.findAll(this.alpha, 0, 10))
			.expectNext(note.withBody("second"))
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(this.notes.deleteById(this.alpha, note.id()))
			.expectNext(1L)
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(this.notes.findById(this.alpha, note.id())).expectComplete().verify(TIMEOUT);
	}

	@Test
	void failsOnNullContextBeforeAnyIo() {
		UUID id = UUID.randomUUID();
		Note note = new Note(this.alpha.tenantId(), id, "x");
		assertThatNullPointerException().isThrownBy(() -> this.notes.findById(null, id));
		assertThatNullPointerException().isThrownBy(() -> this.notes.existsById(null, id));
		assertThatNullPointerException().isThrownBy(() -> this.notes.count(null));
		assertThatNullPointerException().isThrownBy(() -> this.notes.findAll(null, 0, 10));
		assertThatNullPointerException().isThrownBy(() -> this.notes.insert(null, note));
		assertThatNullPointerException().isThrownBy(() -> this.notes.update(null, note));
		assertThatNullPointerException().isThrownBy(() -> this.notes.deleteById(null, id));
		assertThatNullPointerException().isThrownBy(() -> this.notes.findByBodyPrefix(null, "x"));
		assertThatNullPointerException().isThrownBy(() -> this.notes.findByBodyInOr(null, List.of("x"), "y"));
		assertThatNullPointerException().isThrownBy(() -> this.notes.replaceBody(null, "x", "y"));
		assertThat(this.recording.acquisitions()).isZero();
		assertThat(this.recording.statements()).isEmpty();
	}

	@Test
	void refusesEntityOfAnotherTenantAndWritesNothing() throws SQLException {
		Note foreign = new Note(this.beta.tenantId(), UUID.randomUUID(), "smuggled");
		StepVerifier.create(this.notes.insert(this.alpha, foreign))
			.expectError(TenantMismatchException.class)
			.verify(TIMEOUT);
		StepVerifier.create(this.notes.update(this.alpha, foreign))
			.expectError(TenantMismatchException.class)
			.verify(TIMEOUT);
		assertThat(this.recording.acquisitions()).isZero();
		assertThat(countAll()).isZero();
	}

	@Test
	void neverChangesTenantIdThroughUpdate() throws SQLException {
		Note note = new Note(this.alpha.tenantId(), UUID.randomUUID(), "mine");
		this.notes.insert(this.alpha, note).block(TIMEOUT);
		StepVerifier.create(this.notes.update(this.alpha, new Note(this.beta.tenantId(), note.id(), "moved")))
			.expectError(TenantMismatchException.class)
			.verify(TIMEOUT);
		StepVerifier.create(this.notes.update(this.beta, new Note(this.beta.tenantId(), note.id(), "moved")))
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(ownerOf(note.id())).isEqualTo(this.alpha.tenantId().value());
		assertThat(this.recording.statements()).filteredOn((sql) -> sql.startsWith("UPDATE"))
			.isNotEmpty()
			.allSatisfy((sql) -> assertThat(sql.substring(0, sql.indexOf(" WHERE "))).doesNotContain("tenant_id"));
	}

	@Test
	void treatsAnotherTenantsRowAsMissing() throws SQLException {
		Note note = new Note(this.alpha.tenantId(), UUID.randomUUID(), "alpha's");
		this.notes.insert(this.alpha, note).block(TIMEOUT);
		StepVerifier.create(this.notes.findById(this.beta, note.id())).expectComplete().verify(TIMEOUT);
		StepVerifier.create(this.notes.existsById(this.beta, note.id()))
			.expectNext(false)
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(this.notes.update(this.beta, new Note(this.beta.tenantId(), note.id(), "hijacked")))
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(this.notes.deleteById(this.beta, note.id()))
			.expectNext(0L)
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(this.notes.count(this.beta)).expectNext(0L).expectComplete().verify(TIMEOUT);
		StepVerifier.create(this.notes.findAll(this.beta, 0, 500)).expectComplete().verify(TIMEOUT);
		StepVerifier.create(this.notes.replaceBody(this.beta, "alpha's", "hijacked"))
			.expectNext(0L)
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(this.notes.findById(this.alpha, note.id()))
			.expectNext(note)
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void allowsTheSameIdInTwoTenants() {
		UUID id = UUID.randomUUID();
		Note a = new Note(this.alpha.tenantId(), id, "a");
		Note b = new Note(this.beta.tenantId(), id, "b");
		this.notes.insert(this.alpha, a).block(TIMEOUT);
		this.notes.insert(this.beta, b).block(TIMEOUT);
		StepVerifier.create(this.notes.findById(this.alpha, id)).expectNext(a).expectComplete().verify(TIMEOUT);
		StepVerifier.create(this.notes.findById(this.beta, id)).expectNext(b).expectComplete().verify(TIMEOUT);
		StepVerifier.create(this.notes.insert(this.alpha, a.withBody("again")))
			.expectError(DataIntegrityViolationException.class)
			.verify(TIMEOUT);
	}

	@Test
	void boundsThePageSize() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.notes.findAll(this.alpha, 0, 501));
		assertThatIllegalArgumentException().isThrownBy(() -> this.notes.findAll(this.alpha, 0, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> this.notes.findAll(this.alpha, -1, 10));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.notes.rawSelect(this.alpha, Criteria.where("body").is("x"), 501));
		StepVerifier.create(this.notes.findAll(this.alpha, Integer.MAX_VALUE, TenantScopedRepository.MAX_PAGE_SIZE))
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(this.recording.statements()).hasSize(1);
	}

	@Test
	void pagesInIdOrder() {
		List<Note> created = java.util.stream.IntStream.range(0, 7)
			.mapToObj((i) -> new Note(this.alpha.tenantId(), UUID.randomUUID(), "n" + i))
			.toList();
		created.forEach((note) -> this.notes.insert(this.alpha, note).block(TIMEOUT));
		List<Note> sorted = created.stream()
			.sorted(java.util.Comparator.comparing((Note note) -> note.id().toString()))
			.toList();
		StepVerifier.create(this.notes.findAll(this.alpha, 1, 3))
			.expectNextSequence(sorted.subList(3, 6))
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(this.notes.findAll(this.alpha, 2, 3))
			.expectNextSequence(sorted.subList(6, 7))
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void rejectsCustomSqlWithoutTenantPlaceholder() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.notes.rawQuery(this.alpha, "SELECT tenant_id, id, body FROM test_note", Map.of()));
		assertThatIllegalArgumentException().isThrownBy(() -> this.notes.rawQuery(this.alpha,
				"SELECT tenant_id, id, body FROM test_note WHERE tenant_id = :tenant_idx", Map.of("tenant_idx", 1)));
		assertThatIllegalArgumentException().isThrownBy(() -> this.notes.rawQuery(this.alpha,
				"SELECT tenant_id, id, body FROM test_note WHERE tenant_id = :tenant_id",
				Map.of("tenant_id", this.beta.tenantId().value())));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.notes.rawExecute(this.alpha, "DELETE FROM test_note", Map.of()));
		assertThat(this.recording.acquisitions()).isZero();
	}

	@Test
	void customQueriesOnlySeeTheContextTenant() {
		Note a1 = new Note(this.alpha.tenantId(), UUID.randomUUID(), "shared-1");
		Note a2 = new Note(this.alpha.tenantId(), UUID.randomUUID(), "other");
		Note b1 = new Note(this.beta.tenantId(), UUID.randomUUID(), "shared-2");
		List.of(a1, a2).forEach((note) -> this.notes.insert(this.alpha, note).block(TIMEOUT));
		this.notes.insert(this.beta, b1).block(TIMEOUT);
		StepVerifier.create(this.notes.findByBodyPrefix(this.alpha, "shared"))
			.expectNext(a1)
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(this.notes.findBodies(this.beta)).expectNext("shared-2").expectComplete().verify(TIMEOUT);
		// The OR in the criteria must not widen the result to beta's rows.
		StepVerifier.create(this.notes.findByBodyInOr(this.alpha, List.of("shared-1"), "shared-2"))
			.expectNext(a1)
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(this.notes.replaceBody(this.alpha, "other", "renamed"))
			.expectNext(1L)
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(this.notes.findById(this.alpha, a2.id()))
			.expectNext(a2.withBody("renamed"))
			.expectComplete()
			.verify(TIMEOUT);
	}

	private long countAll() throws SQLException {
		return TestDatabases.rowsByTenant(this.db, "test_note").values().stream().mapToLong(Long::longValue).sum();
	}

	private UUID ownerOf(UUID id) throws SQLException {
		return TestDatabases.tenantOf(this.db, "test_note", id);
	}

}
