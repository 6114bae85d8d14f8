package io.tenancykit.persistence.repository;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.tenancykit.api.Tenant;
import io.tenancykit.api.TenantContext;
import io.tenancykit.api.TenantId;
import io.tenancykit.api.TenantKey;
import io.tenancykit.api.TenantStatus;
import io.tenancykit.persistence.rls.RowLevelSecurity;
import io.tenancykit.persistence.support.Note;
import io.tenancykit.persistence.support.NoteRepository;
import io.tenancykit.persistence.support.RecordingConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Guardrails that must hold before any I/O, checked against a connection factory that
 * counts acquisitions and has no database behind it: each test ends by proving that no
 * connection was asked for.
 */
class TenantScopedRepositoryTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final RecordingConnectionFactory connections = new RecordingConnectionFactory(new NoDatabase());

	private final TenantScopedTemplate template = TenantScopedTemplate.create(DatabaseClient.create(this.connections),
			RowLevelSecurity.ENABLED);

	private final NoteRepository notes = new NoteRepository(this.template);

	private final TenantContext alpha = context("alpha");

	private final TenantContext beta = context("beta");

	@AfterEach
	void noConnectionWasAcquired() {
		assertThat(this.connections.acquisitions()).as("connections acquired").isZero();
		assertThat(this.connections.statements()).as("statements created").isEmpty();
	}

	@Test
	void nullContextFailsAtAssembly() {
		UUID id = UUID.randomUUID();
		Note note = Note.of(this.alpha.tenantId(), id, "x");
		assertThatNullPointerException().isThrownBy(() -> this.notes.findById(null, id))
			.withMessage("'context' must not be null");
		assertThatNullPointerException().isThrownBy(() -> this.notes.existsById(null, id));
		assertThatNullPointerException().isThrownBy(() -> this.notes.count(null));
		assertThatNullPointerException().isThrownBy(() -> this.notes.findAll(null, PageRequest.of(0, 1)));
		assertThatNullPointerException().isThrownBy(() -> this.notes.findAll(null, Sort.unsorted()));
		assertThatNullPointerException().isThrownBy(() -> this.notes.findAllById(null, List.of(id)));
		assertThatNullPointerException().isThrownBy(() -> this.notes.insert(null, note));
		assertThatNullPointerException().isThrownBy(() -> this.notes.save(null, note));
		assertThatNullPointerException().isThrownBy(() -> this.notes.saveAll(null, List.of(note)));
		assertThatNullPointerException().isThrownBy(() -> this.notes.delete(null, note));
		assertThatNullPointerException().isThrownBy(() -> this.notes.deleteById(null, id));
		assertThatNullPointerException().isThrownBy(() -> this.notes.deleteAll(null));
		assertThatNullPointerException()
			.isThrownBy(() -> this.notes.rawSelect(null, Criteria.empty(), Sort.by("id"), 1));
		assertThatNullPointerException().isThrownBy(() -> this.notes.findByBodyPrefix(null, "x"));
		assertThatNullPointerException().isThrownBy(() -> this.notes.findBodies(null));
		assertThatNullPointerException().isThrownBy(() -> this.notes.replaceBody(null, "x", "y"));
		assertThatNullPointerException().isThrownBy(() -> this.template.update(null, note));
		assertThatNullPointerException().isThrownBy(() -> this.template.selectOne(null, Query.empty(), Note.class));
		assertThatNullPointerException().isThrownBy(() -> this.template.exists(null, Query.empty(), Note.class));
		assertThatNullPointerException().isThrownBy(() -> this.template.delete(null, Query.empty(), Note.class));
	}

	@Test
	void entityOfAnotherTenantIsRefused() {
		Note foreign = Note.of(this.beta.tenantId(), UUID.randomUUID(), "x");
		StepVerifier.create(this.notes.insert(this.alpha, foreign))
			.expectError(TenantMismatchException.class)
			.verify(TIMEOUT);
		StepVerifier.create(this.notes.save(this.alpha, foreign))
			.expectError(TenantMismatchException.class)
			.verify(TIMEOUT);
		StepVerifier.create(this.template.update(this.alpha, foreign))
			.expectError(TenantMismatchException.class)
			.verify(TIMEOUT);
		StepVerifier.create(this.notes.saveAll(this.alpha, List.of(foreign)))
			.expectError(TenantMismatchException.class)
			.verify(TIMEOUT);
		StepVerifier.create(this.notes.delete(this.alpha, foreign))
			.expectError(TenantMismatchException.class)
			.verify(TIMEOUT);
	}

	@Test
	void customSqlMustBindTheTenantFromTheContext() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.notes.rawQuery(this.alpha, "SELECT * FROM test_note", Map.of()))
			.withMessage("'sql' must restrict tenant_id with the named parameter :tenant_id");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.notes.rawQuery(this.alpha, "SELECT * FROM test_note WHERE tenant_id = :tenant_id",
					Map.of("tenant_id", this.beta.tenantId().value())))
			.withMessage("'parameters' must not bind tenant_id, which is bound from the context");
		assertThatIllegalArgumentException().isThrownBy(() -> this.notes.rawExecute(this.alpha,
				"DELETE FROM test_note WHERE tenant_id = :tenant_ids", Map.of()));
		assertThatIllegalArgumentException().isThrownBy(() -> this.template.query(this.alpha,
				"SELECT count(*) FROM test_note WHERE tenant_id = $1", Map.of(), Long.class));
	}

	@ParameterizedTest
	@ValueSource(strings = { "SELECT count(*) FROM test_note -- WHERE tenant_id = :tenant_id",
			"SELECT count(*) FROM test_note /* WHERE tenant_id = :tenant_id */",
			"SELECT count(*) FROM test_note WHERE body <> ':tenant_id'",
			"SELECT count(*) FROM test_note WHERE body <> $$:tenant_id$$",
			"SELECT count(*) AS \":tenant_id\" FROM test_note" })
	void customSqlMentioningTheTenantOnlyInCommentsOrLiteralsIsRefused(String sql) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.template.query(this.alpha, sql, Map.of(), Long.class))
			.withMessage("'sql' must restrict tenant_id with the named parameter :tenant_id");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.template.execute(this.alpha, sql.replace("SELECT count(*)", "DELETE"), Map.of()))
			.withMessage("'sql' must restrict tenant_id with the named parameter :tenant_id");
	}

	@ParameterizedTest
	@ValueSource(strings = { "SELECT * FROM test_note WHERE tenant_id = :tenant_id",
			"SELECT * FROM test_note WHERE tenant_id = :tenant_id -- the tenant's notes",
			"SELECT * FROM test_note /* it's */ WHERE body <> 'it''s' AND tenant_id = CAST(:tenant_id AS uuid)",
			"SELECT * FROM test_note WHERE body <> E'it\\'s' AND tenant_id = :tenant_id",
			"SELECT * FROM test_note WHERE body <> $q$it's$q$ AND \"tenant_id\" = :tenant_id::uuid",
			"SELECT * FROM test_note /* nested /* comment */ still */ WHERE tenant_id = :tenant_id" })
	void customSqlReferencingTheTenantInItsCodeIsAccepted(String sql) {
		assertThat(TenantScopedTemplate.referencesTenantParameter(sql)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "nope", "notebook_id", "body; DROP TABLE test_note --", "body desc", "(SELECT 1)",
			"id) OR (1=1", "tenantId.value" })
	void sortByAnythingButAMappedPropertyIsRefused(String property) {
		Sort sort = Sort.by(property);
		assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
			.isThrownBy(() -> this.notes.findAll(this.alpha, sort).blockLast(TIMEOUT))
			.withMessageStartingWith("Cannot sort Note by '");
		assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
			.isThrownBy(() -> this.notes.findAll(this.alpha, PageRequest.of(0, 10, sort)).block(TIMEOUT));
		assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
			.isThrownBy(() -> this.notes.rawSelect(this.alpha, Criteria.empty(), sort, 10).blockLast(TIMEOUT));
		assertThatExceptionOfType(InvalidDataAccessApiUsageException.class).isThrownBy(
				() -> this.template.select(this.alpha, Query.empty().sort(sort), Note.class).blockLast(TIMEOUT));
	}

	@Test
	void pageSizeIsBounded() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.notes.findAll(this.alpha, PageRequest.of(0, TenantScopedTemplate.MAX_PAGE_SIZE + 1)))
			.withMessage("'pageable' size must be between 1 and 500");
		assertThatIllegalArgumentException().isThrownBy(() -> this.notes.findAll(this.alpha, Pageable.unpaged()));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.notes.rawSelect(this.alpha, Criteria.empty(), Sort.unsorted(), 501));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.notes.rawSelect(this.alpha, Criteria.empty(), Sort.unsorted(), 0));
		assertThatIllegalArgumentException().isThrownBy(
				() -> this.template.selectPage(this.alpha, Criteria.empty(), PageRequest.of(0, 1000), Note.class));
	}

	@Test
	void aRepositoryMustDeclareItsEntityType() {
		assertThatIllegalStateException().isThrownBy(() -> new Generic<Note>(this.template))
			.withMessage(Generic.class.getName()
					+ " must declare its entity type: extends TenantScopedRepository<Entity, Id>");
	}

	private static TenantContext context(String key) {
		Instant now = Instant.now();
		return TenantContext
			.of(new Tenant(new TenantId(UUID.randomUUID()), new TenantKey(key), key, TenantStatus.ACTIVE, now, now));
	}

	private static final class Generic<E> extends TenantScopedRepository<E, UUID> {

		Generic(TenantScopedTemplate template) {
			super(template);
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
