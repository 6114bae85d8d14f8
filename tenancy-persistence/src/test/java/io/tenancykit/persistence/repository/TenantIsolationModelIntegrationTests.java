package io.tenancykit.persistence.repository;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import io.r2dbc.pool.ConnectionPool;
import io.tenancykit.api.TenantContext;
import io.tenancykit.persistence.rls.RowLevelSecurity;
import io.tenancykit.persistence.support.Note;
import io.tenancykit.persistence.support.NoteRepository;
import io.tenancykit.persistence.support.TestDatabases;
import io.tenancykit.test.PostgresDatabase;
import io.tenancykit.test.PostgresTest;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Model-based property test: random interleaved operation sequences across three tenants,
 * generated with jqwik, run against PostgreSQL as the application role and against an
 * in-memory model of each tenant's rows. The ids come from a small shared pool, so that
 * tenants constantly collide on ids. Any cross-tenant visibility or effect makes the
 * repository and the model disagree.
 * <p>
 * jqwik's own engine cannot take the {@code @PostgresTest} database (a JUnit Jupiter
 * extension), so the sequences are sampled from jqwik arbitraries inside a Jupiter test;
 * a failure message lists the whole sequence and the failing step, so that it can be
 * replayed by hand (there is no automatic shrinking).
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantIsolationModelIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final int TRIES = 40;

	private static final int TENANTS = 3;

	private static final List<UUID> IDS = List.of(UUID.fromString("00000000-0000-0000-0000-000000000001"),
			UUID.fromString("7fffffff-0000-0000-0000-000000000002"),
			UUID.fromString("80000000-0000-0000-0000-000000000003"),
			UUID.fromString("ffffffff-0000-0000-0000-000000000004"), UUID.randomUUID());

	private static final List<String> BODIES = List.of("apple", "apricot", "banana", "cherry");

	private PostgresDatabase db;

	private ConnectionPool pool;

	private NoteRepository notes;

	private final List<TenantContext> tenants = new ArrayList<>();

	@BeforeAll
	void setUp(PostgresDatabase db) throws SQLException {
		this.db = db;
		TestDatabases.migrate(db);
		this.pool = TestDatabases.pool(TestDatabases.connectionFactory(db, db.application()), 4);
		for (String key : List.of("alpha", "beta", "gamma")) {
			this.tenants.add(TestDatabases.context(db, key));
		}
	}

	@AfterAll
	void tearDown() {
		this.pool.dispose();
	}

	@ParameterizedTest
	@EnumSource(RowLevelSecurity.class)
	void operationSequencesNeverCrossTenants(RowLevelSecurity rowLevelSecurity) throws SQLException {
		// With RowLevelSecurity.DISABLED the table's RLS is switched off too: the
		// repository
		// wall alone must keep the tenants apart.
		if (!rowLevelSecurity.isEnabled()) {
			this.db.executeAsOwner("ALTER TABLE test_note DISABLE ROW LEVEL SECURITY");
		}
		try {
			this.notes = new NoteRepository(DatabaseClient.create(this.pool), rowLevelSecurity);
			runSequences();
		}
		finally {
			this.db.executeAsOwner("ALTER TABLE test_note ENABLE ROW LEVEL SECURITY");
		}
	}

	private void runSequences() throws SQLException {
		List<List<Op>> sequences = operations().list().ofMinSize(5).ofMaxSize(30).sampleStream().limit(TRIES).toList();
		for (int i = 0; i < sequences.size(); i++) {
			List<Op> sequence = sequences.get(i);
			this.db.executeAsAdmin("DELETE FROM test_note");
			Model model = new Model();
			int step = 0;
			try {
				for (Op op : sequence) {
					run(op, model);
					step++;
				}
				assertFinalState(model);
			}
			catch (AssertionError | RuntimeException ex) {
				throw new AssertionError(
						"try " + i + " failed at step " + step + " of " + sequence + ": " + ex.getMessage(), ex);
			}
		}
	}

	private void run(Op op, Model model) {
		TenantContext context = this.tenants.get(op.tenant());
		TreeMap<UUID, String> rows = model.rows(op.tenant());
		UUID id = IDS.get(op.slot());
		Note note = new Note(context.tenantId(), id, op.body());
		switch (op.kind()) {
			case INSERT -> {
				if (rows.containsKey(id)) {
					assertThatExceptionOfType(DataIntegrityViolationException.class)
						.isThrownBy(() -> this.notes.insert(context, note).block(TIMEOUT));
				}
				else {
					assertThat(this.notes.insert(context, note).block(TIMEOUT)).isEqualTo(note);
					rows.put(id, op.body());
				}
			}
			case UPDATE -> {
				Note updated = this.notes.update(context, note).block(TIMEOUT);
				if (rows.containsKey(id)) {
					assertThat(updated).isEqualTo(note);
					rows.put(id, op.body());
				}
				else {
					assertThat(updated).isNull();
				}
			}
			case UPDATE_FOREIGN -> {
				TenantContext other = this.tenants.get((op.tenant() + 1) % TENANTS);
				Note foreign = new Note(other.tenantId(), id, op.body());
				assertThatExceptionOfType(TenantMismatchException.class)
					.isThrownBy(() -> this.notes.update(context, foreign).block(TIMEOUT));
			}
			case DELETE -> {
				assertThat(this.notes.deleteById(context, id).block(TIMEOUT)).isEqualTo(rows.containsKey(id) ? 1L : 0L);
				rows.remove(id);
			}
			case FIND -> assertThat(this.notes.findById(context, id).block(TIMEOUT))
				.isEqualTo(rows.containsKey(id) ? new Note(context.tenantId(), id, rows.get(id)) : null);
			case EXISTS ->
				assertThat(this.notes.existsById(context, id).block(TIMEOUT)).isEqualTo(rows.containsKey(id));
			case COUNT -> assertThat(this.notes.count(context).block(TIMEOUT)).isEqualTo((long) rows.size());
			case PAGE -> {
				int size = op.slot() + 1;
				int page = BODIES.indexOf(op.body());
				List<Note> expected = model.notes(context, op.tenant())
					.stream()
					.skip((long) page * size)
					.limit(size)
					.toList();
				assertThat(this.notes.findAll(context, page, size).collectList().block(TIMEOUT)).isEqualTo(expected);
			}
			case PREFIX -> {
				String prefix = op.body().substring(0, 2);
				List<Note> expected = model.notes(context, op.tenant())
					.stream()
					.filter((candidate) -> candidate.body().startsWith(prefix))
					.toList();
				assertThat(this.notes.findByBodyPrefix(context, prefix).collectList().block(TIMEOUT))
					.isEqualTo(expected);
			}
			case RENAME -> {
				String to = op.body() + "!";
				long expected = rows.values().stream().filter(op.body()::equals).count();
				assertThat(this.notes.replaceBody(context, op.body(), to).block(TIMEOUT)).isEqualTo(expected);
				rows.replaceAll((key, body) -> body.equals(op.body()) ? to : body);
			}
		}
	}

	private void assertFinalState(Model model) throws SQLException {
		for (int t = 0; t < TENANTS; t++) {
			TenantContext context = this.tenants.get(t);
			assertThat(
					this.notes.findAll(context, 0, TenantScopedRepository.MAX_PAGE_SIZE).collectList().block(TIMEOUT))
				.isEqualTo(model.notes(context, t));
		}
		Map<UUID, Long> stored = TestDatabases.rowsByTenant(this.db, "test_note");
		for (int t = 0; t < TENANTS; t++) {
			assertThat(stored.get(this.tenants.get(t).tenantId().value())).isEqualTo((long) model.rows(t).size());
		}
	}

	private static Arbitrary<Op> operations() {
		return Combinators
			.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(0, TENANTS - 1),
					Arbitraries.integers().between(0, IDS.size() - 1), Arbitraries.of(BODIES))
			.as(Op::new);
	}

	enum Kind {

		INSERT, UPDATE, UPDATE_FOREIGN, DELETE, FIND, EXISTS, COUNT, PAGE, PREFIX, RENAME

	}

	record Op(Kind kind, int tenant, int slot, String body) {

		@Override
		public String toString() {
			return this.kind + "(t" + this.tenant + ", id" + this.slot + ", " + this.body + ")";
		}

	}

	private static final class Model {

		private final Map<Integer, TreeMap<UUID, String>> rows = new HashMap<>();

		TreeMap<UUID, String> rows(int tenant) {
			// Ordered as PostgreSQL orders uuid: by the canonical text, byte by byte.
			return this.rows.computeIfAbsent(tenant, (key) -> new TreeMap<>(Comparator.comparing(UUID::toString)));
		}

		List<Note> notes(TenantContext context, int tenant) {
			return rows(tenant).entrySet()
				.stream()
				.map((entry) -> new Note(context.tenantId(), entry.getKey(), entry.getValue()))
				.toList();
		}

	}

}
