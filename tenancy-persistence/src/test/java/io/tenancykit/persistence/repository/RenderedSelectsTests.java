package io.tenancykit.persistence.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.BiFunction;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.reactivestreams.Publisher;

import org.springframework.data.domain.Sort;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.binding.BindTarget;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TenantStatements} renders the SQL of each select shape once and reuses it: a
 * statements instance that has rendered many queries answers every query exactly as a new
 * instance renders it, SQL and bound values alike. Queries are generated at random from a
 * printed seed (rerun one with {@code -Dtenancy.test.seed=…}); no database is needed to
 * build statements.
 */
class RenderedSelectsTests {

	private static final long SEED = Long.getLong("tenancy.test.seed", System.nanoTime());

	private static final int QUERIES = 3_000;

	private static final List<String> UUID_COLUMNS = List.of("id", "notebookId");

	private final TenantScopedTemplate template = TenantScopedTemplate.create(DatabaseClient.create(new NoDatabase()),
			RowLevelSecurity.ENABLED);

	private final TenantEntity<Note> meta = this.template.entity(Note.class);

	@ParameterizedTest
	@EnumSource(RowLevelSecurity.class)
	void aWarmedInstanceAnswersEveryQueryAsANewInstanceRendersIt(RowLevelSecurity rowLevelSecurity) {
		System.out.println("RenderedSelectsTests seed " + SEED + " (rerun with -Dtenancy.test.seed=" + SEED + ")");
		Random random = new Random(SEED);
		TenantStatements warmed = new TenantStatements(this.template.getConverter(), rowLevelSecurity);
		int rendered = 0;
		for (int i = 0; i < QUERIES; i++) {
			Query query = randomQuery(random);
			TenantContext context = context(random);
			int kind = random.nextInt(3);
			BiFunction<TenantStatements, TenantContext, TenantStatement> build = switch (kind) {
				case 0 -> (statements, tenant) -> statements.select(this.meta, tenant, query);
				case 1 -> (statements, tenant) -> statements.count(this.meta, tenant, query);
				default -> (statements, tenant) -> statements.exists(this.meta, tenant, query);
			};
			TenantStatement reused = build.apply(warmed, context);
			TenantStatement fresh = build.apply(new TenantStatements(this.template.getConverter(), rowLevelSecurity),
					context);
			assertThat(reused.toQuery()).as("SQL of query %d (seed %d): %s", i, SEED, query).isEqualTo(fresh.toQuery());
			assertThat(bound(reused)).as("bindings of query %d (seed %d): %s", i, SEED, query)
				.isEqualTo(bound(fresh))
				.containsEntry(0, context.tenantId().value());
			rendered++;
		}
		assertThat(rendered).isEqualTo(QUERIES);
	}

	@Test
	void queriesOfOneShapeShareTheirSqlAndBindTheirOwnValues() {
		TenantStatements statements = new TenantStatements(this.template.getConverter(), RowLevelSecurity.ENABLED);
		UUID first = UUID.randomUUID();
		UUID second = UUID.randomUUID();
		TenantContext alpha = context(new Random(1));
		TenantContext beta = context(new Random(2));
		TenantStatement one = statements.select(this.meta, alpha, Query.query(Criteria.where("id").is(first)));
		TenantStatement two = statements.select(this.meta, beta, Query.query(Criteria.where("id").is(second)));
		assertThat(two.toQuery()).isSameAs(one.toQuery()).contains("\"test_note\".\"tenant_id\" = $1");
		assertThat(bound(one)).containsExactly(Map.entry(0, alpha.tenantId().value()), Map.entry(1, first));
		assertThat(bound(two)).containsExactly(Map.entry(0, beta.tenantId().value()), Map.entry(1, second));
	}

	@ParameterizedTest
	@EnumSource(RowLevelSecurity.class)
	void aReadByIdIsTheSelectOfItsIdLimitedToTwoRows(RowLevelSecurity rowLevelSecurity) {
		System.out.println("RenderedSelectsTests seed " + SEED + " (rerun with -Dtenancy.test.seed=" + SEED + ")");
		Random random = new Random(SEED);
		TenantStatements warmed = new TenantStatements(this.template.getConverter(), rowLevelSecurity);
		for (int i = 0; i < QUERIES; i++) {
			// Mostly ids bound as they are; sometimes the text of one, which goes the
			// general way and is converted to the id property's type.
			UUID value = uuid(random);
			Object id = (random.nextInt(10) == 0) ? value.toString() : value;
			TenantContext context = context(random);
			TenantStatement byId = warmed.selectById(this.meta, context, id);
			TenantStatement general = new TenantStatements(this.template.getConverter(), rowLevelSecurity)
				.select(this.meta, context, Query.query(Criteria.where("id").is(id)).limit(2));
			assertThat(byId.toQuery()).as("SQL of read %d (seed %d): %s", i, SEED, id).isEqualTo(general.toQuery());
			assertThat(bound(byId)).as("bindings of read %d (seed %d): %s", i, SEED, id)
				.isEqualTo(bound(general))
				.containsExactly(Map.entry(0, context.tenantId().value()), Map.entry(1, value));
		}
	}

	@Test
	void aCollectionOfAnotherSizeIsAnotherShape() {
		TenantStatements statements = new TenantStatements(this.template.getConverter(), RowLevelSecurity.ENABLED);
		TenantContext alpha = context(new Random(1));
		TenantStatement two = statements.select(this.meta, alpha,
				Query.query(Criteria.where("id").in(UUID.randomUUID(), UUID.randomUUID())));
		TenantStatement three = statements.select(this.meta, alpha,
				Query.query(Criteria.where("id").in(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID())));
		assertThat(two.toQuery()).contains("IN ($2, $3)");
		assertThat(three.toQuery()).contains("IN ($2, $3, $4)");
		assertThat(bound(three)).hasSize(4);
	}

	private static Query randomQuery(Random random) {
		Criteria criteria = Criteria.empty();
		int criteriaCount = random.nextInt(4);
		for (int i = 0; i < criteriaCount; i++) {
			Criteria next = (random.nextInt(5) == 0) ? Criteria.from(criterion(random), criterion(random))
					: criterion(random);
			criteria = criteria.isEmpty() ? next : (random.nextBoolean() ? criteria.and(next) : criteria.or(next));
		}
		Query query = Query.query(criteria);
		if (random.nextBoolean()) {
			List<Sort.Order> orders = new ArrayList<>();
			for (String property : List.of("id", "body", "notebookId")) {
				if (random.nextBoolean()) {
					orders.add(random.nextBoolean() ? Sort.Order.asc(property) : Sort.Order.desc(property));
				}
			}
			query = query.sort(Sort.by(orders));
		}
		if (random.nextBoolean()) {
			query = query.limit(1 + random.nextInt(3));
		}
		if (random.nextInt(4) == 0) {
			query = query.offset(random.nextInt(3));
		}
		return query;
	}

	private static Criteria criterion(Random random) {
		if (random.nextInt(3) == 0) {
			Criteria.CriteriaStep body = Criteria.where("body");
			return switch (random.nextInt(6)) {
				case 0 -> body.is("b" + random.nextInt(3));
				case 1 -> body.like("%" + random.nextInt(3) + "%").ignoreCase(random.nextBoolean());
				case 2 -> body.isNull();
				case 3 -> body.in(values(random, () -> "b" + random.nextInt(9)));
				case 4 -> body.greaterThan("b" + random.nextInt(3));
				default -> body.not("b" + random.nextInt(3));
			};
		}
		Criteria.CriteriaStep column = Criteria.where(UUID_COLUMNS.get(random.nextInt(UUID_COLUMNS.size())));
		return switch (random.nextInt(5)) {
			case 0 -> column.is(uuid(random));
			case 1 -> column.in(values(random, () -> uuid(random)));
			case 2 -> column.notIn(values(random, () -> uuid(random)));
			case 3 -> column.isNotNull();
			default -> column.not(uuid(random));
		};
	}

	private static <T> List<T> values(Random random, java.util.function.Supplier<T> value) {
		List<T> values = new ArrayList<>();
		int count = 1 + random.nextInt(3);
		for (int i = 0; i < count; i++) {
			values.add(value.get());
		}
		return values;
	}

	private static UUID uuid(Random random) {
		return new UUID(random.nextLong(), random.nextLong());
	}

	private static TenantContext context(Random random) {
		Instant now = Instant.parse("2026-01-01T00:00:00Z");
		String key = "t" + random.nextInt(1_000);
		return TenantContext
			.of(new Tenant(new TenantId(uuid(random)), new TenantKey(key), key, TenantStatus.ACTIVE, now, now));
	}

	private static Map<Integer, Object> bound(TenantStatement statement) {
		Map<Integer, Object> values = new LinkedHashMap<>();
		statement.bindTo(new BindTarget() {

			@Override
			public void bind(String identifier, Object value) {
				throw new IllegalStateException("generated statements bind by index, not " + identifier);
			}

			@Override
			public void bind(int index, Object value) {
				values.put(index, value);
			}

			@Override
			public void bindNull(String identifier, Class<?> type) {
				throw new IllegalStateException("generated statements bind by index, not " + identifier);
			}

			@Override
			public void bindNull(int index, Class<?> type) {
				values.put(index, "null of " + type.getName());
			}

		});
		return values;
	}

	/** Statements are built without a database; nothing connects. */
	static final class NoDatabase implements ConnectionFactory {

		@Override
		public Publisher<? extends Connection> create() {
			throw new IllegalStateException("no database in unit tests");
		}

		@Override
		public ConnectionFactoryMetadata getMetadata() {
			return () -> "PostgreSQL";
		}

	}

}
