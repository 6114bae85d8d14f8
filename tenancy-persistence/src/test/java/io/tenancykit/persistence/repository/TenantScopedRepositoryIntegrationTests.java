package io.tenancykit.persistence.repository;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import io.tenancykit.api.NotFoundInTenantException;
import io.tenancykit.api.TenantContext;
import io.tenancykit.persistence.rls.RowLevelSecurity;
import io.tenancykit.persistence.support.Note;
import io.tenancykit.persistence.support.NoteRepository;
import io.tenancykit.persistence.support.RecordingConnectionFactory;
import io.tenancykit.persistence.support.TenantFixture;
import io.tenancykit.persistence.support.TestDatabases;
import io.tenancykit.test.PostgresDatabase;
import io.tenancykit.test.PostgresTest;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.IncorrectResultSizeDataAccessException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantScopedRepositoryIntegrationTests {

	private static final Duration TIMEOUT = TenantFixture.TIMEOUT;

	@AutoClose
	private TenantFixture fixture;

	private PostgresDatabase db;

	private RecordingConnectionFactory recording;

	private NoteRepository notes;

	private TenantContext alpha;

	private TenantContext beta;

	@BeforeAll
	void setUp(PostgresDatabase db) throws SQLException {
		this.fixture = TenantFixture.open(db, 2);
		this.db = db;
		this.recording = new RecordingConnectionFactory(this.fixture.pool());
		this.notes = new NoteRepository(this.fixture.template(this.recording, RowLevelSecurity.ENABLED));
		this.alpha = this.fixture.alpha();
		this.beta = this.fixture.beta();
	}

	@BeforeEach
	void clean() throws SQLException {
		this.db.executeAsAdmin("DELETE FROM test_note");
		this.recording.clear();
	}

	@Test
	void insertsFindsUpdatesAndDeletesOwnRows() {
		Note note = Note.of(this.alpha.tenantId(), UUID.randomUUID(), "first");
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
		StepVerifier.create(this.notes.save(this.alpha, note.withBody("second")))
			.expectNext(note.withBody("second"))
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(this.notes.findAll(this.alpha, PageRequest.of(0, 10))).assertNext((page) -> {
			assertThat(page.getContent()).containsExactly(note.withBody("second"));
			assertThat(page.getTotalElements()).isOne();
		}).expectComplete().verify(TIMEOUT);
		StepVerifier.create(this.notes.deleteById(this.alpha, note.id()))
			.expectNext(1L)
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(this.notes.findById(this.alpha, note.id())).expectComplete().verify(TIMEOUT);
	}

	@Test
	void selectsOneRowOrNoneAndRefusesSeveral() {
		this.notes.insert(this.alpha, Note.of(this.alpha.tenantId(), UUID.randomUUID(), "twin")).block(TIMEOUT);
		this.notes.insert(this.alpha, Note.of(this.alpha.tenantId(), UUID.randomUUID(), "twin")).block(TIMEOUT);
		Note single = Note.of(this.alpha.tenantId(), UUID.randomUUID(), "single");
		this.notes.insert(this.alpha, single).block(TIMEOUT);
		TenantScopedTemplate template = this.fixture.template(this.recording, RowLevelSecurity.ENABLED);
		StepVerifier
			.create(template.selectOne(this.alpha, Query.query(Criteria.where("body").is("single")), Note.class))
			.expectNext(single)
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(template.selectOne(this.alpha, Query.query(Criteria.where("body").is("none")), Note.class))
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(template.selectOne(this.alpha, Query.query(Criteria.where("body").is("twin")), Note.class))
			.expectError(IncorrectResultSizeDataAccessException.class)
			.verify(TIMEOUT);
		// Another tenant's rows are not counted.
		StepVerifier.create(template.selectOne(this.beta, Query.query(Criteria.where("body").is("twin")), Note.class))
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void fillsAMissingTenantFromTheContext() {
		Note note = new Note(UUID.randomUUID(), null, null, "no tenant given");
		Note owned = note.withTenant(this.alpha.tenantId());
		StepVerifier.create(this.notes.insert(this.alpha, note)).expectNext(owned).expectComplete().verify(TIMEOUT);
		StepVerifier.create(this.notes.save(this.alpha, note.withBody("still none")))
			.expectNext(owned.withBody("still none"))
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(this.notes.findById(this.alpha, note.id()))
			.expectNext(owned.withBody("still none"))
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void deletesAnEntityWithoutATenantWithinTheContextsTenantOnly() {
		Note mine = Note.of(this.alpha.tenantId(), UUID.randomUUID(), "mine");
		Note theirs = Note.of(this.beta.tenantId(), mine.id(), "theirs");
		this.notes.insert(this.alpha, mine).block(TIMEOUT);
		this.notes.insert(this.beta, theirs).block(TIMEOUT);
		Note withoutTenant = new Note(mine.id(), null, null, "mine");
		StepVerifier.create(this.notes.delete(this.alpha, withoutTenant))
			.expectNext(1L)
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(this.notes.findById(this.alpha, mine.id())).expectComplete().verify(TIMEOUT);
		StepVerifier.create(this.notes.findById(this.beta, mine.id()))
			.expectNext(theirs)
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void savesFindsAndDeletesSeveralRowsOfTheTenantOnly() {
		List<Note> mine = IntStream.range(0, 3)
			.mapToObj((i) -> Note.of(this.alpha.tenantId(), UUID.randomUUID(), "mine-" + i))
			.sorted(Comparator.comparing((Note note) -> note.id().toString()))
			.toList();
		Note theirs = Note.of(this.beta.tenantId(), mine.get(0).id(), "theirs");
		Flux.fromIterable(mine).concatMap((note) -> this.notes.insert(this.alpha, note)).blockLast(TIMEOUT);
		this.notes.insert(this.beta, theirs).block(TIMEOUT);
		StepVerifier
			.create(this.notes.findAllById(this.alpha, List.of(mine.get(2).id(), mine.get(0).id(), UUID.randomUUID())))
			.expectNext(mine.get(0), mine.get(2))
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(this.notes.findAll(this.alpha, Sort.by(Sort.Direction.DESC, "body")))
			.expectNextSequence(mine.stream().sorted(Comparator.comparing(Note::body).reversed()).toList())
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(this.notes.saveAll(this.alpha, List.of(mine.get(1).withBody("renamed"))))
			.expectNext(mine.get(1).withBody("renamed"))
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(this.notes.deleteAll(this.alpha)).expectNext(3L).expectComplete().verify(TIMEOUT);
		StepVerifier.create(this.notes.findAll(this.beta, Sort.unsorted()))
			.expectNext(theirs)
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void failsOnNullContextBeforeAnyIo() {
		UUID id = UUID.randomUUID();
		Note note = Note.of(this.alpha.tenantId(), id, "x");
		assertThatNullPointerException().isThrownBy(() -> this.notes.findById(null, id));
		assertThatNullPointerException().isThrownBy(() -> this.notes.existsById(null, id));
		assertThatNullPointerException().isThrownBy(() -> this.notes.findAllById(null, List.of(id)));
		assertThatNullPointerException().isThrownBy(() -> this.notes.count(null));
		assertThatNullPointerException().isThrownBy(() -> this.notes.findAll(null, PageRequest.of(0, 10)));
		assertThatNullPointerException().isThrownBy(() -> this.notes.findAll(null, Sort.by("id")));
		assertThatNullPointerException().isThrownBy(() -> this.notes.insert(null, note));
		assertThatNullPointerException().isThrownBy(() -> this.notes.save(null, note));
		assertThatNullPointerException().isThrownBy(() -> this.notes.saveAll(null, List.of(note)));
		assertThatNullPointerException().isThrownBy(() -> this.notes.delete(null, note));
		assertThatNullPointerException().isThrownBy(() -> this.notes.deleteById(null, id));
		assertThatNullPointerException().isThrownBy(() -> this.notes.deleteAll(null));
		assertThatNullPointerException().isThrownBy(() -> this.notes.findByBodyPrefix(null, "x"));
		assertThatNullPointerException().isThrownBy(() -> this.notes.findBodies(null));
		assertThatNullPointerException().isThrownBy(() -> this.notes.findByBodyInOr(null, List.of("x"), "y"));
		assertThatNullPointerException().isThrownBy(() -> this.notes.replaceBody(null, "x", "y"));
		assertThat(this.recording.acquisitions()).isZero();
		assertThat(this.recording.statements()).isEmpty();
	}

	@Test
	void refusesEntityOfAnotherTenantAndWritesNothing() throws SQLException {
		Note foreign = Note.of(this.beta.tenantId(), UUID.randomUUID(), "smuggled");
		StepVerifier.create(this.notes.insert(this.alpha, foreign))
			.expectError(TenantMismatchException.class)
			.verify(TIMEOUT);
		StepVerifier.create(this.notes.save(this.alpha, foreign))
			.expectError(TenantMismatchException.class)
			.verify(TIMEOUT);
		StepVerifier.create(this.notes.delete(this.alpha, foreign))
			.expectError(TenantMismatchException.class)
			.verify(TIMEOUT);
		assertThat(this.recording.acquisitions()).isZero();
		assertThat(countAll()).isZero();
	}

	@Test
	void neverChangesTenantIdThroughUpdate() throws SQLException {
		Note note = Note.of(this.alpha.tenantId(), UUID.randomUUID(), "mine");
		this.notes.insert(this.alpha, note).block(TIMEOUT);
		StepVerifier.create(this.notes.save(this.alpha, note.withTenant(this.beta.tenantId()).withBody("moved")))
			.expectError(TenantMismatchException.class)
			.verify(TIMEOUT);
		StepVerifier.create(this.notes.save(this.beta, note.withTenant(this.beta.tenantId()).withBody("moved")))
			.expectError(NotFoundInTenantException.class)
			.verify(TIMEOUT);
		assertThat(ownerOf(note.id())).isEqualTo(this.alpha.tenantId().value());
		StepVerifier.create(this.notes.findById(this.alpha, note.id()))
			.expectNext(note)
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(this.recording.statements()).filteredOn((sql) -> sql.startsWith("UPDATE"))
			.isNotEmpty()
			.allSatisfy((sql) -> assertThat(sql.substring(0, sql.indexOf(" WHERE "))).doesNotContain("tenant_id"));
	}

	@Test
	void treatsAnotherTenantsRowAsMissing() throws SQLException {
		Note note = Note.of(this.alpha.tenantId(), UUID.randomUUID(), "alpha's");
		this.notes.insert(this.alpha, note).block(TIMEOUT);
		Note hijack = note.withTenant(this.beta.tenantId()).withBody("hijacked");
		StepVerifier.create(this.notes.findById(this.beta, note.id())).expectComplete().verify(TIMEOUT);
		StepVerifier.create(this.notes.existsById(this.beta, note.id()))
			.expectNext(false)
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(this.notes.findAllById(this.beta, List.of(note.id()))).expectComplete().verify(TIMEOUT);
		StepVerifier.create(this.notes.save(this.beta, hijack))
			.expectError(NotFoundInTenantException.class)
			.verify(TIMEOUT);
		StepVerifier.create(this.notes.deleteById(this.beta, note.id()))
			.expectNext(0L)
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(this.notes.delete(this.beta, hijack)).expectNext(0L).expectComplete().verify(TIMEOUT);
		StepVerifier.create(this.notes.deleteAll(this.beta)).expectNext(0L).expectComplete().verify(TIMEOUT);
		StepVerifier.create(this.notes.count(this.beta)).expectNext(0L).expectComplete().verify(TIMEOUT);
		StepVerifier.create(this.notes.findAll(this.beta, PageRequest.of(0, 500)).map(Page::getTotalElements))
			.expectNext(0L)
			.expectComplete()
			.verify(TIMEOUT);
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
		Note a = Note.of(this.alpha.tenantId(), id, "a");
		Note b = Note.of(this.beta.tenantId(), id, "b");
		this.notes.insert(this.alpha, a).block(TIMEOUT);
		this.notes.insert(this.beta, b).block(TIMEOUT);
		StepVerifier.create(this.notes.findById(this.alpha, id)).expectNext(a).expectComplete().verify(TIMEOUT);
		StepVerifier.create(this.notes.findById(this.beta, id)).expectNext(b).expectComplete().verify(TIMEOUT);
		StepVerifier.create(this.notes.insert(this.alpha, a.withBody("again")))
			.expectError(DuplicateKeyException.class)
			.verify(TIMEOUT);
	}

	@Test
	void boundsThePageSize() {
		assertThatIllegalArgumentException().isThrownBy(
				() -> this.notes.findAll(this.alpha, PageRequest.of(0, TenantScopedTemplate.MAX_PAGE_SIZE + 1)));
		assertThatIllegalArgumentException().isThrownBy(() -> this.notes.findAll(this.alpha, Pageable.unpaged()));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.notes.rawSelect(this.alpha, Criteria.where("body").is("x"), Sort.by("id"), 501));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.notes.rawSelect(this.alpha, Criteria.where("body").is("x"), Sort.by("id"), 0));
		assertThat(this.recording.acquisitions()).isZero();
		StepVerifier
			.create(this.notes.findAll(this.alpha, PageRequest.of(1_000_000, TenantScopedTemplate.MAX_PAGE_SIZE)))
			.assertNext((page) -> assertThat(page.getContent()).isEmpty())
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(this.recording.statements()).hasSize(2);
	}

	@Test
	void pagesInIdOrder() {
		List<Note> created = IntStream.range(0, 7)
			.mapToObj((i) -> Note.of(this.alpha.tenantId(), UUID.randomUUID(), "n" + i))
			.toList();
		created.forEach((note) -> this.notes.insert(this.alpha, note).block(TIMEOUT));
		List<Note> sorted = created.stream().sorted(Comparator.comparing((Note note) -> note.id().toString())).toList();
		StepVerifier.create(this.notes.findAll(this.alpha, PageRequest.of(1, 3))).assertNext((page) -> {
			assertThat(page.getContent()).containsExactlyElementsOf(sorted.subList(3, 6));
			assertThat(page.getTotalElements()).isEqualTo(7);
			assertThat(page.getTotalPages()).isEqualTo(3);
		}).expectComplete().verify(TIMEOUT);
		StepVerifier.create(this.notes.findAll(this.alpha, PageRequest.of(2, 3)))
			.assertNext((page) -> assertThat(page.getContent()).containsExactlyElementsOf(sorted.subList(6, 7)))
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void rejectsCustomSqlWithoutTenantPlaceholder() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.notes.rawQuery(this.alpha, "SELECT * FROM test_note", Map.of()));
		assertThatIllegalArgumentException().isThrownBy(() -> this.notes.rawQuery(this.alpha,
				"SELECT * FROM test_note WHERE tenant_id = :tenant_idx", Map.of("tenant_idx", 1)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.notes.rawQuery(this.alpha, "SELECT * FROM test_note WHERE tenant_id = :tenant_id",
					Map.of("tenant_id", this.beta.tenantId().value())));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.notes.rawExecute(this.alpha, "DELETE FROM test_note", Map.of()));
		assertThat(this.recording.acquisitions()).isZero();
	}

	@Test
	void customSqlMayEndWithALineComment() {
		Note a = Note.of(this.alpha.tenantId(), UUID.randomUUID(), "commented");
		this.notes.insert(this.alpha, a).block(TIMEOUT);
		StepVerifier
			.create(this.notes.rawQuery(this.alpha,
					"SELECT * FROM test_note WHERE tenant_id = :tenant_id -- the tenant's notes", Map.of()))
			.expectNext(a)
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier
			.create(this.notes.rawExecute(this.alpha,
					"UPDATE test_note SET body = 'x' WHERE tenant_id = :tenant_id -- the tenant's notes", Map.of()))
			.expectNext(1L)
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void customQueriesOnlySeeTheContextTenant() {
		Note a1 = Note.of(this.alpha.tenantId(), UUID.randomUUID(), "shared-1");
		Note a2 = Note.of(this.alpha.tenantId(), UUID.randomUUID(), "other");
		Note b1 = Note.of(this.beta.tenantId(), UUID.randomUUID(), "shared-2");
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
