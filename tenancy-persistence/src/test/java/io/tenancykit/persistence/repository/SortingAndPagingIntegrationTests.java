package io.tenancykit.persistence.repository;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

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

import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Sorting accepts mapped properties only, before any I/O; pages carry the tenant's total
 * and keep a stable order when sort keys repeat, because the id is always the last key.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SortingAndPagingIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final Comparator<Note> BY_ID = Comparator.comparing((Note note) -> note.id().toString());

	private PostgresDatabase db;

	@AutoClose
	private TenantFixture fixture;

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
	void pagesThroughDuplicateSortKeysWithoutLosingOrRepeatingRows() {
		List<Note> mine = insert(this.alpha, 11);
		insert(this.beta, 4);
		List<Note> expected = mine.stream()
			.sorted(Comparator.comparing(Note::body).reversed().thenComparing(BY_ID))
			.toList();
		List<Note> paged = new ArrayList<>();
		for (int page = 0; page < 3; page++) {
			Page<Note> result = this.notes
				.findAll(this.alpha, PageRequest.of(page, 4, Sort.by(Sort.Direction.DESC, "body")))
				.block(TIMEOUT);
			assertThat(result).isNotNull();
			assertThat(result.getTotalElements()).isEqualTo(11);
			assertThat(result.getTotalPages()).isEqualTo(3);
			paged.addAll(result.getContent());
		}
		assertThat(paged).containsExactlyElementsOf(expected);
		// Run again: the same order, not merely the same rows.
		StepVerifier.create(this.notes.findAll(this.alpha, PageRequest.of(1, 4, Sort.by(Sort.Direction.DESC, "body"))))
			.assertNext((page) -> assertThat(page.getContent()).containsExactlyElementsOf(expected.subList(4, 8)))
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void sortsAStreamByMappedPropertiesWithTheIdLast() {
		List<Note> mine = insert(this.alpha, 7);
		StepVerifier.create(this.notes.findAll(this.alpha, Sort.by("body")).collectList())
			.assertNext((sorted) -> assertThat(sorted).containsExactlyElementsOf(
					mine.stream().sorted(Comparator.comparing(Note::body).thenComparing(BY_ID)).toList()))
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(this.notes.findAll(this.alpha, Sort.by(Sort.Direction.DESC, "id")).collectList())
			.assertNext((sorted) -> assertThat(sorted)
				.containsExactlyElementsOf(mine.stream().sorted(BY_ID.reversed()).toList()))
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void refusesUnknownAndInjectedSortPropertiesBeforeAnyIo() throws SQLException {
		insert(this.alpha, 2);
		this.recording.clear();
		for (String property : List.of("title", "body; DELETE FROM test_note", "body DESC NULLS FIRST, (SELECT 1)")) {
			assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
				.isThrownBy(() -> this.notes.findAll(this.alpha, Sort.by(property)).blockLast(TIMEOUT));
			assertThatExceptionOfType(InvalidDataAccessApiUsageException.class).isThrownBy(
					() -> this.notes.findAll(this.alpha, PageRequest.of(0, 10, Sort.by(property))).block(TIMEOUT));
		}
		assertThat(this.recording.acquisitions()).isZero();
		assertThat(TestDatabases.rowsByTenant(this.db, "test_note")).containsEntry(this.alpha.tenantId().value(), 2L);
	}

	private List<Note> insert(TenantContext tenant, int count) {
		List<Note> created = IntStream.range(0, count)
			.mapToObj((i) -> Note.of(tenant.tenantId(), UUID.randomUUID(), "body-" + (i % 3)))
			.toList();
		Flux.fromIterable(created).concatMap((note) -> this.notes.insert(tenant, note)).blockLast(TIMEOUT);
		return created;
	}

}
