package io.tenancykit.persistence.repository;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import io.tenancykit.api.NotFoundInTenantException;
import io.tenancykit.api.TenantContext;
import io.tenancykit.persistence.rls.RowLevelSecurity;
import io.tenancykit.persistence.support.Note;
import io.tenancykit.persistence.support.NoteRepository;
import io.tenancykit.persistence.support.TenantFixture;
import io.tenancykit.persistence.support.TestDatabases;
import io.tenancykit.test.PostgresDatabase;
import io.tenancykit.test.PostgresTest;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.relational.core.query.Criteria;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Model-based test: random interleaved operation sequences across three tenants, run
 * against PostgreSQL as the application role and against an in-memory model of each
 * tenant's rows. The ids come from a small shared pool, so that tenants constantly
 * collide on ids; any cross-tenant visibility or effect makes the repository and the
 * model disagree.
 * <p>
 * The sequences come from a {@link Random} with a seed printed at the start of each run;
 * a failure names the seed, the sequence and the failing step. Rerun a failure with
 * {@code -Dtenancy.model.seed=<seed>} (the seed is random otherwise, so that runs cover
 * new sequences).
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantIsolationModelIntegrationTests {

	/** The system property that fixes the seed, to replay a failure. */
	static final String SEED_PROPERTY = "tenancy.model.seed";

	private static final Duration TIMEOUT = TenantFixture.TIMEOUT;

	private static final int SEQUENCES = 30;

	private static final int MAX_LENGTH = 30;

	private static final int TENANTS = 3;

	private static final List<UUID> IDS = List.of(UUID.fromString("00000000-0000-0000-0000-000000000001"),
			UUID.fromString("7fffffff-0000-0000-0000-000000000002"),
			UUID.fromString("80000000-0000-0000-0000-000000000003"),
			UUID.fromString("ffffffff-0000-0000-0000-000000000004"),
			UUID.fromString("3b9aca00-1234-4321-8888-000000000005"));

	private static final List<String> BODIES = List.of("apple", "apricot", "banana", "cherry");

	private static final Comparator<Map.Entry<UUID, String>> BY_ID = Comparator
		.comparing((Map.Entry<UUID, String> entry) -> entry.getKey().toString());

	@AutoClose
	private TenantFixture fixture;

	private PostgresDatabase db;

	private TenantScopedTemplate template;

	private NoteRepository notes;

	private final List<TenantContext> tenants = new ArrayList<>();

	@BeforeAll
	void setUp(PostgresDatabase db) throws SQLException {
		this.fixture = TenantFixture.open(db, 4);
		this.db = db;
		this.tenants.add(this.fixture.alpha());
		this.tenants.add(this.fixture.beta());
		this.tenants.add(TestDatabases.context(db, "gamma"));
	}

	@ParameterizedTest
	@EnumSource(Walls.class)
	void operationSequencesNeverCrossTenants(Walls walls) throws SQLException {
		long seed = Long.getLong(SEED_PROPERTY, new SecureRandom().nextLong());
		System.out.println(getClass().getSimpleName() + " (" + walls + "): -D" + SEED_PROPERTY + "=" + seed);
		if (walls == Walls.REPOSITORY_ALONE) {
			this.db.executeAsOwner("ALTER TABLE test_note DISABLE ROW LEVEL SECURITY");
		}
		try {
			this.template = this.fixture.template(walls.rowLevelSecurity);
			this.notes = new NoteRepository(this.template);
			runSequences(new Random(seed), seed, walls);
		}
		finally {
			this.db.executeAsOwner("ALTER TABLE test_note ENABLE ROW LEVEL SECURITY");
		}
	}

	private void runSequences(Random random, long seed, Walls walls) throws SQLException {
		for (int i = 0; i < SEQUENCES; i++) {
			List<Op> sequence = sequence(random);
			this.db.executeAsAdmin("DELETE FROM test_note");
			Model model = new Model();
			int step = 0;
			try {
				for (Op op : sequence) {
					run(op, model);
					step++;
				}
				assertFinalState(model);
				if (walls == Walls.BOTH) {
					assertRowLevelSecurityAloneIsolates(model);
				}
			}
			catch (AssertionError | RuntimeException ex) {
				throw new AssertionError("seed " + seed + " (-D" + SEED_PROPERTY + "=" + seed + "), sequence " + i
						+ " failed at step " + step + " of " + sequence + ": " + ex.getMessage(), ex);
			}
		}
	}

	private static List<Op> sequence(Random random) {
		int length = 5 + random.nextInt(MAX_LENGTH - 4);
		List<Op> ops = new ArrayList<>(length);
		Kind[] kinds = Kind.values();
		for (int i = 0; i < length; i++) {
			ops.add(new Op(kinds[random.nextInt(kinds.length)], random.nextInt(TENANTS), random.nextInt(IDS.size()),
					BODIES.get(random.nextInt(BODIES.size())), random.nextInt(4), 1 + random.nextInt(4),
					random.nextInt(IDS.size() * 2)));
		}
		return ops;
	}

	private void run(Op op, Model model) {
		TenantContext context = this.tenants.get(op.tenant());
		TreeMap<UUID, String> rows = model.rows(op.tenant());
		UUID id = IDS.get(op.slot());
		Note note = Note.of(context.tenantId(), id, op.body());
		switch (op.kind()) {
			case INSERT -> {
				if (rows.containsKey(id)) {
					assertThatExceptionOfType(DuplicateKeyException.class)
						.isThrownBy(() -> this.notes.insert(context, note).block(TIMEOUT));
				}
				else {
					assertThat(this.notes.insert(context, note).block(TIMEOUT)).isEqualTo(note);
					rows.put(id, op.body());
				}
			}
			case SAVE, UPDATE -> {
				if (rows.containsKey(id)) {
					Note saved = (op.kind() == Kind.SAVE) ? this.notes.save(context, note).block(TIMEOUT)
							: this.template.update(context, note).block(TIMEOUT);
					assertThat(saved).isEqualTo(note);
					rows.put(id, op.body());
				}
				else {
					assertThatExceptionOfType(NotFoundInTenantException.class)
						.isThrownBy(() -> this.notes.save(context, note).block(TIMEOUT));
				}
			}
			case SAVE_FOREIGN -> {
				Note foreign = note.withTenant(this.tenants.get((op.tenant() + 1) % TENANTS).tenantId());
				assertThatExceptionOfType(TenantMismatchException.class)
					.isThrownBy(() -> this.notes.save(context, foreign).block(TIMEOUT));
			}
			case DELETE_BY_ID -> {
				assertThat(this.notes.deleteById(context, id).block(TIMEOUT)).isEqualTo(rows.containsKey(id) ? 1L : 0L);
				rows.remove(id);
			}
			case DELETE -> {
				assertThat(this.notes.delete(context, note).block(TIMEOUT)).isEqualTo(rows.containsKey(id) ? 1L : 0L);
				rows.remove(id);
			}
			case DELETE_ALL -> {
				assertThat(this.notes.deleteAll(context).block(TIMEOUT)).isEqualTo((long) rows.size());
				rows.clear();
			}
			case FIND -> assertThat(this.notes.findById(context, id).block(TIMEOUT))
				.isEqualTo(rows.containsKey(id) ? Note.of(context.tenantId(), id, rows.get(id)) : null);
			case FIND_ALL_BY_ID -> {
				List<UUID> wanted = new ArrayList<>();
				for (int slot = 0; slot < IDS.size(); slot++) {
					if ((op.mask() & (1 << slot)) != 0) {
						wanted.add(IDS.get(slot));
					}
				}
				assertThat(this.notes.findAllById(context, wanted).collectList().block(TIMEOUT))
					.isEqualTo(model.notes(context, op.tenant(), BY_ID)
						.stream()
						.filter((candidate) -> wanted.contains(candidate.id()))
						.toList());
			}
			case EXISTS ->
				assertThat(this.notes.existsById(context, id).block(TIMEOUT)).isEqualTo(rows.containsKey(id));
			case COUNT -> assertThat(this.notes.count(context).block(TIMEOUT)).isEqualTo((long) rows.size());
			case PAGE -> {
				SortChoice sort = SortChoice.values()[op.slot() % SortChoice.values().length];
				Page<Note> page = this.notes.findAll(context, PageRequest.of(op.page(), op.size(), sort.sort))
					.block(TIMEOUT);
				assertThat(page).isNotNull();
				assertThat(page.getContent()).isEqualTo(model.notes(context, op.tenant(), sort.order)
					.stream()
					.skip((long) op.page() * op.size())
					.limit(op.size())
					.toList());
				assertThat(page.getTotalElements()).isEqualTo(rows.size());
			}
			case SORTED -> {
				SortChoice sort = SortChoice.values()[op.slot() % SortChoice.values().length];
				assertThat(this.notes.findAll(context, sort.sort).collectList().block(TIMEOUT))
					.isEqualTo(model.notes(context, op.tenant(), sort.order));
			}
			case SELECT -> {
				// An OR inside the criteria must not widen the result beyond the tenant.
				List<String> bodies = List.of(op.body(), BODIES.get(op.size() - 1));
				assertThat(this.notes.findByBodyInOr(context, bodies.subList(0, 1), bodies.get(1))
					.collectList()
					.block(TIMEOUT))
					.isEqualTo(model.notes(context, op.tenant(), BY_ID)
						.stream()
						.filter((candidate) -> bodies.contains(candidate.body()))
						.toList());
			}
			case PREFIX -> {
				String prefix = op.body().substring(0, 2);
				assertThat(this.notes.findByBodyPrefix(context, prefix).collectList().block(TIMEOUT))
					.isEqualTo(model.notes(context, op.tenant(), BY_ID)
						.stream()
						.filter((candidate) -> candidate.body().startsWith(prefix))
						.toList());
			}
			case RENAME -> {
				String to = op.body() + "s";
				long expected = rows.values().stream().filter(op.body()::equals).count();
				assertThat(this.notes.replaceBody(context, op.body(), to).block(TIMEOUT)).isEqualTo(expected);
				rows.replaceAll((key, body) -> body.equals(op.body()) ? to : body);
			}
			case SELECT_CRITERIA ->
				assertThat(this.notes.rawSelect(context, Criteria.where("id").is(id), Sort.by("id"), 1)
					.collectList()
					.block(TIMEOUT)).isEqualTo(
							rows.containsKey(id) ? List.of(Note.of(context.tenantId(), id, rows.get(id))) : List.of());
		}
	}

	private void assertFinalState(Model model) throws SQLException {
		for (int t = 0; t < TENANTS; t++) {
			TenantContext context = this.tenants.get(t);
			assertThat(this.notes.findAll(context, Sort.unsorted()).collectList().block(TIMEOUT))
				.isEqualTo(model.notes(context, t, BY_ID));
		}
		Map<UUID, Long> stored = TestDatabases.rowsByTenant(this.db, "test_note");
		for (int t = 0; t < TENANTS; t++) {
			assertThat(stored.get(this.tenants.get(t).tenantId().value())).isEqualTo((long) model.rows(t).size());
		}
	}

	/**
	 * The database wall on its own: raw SQL as the application role, the kit bypassed.
	 * With no setting no row is visible; with a tenant's setting exactly that tenant's
	 * rows are, and no other tenant's row can be deleted.
	 */
	private void assertRowLevelSecurityAloneIsolates(Model model) throws SQLException {
		try (Connection connection = this.db.openJdbc(this.db.application())) {
			assertThat(rawRows(connection)).as("rows visible without a tenant setting").isEmpty();
			for (int t = 0; t < TENANTS; t++) {
				TenantContext context = this.tenants.get(t);
				connection.setAutoCommit(false);
				try {
					TestDatabases.setTenant(this.db, connection, context.tenantId().value().toString());
					Map<UUID, String> expected = new LinkedHashMap<>();
					model.notes(context, t, BY_ID).forEach((note) -> expected.put(note.id(), note.body()));
					assertThat(rawRows(connection)).as("rows visible to tenant %d by raw SQL", t)
						.containsExactlyEntriesOf(
								expected.entrySet()
									.stream()
									.collect(LinkedHashMap::new, (map, entry) -> map
										.put(context.tenantId().value() + "/" + entry.getKey(), entry.getValue()),
											Map::putAll));
					try (PreparedStatement delete = connection
						.prepareStatement("DELETE FROM test_note WHERE tenant_id <> ?")) {
						delete.setObject(1, context.tenantId().value());
						assertThat(delete.executeUpdate()).as("other tenants' rows deleted by tenant %d", t).isZero();
					}
				}
				finally {
					connection.rollback();
					connection.setAutoCommit(true);
				}
			}
		}
	}

	private static Map<String, String> rawRows(Connection connection) throws SQLException {
		Map<String, String> rows = new LinkedHashMap<>();
		try (PreparedStatement select = connection
			.prepareStatement("SELECT tenant_id, id, body FROM test_note ORDER BY tenant_id, id");
				ResultSet rs = select.executeQuery()) {
			while (rs.next()) {
				rows.put(rs.getObject(1) + "/" + rs.getObject(2), rs.getString(3));
			}
		}
		return rows;
	}

	/**
	 * Which walls stand: both, or the repository alone (row-level security off in the kit
	 * and on the table).
	 */
	enum Walls {

		BOTH(RowLevelSecurity.ENABLED), REPOSITORY_ALONE(RowLevelSecurity.DISABLED);

		final RowLevelSecurity rowLevelSecurity;

		Walls(RowLevelSecurity rowLevelSecurity) {
			this.rowLevelSecurity = rowLevelSecurity;
		}

	}

	enum Kind {

		INSERT, SAVE, UPDATE, SAVE_FOREIGN, DELETE_BY_ID, DELETE, DELETE_ALL, FIND, FIND_ALL_BY_ID, EXISTS, COUNT, PAGE,
		SORTED, SELECT, SELECT_CRITERIA, PREFIX, RENAME

	}

	enum SortChoice {

		UNSORTED(Sort.unsorted(), BY_ID), BY_ID_DESC(Sort.by(Sort.Direction.DESC, "id"), BY_ID.reversed()),
		BY_BODY(Sort.by("body"), Map.Entry.<UUID, String>comparingByValue().thenComparing(BY_ID)),
		BY_BODY_DESC(Sort.by(Sort.Direction.DESC, "body"),
				Map.Entry.<UUID, String>comparingByValue().reversed().thenComparing(BY_ID));

		final Sort sort;

		final Comparator<Map.Entry<UUID, String>> order;

		SortChoice(Sort sort, Comparator<Map.Entry<UUID, String>> order) {
			this.sort = sort;
			this.order = order;
		}

	}

	record Op(Kind kind, int tenant, int slot, String body, int page, int size, int mask) {

		@Override
		public String toString() {
			return this.kind + "(t" + this.tenant + ", id" + this.slot + ", " + this.body + ", page " + this.page + "x"
					+ this.size + ", mask " + this.mask + ")";
		}

	}

	private static final class Model {

		private final Map<Integer, TreeMap<UUID, String>> rows = new HashMap<>();

		TreeMap<UUID, String> rows(int tenant) {
			// Ordered as PostgreSQL orders uuid: by the canonical text, byte by byte.
			return this.rows.computeIfAbsent(tenant, (key) -> new TreeMap<>(Comparator.comparing(UUID::toString)));
		}

		List<Note> notes(TenantContext context, int tenant, Comparator<Map.Entry<UUID, String>> order) {
			return rows(tenant).entrySet()
				.stream()
				.sorted(order)
				.map((entry) -> Note.of(context.tenantId(), entry.getKey(), entry.getValue()))
				.toList();
		}

	}

}
