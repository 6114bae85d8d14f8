package io.tenancykit.persistence.repository;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.Parameter;
import io.r2dbc.spi.Parameters;
import io.tenancykit.api.Tenant;
import io.tenancykit.api.TenantContext;
import io.tenancykit.api.TenantId;
import io.tenancykit.api.TenantKey;
import io.tenancykit.api.TenantStatus;
import io.tenancykit.persistence.support.Note;
import io.tenancykit.persistence.support.NoteRepository;
import io.tenancykit.persistence.support.RecordingConnectionFactory;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import org.springframework.data.relational.core.query.Criteria;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Guardrails that must hold before any I/O, checked against a connection factory that
 * counts acquisitions and has no database behind it.
 */
class TenantScopedRepositoryTests {

	private final RecordingConnectionFactory connections = new RecordingConnectionFactory(new NoDatabase());

	private final NoteRepository notes = new NoteRepository(DatabaseClient.create(this.connections));

	private final TenantContext alpha = context("alpha");

	private final TenantContext beta = context("beta");

	@Test
	void nullContextFailsAtAssemblyWithoutAcquiringAConnection() {
		UUID id = UUID.randomUUID();
		assertThatNullPointerException().isThrownBy(() -> this.notes.findById(null, id))
			.withMessageContaining("context");
		assertThatNullPointerException().isThrownBy(() -> this.notes.count(null));
		assertThatNullPointerException().isThrownBy(() -> this.notes.rawSelect(null, Criteria.empty(), 1));
		assertThat(this.connections.acquisitions()).isZero();
	}

	@Test
	void entityOfAnotherTenantIsRefusedWithoutAcquiringAConnection() {
		Note foreign = new Note(this.beta.tenantId(), UUID.randomUUID(), "x");
		assertThat(this.notes.insert(this.alpha, foreign)
			.onErrorResume(TenantMismatchException.class, (ex) -> Mono.just(foreign.withBody("refused")))
			.block()).extracting(Note::body).isEqualTo("refused");
		assertThat(this.notes.update(this.alpha, foreign)
			.onErrorResume(TenantMismatchException.class, (ex) -> Mono.just(foreign.withBody("refused")))
			.block()).extracting(Note::body).isEqualTo("refused");
		assertThat(this.connections.acquisitions()).isZero();
	}

	@Test
	void customSqlMustBindTheTenantFromTheContext() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.notes.rawQuery(this.alpha, "SELECT * FROM test_note", Map.of()));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.notes.rawQuery(this.alpha, "SELECT * FROM test_note WHERE tenant_id = :tenant_id",
					Map.of("tenant_id", this.beta.tenantId().value())));
		assertThatIllegalArgumentException().isThrownBy(() -> this.notes.rawExecute(this.alpha,
				"DELETE FROM test_note WHERE tenant_id = :tenant_ids", Map.of()));
		assertThat(this.connections.acquisitions()).isZero();
	}

	@Test
	void pageSizeIsBounded() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.notes.findAll(this.alpha, 0, TenantScopedRepository.MAX_PAGE_SIZE + 1));
		assertThatIllegalArgumentException().isThrownBy(() -> this.notes.findAll(this.alpha, 0, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> this.notes.findAll(this.alpha, -1, 1));
		assertThatIllegalArgumentException().isThrownBy(() -> this.notes.rawSelect(this.alpha, Criteria.empty(), 501));
		assertThat(this.connections.acquisitions()).isZero();
	}

	@Test
	void entityValuesMustCoverExactlyTheTableColumnsBeforeAnyWrite() {
		Note note = new Note(this.alpha.tenantId(), UUID.randomUUID(), "x");
		DatabaseClient client = DatabaseClient.create(this.connections);
		BrokenNotes misnamed = new BrokenNotes(client, Map.of("bdy", Parameters.in("x")));
		BrokenNotes missing = new BrokenNotes(client, Map.of());
		BrokenNotes extra = new BrokenNotes(client, Map.of("body", Parameters.in("x"), "tenant", Parameters.in("y")));
		for (BrokenNotes broken : List.of(misnamed, missing, extra)) {
			assertThatIllegalStateException().isThrownBy(() -> broken.insert(this.alpha, note))
				.withMessageContaining("must return exactly the columns [body]");
			assertThatIllegalStateException().isThrownBy(() -> broken.update(this.alpha, note))
				.withMessageContaining("must return exactly the columns [body]");
		}
		assertThat(this.connections.acquisitions()).isZero();
	}

	private static TenantContext context(String key) {
		Instant now = Instant.now();
		return TenantContext
			.of(new Tenant(new TenantId(UUID.randomUUID()), new TenantKey(key), key, TenantStatus.ACTIVE, now, now));
	}

	private static final class BrokenNotes extends TenantScopedRepository<Note, UUID> {

		BrokenNotes(DatabaseClient client, Map<String, Parameter> values) {
			super(client, new TenantTable<>("test_note", "id", List.of("body"), Note::id,
					NoteRepository.TABLE.rowMapper(), (note) -> values));
		}

	}

	private static final class NoDatabase implements ConnectionFactory {

		@Override
		public Publisher<? extends Connection> create() {
			return Mono.error(new IllegalStateException("no database in unit tests"));
		}

		@Override
		public ConnectionFactoryMetadata getMetadata() {
			return () -> "PostgreSQL";
		}

	}

}
