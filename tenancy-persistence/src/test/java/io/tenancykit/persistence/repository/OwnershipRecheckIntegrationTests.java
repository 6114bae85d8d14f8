package io.tenancykit.persistence.repository;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import io.tenancykit.api.TenantContext;
import io.tenancykit.api.TenantId;
import io.tenancykit.persistence.rls.RowLevelSecurity;
import io.tenancykit.persistence.rls.TenantSettingMode;
import io.tenancykit.persistence.support.Note;
import io.tenancykit.persistence.support.NoteRepository;
import io.tenancykit.persistence.support.TestDatabases;
import io.tenancykit.test.PostgresDatabase;
import io.tenancykit.test.PostgresTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.test.StepVerifier;

import org.springframework.data.domain.Sort;
import org.springframework.data.r2dbc.convert.MappingR2dbcConverter;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;

/**
 * The third wall: what a read brings back is checked to belong to the context's tenant
 * before it reaches the caller. Row-level security is off here, in the kit and on the
 * table, so that nothing else stands between the caller and another tenant's row: the
 * database really returns one to a hand-written query widened past its tenant, and a
 * faulty reading conversion stamps another tenant on the context's own rows. Each read
 * must refuse such a row with a {@link TenantMismatchException}, never hand it over.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OwnershipRecheckIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	/**
	 * Unpooled, so that a test failing with a connection still held cannot starve the
	 * next one.
	 */
	private ConnectionFactory connections;

	private NoteRepository notes;

	private TenantContext alpha;

	private TenantContext beta;

	private Note alphaNote;

	private Note betaNote;

	@BeforeAll
	void setUp(PostgresDatabase db) throws SQLException {
		TestDatabases.migrate(db);
		db.executeAsOwner("ALTER TABLE test_note NO FORCE ROW LEVEL SECURITY;"
				+ " ALTER TABLE test_note DISABLE ROW LEVEL SECURITY");
		this.connections = TestDatabases.connectionFactory(db, db.application());
		this.notes = new NoteRepository(
				TestDatabases.template(this.connections, RowLevelSecurity.DISABLED, TenantSettingMode.INLINE));
		this.alpha = TestDatabases.context(db, "alpha");
		this.beta = TestDatabases.context(db, "beta");
		this.alphaNote = Note.of(this.alpha.tenantId(), UUID.randomUUID(), "alpha's");
		this.betaNote = Note.of(this.beta.tenantId(), UUID.randomUUID(), "beta's");
		for (Note note : List.of(this.alphaNote, this.betaNote)) {
			db.executeAsOwner("INSERT INTO test_note (tenant_id, id, body) VALUES ('" + note.tenantId().value() + "', '"
					+ note.id() + "', '" + note.body().replace("'", "''") + "')");
		}
	}

	@Test
	void queryWidenedPastItsTenantRefusesTheOtherTenantsRow() {
		// The database returns beta's row: nothing but the re-check stands in the way.
		String widened = "SELECT * FROM test_note WHERE tenant_id = :tenant_id OR body = :body ORDER BY body";
		StepVerifier.create(this.notes.rawQuery(this.alpha, widened, Map.of("body", "beta's")))
			.expectNext(this.alphaNote)
			.expectError(TenantMismatchException.class)
			.verify(TIMEOUT);
	}

	@Test
	void selectNeverReturnsAnotherTenantsRowWithRowLevelSecurityOff() {
		Criteria naming = Criteria.where("body")
			.in(List.of("alpha's", "beta's"))
			.or("tenantId")
			.is(this.beta.tenantId().value());
		StepVerifier.create(this.notes.rawSelect(this.alpha, naming, Sort.by("body"), 10))
			.expectNext(this.alphaNote)
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(this.notes.findById(this.alpha, this.betaNote.id())).expectComplete().verify(TIMEOUT);
		StepVerifier.create(this.notes.findAll(this.alpha, Sort.by("body")))
			.expectNext(this.alphaNote)
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void findByIdRefusesARowThatTheConverterStampsWithAnotherTenant() {
		StepVerifier.create(stamping().findById(this.alpha, this.alphaNote.id()))
			.expectError(TenantMismatchException.class)
			.verify(TIMEOUT);
	}

	@Test
	void findAllRefusesARowThatTheConverterStampsWithAnotherTenant() {
		StepVerifier.create(stamping().findAll(this.alpha, Sort.by("body")))
			.expectError(TenantMismatchException.class)
			.verify(TIMEOUT);
	}

	@Test
	void selectRefusesARowThatTheConverterStampsWithAnotherTenant() {
		StepVerifier.create(stamping().rawSelect(this.alpha, Criteria.where("body").is("alpha's"), Sort.by("id"), 1))
			.expectError(TenantMismatchException.class)
			.verify(TIMEOUT);
	}

	@Test
	void templateSelectRefusesARowThatTheConverterStampsWithAnotherTenant() {
		TenantScopedTemplate template = TestDatabases.template(this.connections, RowLevelSecurity.DISABLED,
				TenantSettingMode.INLINE, new ForeignStampingConverter(this.beta.tenantId()), null, null);
		StepVerifier.create(template.select(this.alpha, Query.empty(), Note.class))
			.expectError(TenantMismatchException.class)
			.verify(TIMEOUT);
	}

	@Test
	void queryRefusesARowThatTheConverterStampsWithAnotherTenant() {
		StepVerifier.create(stamping().findByBodyPrefix(this.alpha, "alpha"))
			.expectError(TenantMismatchException.class)
			.verify(TIMEOUT);
	}

	/**
	 * Return a repository whose converter stamps beta on every note it reads, as a faulty
	 * custom reading conversion would.
	 */
	private NoteRepository stamping() {
		return new NoteRepository(TestDatabases.template(this.connections, RowLevelSecurity.DISABLED,
				TenantSettingMode.INLINE, new ForeignStampingConverter(this.beta.tenantId()), null, null));
	}

	/**
	 * Reads notes as the application's converter does, then names another tenant.
	 */
	private static final class ForeignStampingConverter extends MappingR2dbcConverter {

		private final TenantId foreign;

		ForeignStampingConverter(TenantId foreign) {
			this(TestDatabases.converter(), foreign);
		}

		private ForeignStampingConverter(MappingR2dbcConverter template, TenantId foreign) {
			super(template.getMappingContext(), template.getConversions());
			this.foreign = foreign;
		}

		@Override
		public <R> R read(Class<R> type, Row row, @Nullable RowMetadata metadata) {
			R read = super.read(type, row, metadata);
			return (read instanceof Note note) ? type.cast(note.withTenant(this.foreign)) : read;
		}

	}

}
