package io.tenancykit.persistence.repository;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.tenancykit.api.NotFoundInTenantException;
import io.tenancykit.api.TenantContext;
import io.tenancykit.persistence.rls.RowLevelSecurity;
import io.tenancykit.persistence.support.Note;
import io.tenancykit.persistence.support.NoteRepository;
import io.tenancykit.persistence.support.Notebook;
import io.tenancykit.persistence.support.NotebookRepository;
import io.tenancykit.persistence.support.TenantFixture;
import io.tenancykit.persistence.support.TestDatabases;
import io.tenancykit.test.PostgresDatabase;
import io.tenancykit.test.PostgresTest;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reference to another tenant's row through the composite foreign key
 * {@code (tenant_id, notebook_id)} fails as if the row were missing, whichever operation
 * writes it, and changes nothing.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossTenantReferenceIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private PostgresDatabase db;

	@AutoClose
	private TenantFixture fixture;

	private NoteRepository notes;

	private TenantContext alpha;

	private Notebook alphasNotebook;

	private Notebook betasNotebook;

	@BeforeAll
	void setUp(PostgresDatabase db) throws SQLException {
		this.fixture = TenantFixture.open(db, 2);
		this.db = db;
		TenantScopedTemplate template = this.fixture.template(RowLevelSecurity.ENABLED);
		this.notes = new NoteRepository(template);
		this.alpha = this.fixture.alpha();
		TenantContext beta = this.fixture.beta();
		NotebookRepository notebooks = new NotebookRepository(template);
		this.alphasNotebook = notebooks
			.insert(this.alpha, new Notebook(UUID.randomUUID(), this.alpha.tenantId(), "alpha's"))
			.block(TIMEOUT);
		this.betasNotebook = notebooks.insert(beta, new Notebook(UUID.randomUUID(), beta.tenantId(), "beta's"))
			.block(TIMEOUT);
	}

	@BeforeEach
	void clean() throws SQLException {
		this.db.executeAsAdmin("DELETE FROM test_note");
	}

	@Test
	void insertReferencingAnotherTenantsNotebookIsNotFound() throws SQLException {
		Note note = Note.of(this.alpha.tenantId(), UUID.randomUUID(), "misfiled").withNotebook(this.betasNotebook.id());
		StepVerifier.create(this.notes.insert(this.alpha, note))
			.expectError(NotFoundInTenantException.class)
			.verify(TIMEOUT);
		assertThat(TestDatabases.rowsByTenant(this.db, "test_note").values()).containsOnly(0L);
	}

	@Test
	void updateReferencingAnotherTenantsNotebookIsNotFound() throws SQLException {
		Note note = filedNote();
		StepVerifier.create(this.notes.save(this.alpha, note.withNotebook(this.betasNotebook.id())))
			.expectError(NotFoundInTenantException.class)
			.verify(TIMEOUT);
		assertNotebookOf(note, this.alphasNotebook);
	}

	@Test
	void executeReferencingAnotherTenantsNotebookIsNotFound() throws SQLException {
		Note note = filedNote();
		StepVerifier.create(this.notes.moveToNotebook(this.alpha, note.id(), this.betasNotebook.id()))
			.expectError(NotFoundInTenantException.class)
			.verify(TIMEOUT);
		assertNotebookOf(note, this.alphasNotebook);
	}

	@Test
	void referencesToTheTenantsOwnNotebookAreWritten() throws SQLException {
		Note note = Note.of(this.alpha.tenantId(), UUID.randomUUID(), "loose");
		this.notes.insert(this.alpha, note).block(TIMEOUT);
		StepVerifier.create(this.notes.moveToNotebook(this.alpha, note.id(), this.alphasNotebook.id()))
			.expectNext(1L)
			.expectComplete()
			.verify(TIMEOUT);
		assertNotebookOf(note, this.alphasNotebook);
	}

	private Note filedNote() {
		Note note = Note.of(this.alpha.tenantId(), UUID.randomUUID(), "filed").withNotebook(this.alphasNotebook.id());
		StepVerifier.create(this.notes.insert(this.alpha, note)).expectNext(note).expectComplete().verify(TIMEOUT);
		return note;
	}

	private void assertNotebookOf(Note note, Notebook notebook) throws SQLException {
		assertThat(TestDatabases.queryAsTenant(this.db, this.alpha,
				"SELECT notebook_id FROM test_note WHERE id = '" + note.id() + "'"))
			.containsExactly(Map.of("notebook_id", notebook.id()));
	}

}
