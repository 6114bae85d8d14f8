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
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Statements of several repositories join the caller's transaction, so that a
 * {@link TransactionalOperator} over an {@link R2dbcTransactionManager} commits or rolls
 * back all of them.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransactionsIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private PostgresDatabase db;

	@AutoClose
	private TenantFixture fixture;

	private NotebookRepository notebooks;

	private NoteRepository notes;

	private TransactionalOperator transactions;

	private TenantContext alpha;

	private TenantContext beta;

	@BeforeAll
	void setUp(PostgresDatabase db) throws SQLException {
		this.fixture = TenantFixture.open(db, 2);
		this.db = db;
		R2dbcTransactionManager transactionManager = new R2dbcTransactionManager(this.fixture.pool());
		TenantScopedTemplate template = TestDatabases.template(this.fixture.pool(), RowLevelSecurity.ENABLED,
				this.fixture.settingMode(), TestDatabases.converter(), null, transactionManager);
		this.notebooks = new NotebookRepository(template);
		this.notes = new NoteRepository(template);
		this.transactions = TransactionalOperator.create(transactionManager);
		this.alpha = this.fixture.alpha();
		this.beta = this.fixture.beta();
	}

	@BeforeEach
	void clean() throws SQLException {
		this.db.executeAsAdmin("DELETE FROM test_note; DELETE FROM test_notebook");
	}

	@Test
	void commitsTheWritesOfTwoRepositoriesTogether() throws SQLException {
		Notebook notebook = new Notebook(UUID.randomUUID(), this.alpha.tenantId(), "committed");
		Note note = Note.of(this.alpha.tenantId(), UUID.randomUUID(), "committed").withNotebook(notebook.id());
		StepVerifier
			.create(this.transactions
				.transactional(this.notebooks.insert(this.alpha, notebook).then(this.notes.insert(this.alpha, note))))
			.expectNext(note)
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(TestDatabases.rowsByTenant(this.db, "test_notebook")).containsEntry(this.alpha.tenantId().value(),
				1L);
		assertThat(TestDatabases.rowsByTenant(this.db, "test_note")).containsEntry(this.alpha.tenantId().value(), 1L);
	}

	@Test
	void rollsBackTheWritesOfTwoRepositoriesTogether() throws SQLException {
		Notebook notebook = new Notebook(UUID.randomUUID(), this.alpha.tenantId(), "rolled back");
		Note note = Note.of(this.alpha.tenantId(), UUID.randomUUID(), "rolled back").withNotebook(notebook.id());
		Mono<Note> work = this.notebooks.insert(this.alpha, notebook)
			.then(this.notes.insert(this.alpha, note))
			.then(this.notes.replaceBody(this.alpha, "rolled back", "executed"))
			.then(Mono.error(new IllegalStateException("abort")));
		StepVerifier.create(this.transactions.transactional(work))
			.expectError(IllegalStateException.class)
			.verify(TIMEOUT);
		assertNothingStored();
	}

	@Test
	void rollsBackTheNotebookWhenTheNoteReferencesAnotherTenantsNotebook() throws SQLException {
		Notebook theirs = new Notebook(UUID.randomUUID(), this.beta.tenantId(), "beta's");
		this.notebooks.insert(this.beta, theirs).block(TIMEOUT);
		Notebook mine = new Notebook(UUID.randomUUID(), this.alpha.tenantId(), "alpha's");
		Note note = Note.of(this.alpha.tenantId(), UUID.randomUUID(), "misfiled").withNotebook(theirs.id());
		StepVerifier
			.create(this.transactions
				.transactional(this.notebooks.insert(this.alpha, mine).then(this.notes.insert(this.alpha, note))))
			.expectError(NotFoundInTenantException.class)
			.verify(TIMEOUT);
		assertThat(TestDatabases.rowsByTenant(this.db, "test_notebook"))
			.containsEntry(this.alpha.tenantId().value(), 0L)
			.containsEntry(this.beta.tenantId().value(), 1L);
		assertThat(TestDatabases.rowsByTenant(this.db, "test_note").values()).containsOnly(0L);
	}

	@Test
	void rollsBackACustomStatementThatJoinedTheTransaction() throws SQLException {
		Note note = Note.of(this.alpha.tenantId(), UUID.randomUUID(), "before");
		this.notes.insert(this.alpha, note).block(TIMEOUT);
		Mono<Long> work = this.notes
			.rawExecute(this.alpha, "UPDATE test_note SET body = 'after' WHERE tenant_id = :tenant_id", Map.of())
			.then(Mono.error(new IllegalStateException("abort")));
		StepVerifier.create(this.transactions.transactional(work))
			.expectError(IllegalStateException.class)
			.verify(TIMEOUT);
		assertThat(TestDatabases.queryAsTenant(this.db, this.alpha, "SELECT body FROM test_note"))
			.containsExactly(Map.of("body", "before"));
	}

	private void assertNothingStored() throws SQLException {
		assertThat(TestDatabases.rowsByTenant(this.db, "test_notebook").values()).containsOnly(0L);
		assertThat(TestDatabases.rowsByTenant(this.db, "test_note").values()).containsOnly(0L);
	}

}
