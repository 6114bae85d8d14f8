package io.tenancykit.sample;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.handler.codec.http.HttpMethod;
import io.r2dbc.pool.PoolMetrics;
import io.tenancykit.test.PostgresDatabase;
import io.tenancykit.test.PostgresTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The leak soak of issue 11: mixed reads and writes of many tenants, and requests naming
 * tenants that do not exist, from many keep-alive clients through a pool of two
 * connections. Every answer is checked against the caller (a listing holds only the
 * caller's projects, a write lands in the caller's tenant, another tenant's project is
 * "not found"); afterwards no connection is leaked and the database holds every
 * acknowledged write in its own tenant. Counts are asserted (no 5xx, no stall over 1 s,
 * no leak, no violation); latencies are printed.
 * <p>
 * Seeded: {@code -Dtenancy.soak.seed=…} replays a run's choices, and
 * {@code -Dtenancy.soak.requests=200000} makes a longer one.
 */
@PostgresTest
class LeakSoakIntegrationTests {

	private static final int TENANTS = 120;

	private static final int POOL_SIZE = 2;

	private static final int CLIENTS = 32;

	private static final int REQUESTS = Integer.getInteger("tenancy.soak.requests", 10_000);

	private static final long SEED = Long.getLong("tenancy.soak.seed", System.nanoTime());

	private static final Duration STALL = Duration.ofSeconds(1);

	/** A request not answered by then hangs: it counts as a stall and a 5xx. */
	private static final Duration HANG = Duration.ofSeconds(30);

	private static final int UNKNOWN_KEYS = 500;

	private static @Nullable PostgresDatabase database;

	private static @Nullable ConfigurableApplicationContext application;

	@BeforeAll
	static void startTheSampleOnAPoolOfTwo(PostgresDatabase db) throws SQLException {
		database = db;
		db.executeAsAdmin("GRANT pg_read_all_stats TO " + db.owner().username());
		application = SampleApplications.start(db, db.r2dbcUrl(),
				Map.of("spring.r2dbc.pool.max-size", Integer.toString(POOL_SIZE), "spring.r2dbc.pool.initial-size", "1",
						"logging.level.io.tenancykit.web.problem", "ERROR"));
		// After the migrations, which create the directory.
		try (Connection connection = db.openJdbc(db.owner()); Statement statement = connection.createStatement()) {
			statement.execute("INSERT INTO tenancy_tenant (id, key, display_name, status)"
					+ " SELECT gen_random_uuid(), 'soak-' || n, 'soak-' || n, 'ACTIVE' FROM generate_series(1, "
					+ TENANTS + ") AS n");
		}
	}

	@AfterAll
	static void stop() {
		if (application != null) {
			application.close();
		}
	}

	@Test
	void manyTenantsOnAPoolOfTwoLeakNothingAndSeeOnlyTheirOwnRows() throws Exception {
		System.out.printf("soak: seed %d (rerun with -Dtenancy.soak.seed=%d), %d requests, %d tenants, pool %d,"
				+ " %d keep-alive clients%n", SEED, SEED, REQUESTS, TENANTS, POOL_SIZE, CLIENTS);
		List<Operation> operations = operations(new Random(SEED));
		Tally tally = new Tally();
		HttpLoad load = new HttpLoad(running(), "soak", CLIENTS, HANG);
		long start = System.nanoTime();
		try {
			Flux.fromIterable(operations)
				.flatMap((operation) -> operation.send(load, tally), CLIENTS)
				.then()
				.block(HANG.multipliedBy(Math.max(1, REQUESTS / CLIENTS)));
		}
		finally {
			load.close();
		}
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		Duration drained = HttpLoad.awaitPoolIdle(running(), Duration.ofSeconds(5));
		PoolMetrics pool = HttpLoad.poolMetrics(running());
		int[] backends = new ProjectRows(db()).applicationBackends();
		int leaks = pool.acquiredSize() + pool.pendingAcquireSize() + backends[1];
		List<String> misplaced = misplacedRows();
		long[] latencies = tally.latencies.stream().mapToLong(Long::longValue).toArray();
		System.out.printf("soak: %d requests in %d ms over %d connections; by kind and answer %s%n", latencies.length,
				took.toMillis(), load.connectionsOpened(), new TreeMap<>(tally.byAnswer));
		System.out.printf(
				"soak: 5xx %d, stalls over %d ms %d (unknown-tenant requests among them %d), leaks %d, violations %d,"
						+ " misplaced rows %d; latency p50 %d ms, p99 %d ms, max %d ms%n",
				tally.serverErrors.get(), STALL.toMillis(), tally.stalls.get(), tally.unknownStalls.get(), leaks,
				tally.violationCount.get(), misplaced.size(), HttpLoad.percentileMillis(latencies, 50),
				HttpLoad.percentileMillis(latencies, 99), HttpLoad.percentileMillis(latencies, 100));
		System.out.printf(
				"soak: pool %d allocated, %d idle, %d acquired, %d pending (drained in %s);"
						+ " %d application backends, %d idle in transaction; %d writes acknowledged%n",
				pool.allocatedSize(), pool.idleSize(), pool.acquiredSize(), pool.pendingAcquireSize(), drained,
				backends[0], backends[1], tally.created.size());
		assertThat(latencies).as("answers").hasSize(REQUESTS);
		assertThat(tally.violations).as("answers that break tenant isolation or the contract").isEmpty();
		assertThat(tally.serverErrors.get()).as("5xx answers or no answer").isZero();
		assertThat(tally.stalls.get()).as("requests answered after more than %s", STALL).isZero();
		assertThat(leaks).as("connections acquired or pending, backends idle in transaction").isZero();
		assertThat(backends[0]).as("application backends").isLessThanOrEqualTo(POOL_SIZE);
		assertThat(misplaced).as("stored rows in the wrong tenant, or acknowledged writes missing").isEmpty();
	}

	private static List<Operation> operations(Random random) {
		List<Operation> operations = new ArrayList<>(REQUESTS);
		for (int i = 0; i < REQUESTS; i++) {
			int pick = random.nextInt(100);
			String tenant = "soak-" + (1 + random.nextInt(TENANTS));
			Kind kind;
			if (pick < 45) {
				kind = Kind.LIST;
			}
			else if (pick < 70) {
				kind = Kind.CREATE;
			}
			else if (pick < 80) {
				kind = Kind.READ_OWN;
			}
			else if (pick < 88) {
				kind = Kind.READ_OTHERS;
			}
			else {
				kind = Kind.UNKNOWN_TENANT;
				tenant = "nobody-" + random.nextInt(UNKNOWN_KEYS);
			}
			operations.add(new Operation(i, kind, tenant, random.nextLong()));
		}
		return operations;
	}

	/** Stored rows whose name does not start with their tenant's key, and lost writes. */
	private static List<String> misplacedRows() throws SQLException {
		Map<String, List<String>> stored = new ProjectRows(db()).namesByTenant();
		List<String> misplaced = new ArrayList<>();
		stored.forEach((tenant, names) -> names.stream()
			.filter((name) -> !name.startsWith(tenant + "/"))
			.forEach((name) -> misplaced.add(tenant + " holds " + name)));
		return misplaced;
	}

	private static PostgresDatabase db() {
		assertThat(database).as("database").isNotNull();
		return database;
	}

	private static ConfigurableApplicationContext running() {
		assertThat(application).as("application").isNotNull();
		return application;
	}

	enum Kind {

		LIST, CREATE, READ_OWN, READ_OTHERS, UNKNOWN_TENANT

	}

	/**
	 * One request of the soak and the check of its answer.
	 */
	record Operation(int index, Kind kind, String tenant, long choice) {

		Mono<Void> send(HttpLoad load, Tally tally) {
			return answer(load, tally).then();
		}

		private Mono<HttpLoad.Answer> answer(HttpLoad load, Tally tally) {
			return switch (this.kind) {
				case LIST -> load.send(HttpMethod.GET, "/api/projects?size=20", this.tenant, null)
					.doOnNext((answer) -> tally.record(this, answer, 200, this::ownListing));
				case CREATE -> {
					String name = this.tenant + "/" + this.index;
					yield load.send(HttpMethod.POST, "/api/projects", this.tenant, Map.of("name", name))
						.doOnNext((answer) -> tally.record(this, answer, 201, (body) -> {
							Object id = body.get("id");
							if (!name.equals(body.get("name")) || id == null) {
								return "created " + body + " for " + name;
							}
							tally.created.add(new Created(this.tenant, id.toString()));
							return null;
						}));
				}
				case READ_OWN, READ_OTHERS -> {
					Created target = tally.pick(this);
					if (target == null) {
						yield load.send(HttpMethod.GET, "/api/projects?size=20", this.tenant, null)
							.doOnNext((answer) -> tally.record(this, answer, 200, this::ownListing));
					}
					boolean own = target.tenant().equals(this.tenant);
					yield load.send(HttpMethod.GET, "/api/projects/" + target.id(), this.tenant, null)
						.doOnNext((answer) -> tally.record(this, answer, own ? 200 : 404, (body) -> {
							if (own) {
								return target.id().equals(body.get("id")) ? null : "read " + body;
							}
							return "not-found".equals(body.get("code")) ? null : "another tenant's row: " + body;
						}));
				}
				case UNKNOWN_TENANT -> load.send(HttpMethod.GET, "/api/projects?size=20", this.tenant, null)
					.doOnNext((answer) -> tally.record(this, answer, 404,
							(body) -> "tenant-unknown".equals(body.get("code")) ? null : "unknown tenant: " + body));
			};
		}

		private @Nullable String ownListing(Map<String, Object> body) {
			Object items = body.get("items");
			if (!(items instanceof List<?> list)) {
				return "listing without items: " + body;
			}
			for (Object item : list) {
				Object name = (item instanceof Map<?, ?> project) ? project.get("name") : null;
				if (!(name instanceof String text) || !text.startsWith(this.tenant + "/")) {
					return "listing of " + this.tenant + " holds " + item;
				}
			}
			return null;
		}

	}

	record Created(String tenant, String id) {
	}

	/**
	 * The counts of a run, shared by the concurrent requests.
	 */
	static final class Tally {

		final Map<String, Integer> byAnswer = new ConcurrentHashMap<>();

		final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());

		final List<String> violations = new CopyOnWriteArrayList<>();

		final AtomicInteger serverErrors = new AtomicInteger();

		final AtomicInteger stalls = new AtomicInteger();

		final AtomicInteger unknownStalls = new AtomicInteger();

		final List<Created> created = new CopyOnWriteArrayList<>();

		final AtomicInteger violationCount = new AtomicInteger();

		@Nullable Created pick(Operation operation) {
			List<Created> candidates = this.created.stream()
				.filter((row) -> row.tenant().equals(operation.tenant()) == (operation.kind() == Kind.READ_OWN))
				.toList();
			if (candidates.isEmpty()) {
				return null;
			}
			return candidates.get((int) Math.floorMod(operation.choice(), (long) candidates.size()));
		}

		void record(Operation operation, HttpLoad.Answer answer, int expected, Check check) {
			this.latencies.add(answer.nanos());
			this.byAnswer.merge(operation.kind() + " " + answer.status(), 1, Integer::sum);
			if (answer.status() >= 500 || answer.status() <= 0) {
				this.serverErrors.incrementAndGet();
			}
			if (answer.nanos() > STALL.toNanos()) {
				this.stalls.incrementAndGet();
				if (operation.kind() == Kind.UNKNOWN_TENANT) {
					this.unknownStalls.incrementAndGet();
				}
			}
			String violation;
			if (answer.status() != expected) {
				violation = "expected " + expected + ", got " + answer.status() + " " + answer.body();
			}
			else {
				violation = check.violation(HttpLoad.object(answer.body()));
			}
			if (violation != null) {
				this.violationCount.incrementAndGet();
				if (this.violations.size() < 20) {
					this.violations.add(operation + ": " + violation);
				}
			}
		}

	}

	@FunctionalInterface
	interface Check {

		@Nullable String violation(Map<String, Object> body);

	}

}
