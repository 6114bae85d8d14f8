package io.tenancykit.sample;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.handler.codec.http.HttpMethod;
import io.r2dbc.pool.PoolMetrics;
import io.tenancykit.test.PostgresDatabase;
import io.tenancykit.test.PostgresTest;
import io.tenancykit.test.TestTenants;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests given up by their clients mid-flight, at seeded random points (before the
 * tenant is resolved, while a connection is awaited, while a statement runs, while the
 * answer is written): the sample, on a pool of two connections, must afterwards hold no
 * connection, leave no backend idle in a transaction, answer the next request, and every
 * tenant must still see only its own rows. Figures are printed; counts are asserted.
 * <p>
 * Two phases: a storm of many clients on the pool of two, in which most requests are
 * given up while they wait; then a racing phase of 8 clients giving up within twice the
 * median time an answer takes (measured first), in which answers race their clients'
 * cancellations, so that requests are also given up while their answer is written.
 * <p>
 * Seeded: {@code -Dtenancy.cancellation.seed=…} replays a run's choices;
 * {@code -Dtenancy.cancellation.requests}, {@code -Dtenancy.cancellation.clients},
 * {@code -Dtenancy.cancellation.max-delay-millis} and
 * {@code -Dtenancy.cancellation.racing-requests} size the phases.
 * <p>
 * A response cut off because the client closed its own connection is not an answer of the
 * server: Reactor Netty's pooled client can close a connection it has already reused when
 * a cancellation races the previous response (see {@link HttpLoad}). Those are counted
 * and printed apart; a response the server cut off fails the test.
 */
@PostgresTest
class CancellationIntegrationTests {

	private static final int POOL_SIZE = 2;

	private static final int CLIENTS = Integer.getInteger("tenancy.cancellation.clients", 64);

	private static final int CANCELLED = Integer.getInteger("tenancy.cancellation.requests", 5_000);

	private static final long SEED = Long.getLong("tenancy.cancellation.seed", System.nanoTime());

	/** Clients give up after a random delay up to this. */
	private static final int MAX_DELAY_MILLIS = Integer.getInteger("tenancy.cancellation.max-delay-millis", 40);

	private static final int RACING_CLIENTS = 8;

	/** Listings answered, not given up, to measure how long an answer takes. */
	private static final int RACING_SAMPLE = 200;

	private static final int RACING_CANCELLED = Integer.getInteger("tenancy.cancellation.racing-requests", 1_000);

	/** Bounds the time the pool may take to settle once the clients are gone. */
	private static final Duration SETTLE = Duration.ofSeconds(30);

	private static final List<String> TENANTS = List.of("acme", "globex", "umbrella", "hooli");

	private static @Nullable PostgresDatabase database;

	private static @Nullable ConfigurableApplicationContext application;

	@BeforeAll
	static void startTheSampleOnAPoolOfTwo(PostgresDatabase db) throws SQLException {
		database = db;
		db.executeAsAdmin("GRANT pg_read_all_stats TO " + db.owner().username());
		application = SampleApplications.start(db, db.r2dbcUrl(), Map.of("spring.r2dbc.pool.max-size",
				Integer.toString(POOL_SIZE), "spring.r2dbc.pool.initial-size", "1"));
		TestTenants tenants = new TestTenants(db);
		tenants.create("umbrella");
		tenants.create("hooli");
	}

	@AfterAll
	static void stop() {
		if (application != null) {
			application.close();
		}
	}

	@Test
	void requestsCancelledMidFlightLeaveNoConnectionOrTransactionBehind() throws Exception {
		System.out.printf(
				"cancellation: seed %d (rerun with -Dtenancy.cancellation.seed=%d), %d requests to cancel,"
						+ " %d clients, pool %d, give up after 0-%d ms; then %d racing their answers, %d clients%n",
				SEED, SEED, CANCELLED, CLIENTS, POOL_SIZE, MAX_DELAY_MILLIS, RACING_CANCELLED, RACING_CLIENTS);
		Random random = new Random(SEED);
		// Many clients on a pool of two: most requests are given up while they wait.
		Storm storm = storm("storm", random, CLIENTS, MAX_DELAY_MILLIS, CANCELLED);
		// Few clients giving up around the time an answer takes: answers race their
		// clients' cancellations, so that requests are also given up while their answer
		// is written, on a fast machine as on a slow one.
		int answerMillis = medianAnswerMillis(RACING_CLIENTS);
		int racingMaxDelay = Math.max(2, 2 * answerMillis);
		System.out.printf("cancellation: racing: median answer %d ms with %d clients, give up after 0-%d ms%n",
				answerMillis, RACING_CLIENTS, racingMaxDelay);
		Storm racing = storm("racing", random, RACING_CLIENTS, racingMaxDelay, RACING_CANCELLED);
		Duration settled = HttpLoad.awaitPoolIdle(running(), SETTLE);
		PoolMetrics pool = HttpLoad.poolMetrics(running());
		int[] backends = new ProjectRows(db()).applicationBackends();
		HttpLoad after = new HttpLoad(running(), "after-cancellation", 1, SETTLE);
		HttpLoad.Answer next;
		try {
			next = after.send(HttpMethod.GET, "/api/projects?size=1", "acme", null).block();
		}
		finally {
			after.close();
		}
		assertThat(next).isNotNull();
		Map<String, List<String>> stored = new ProjectRows(db()).namesByTenant();
		List<String> misplaced = new ArrayList<>();
		stored.forEach((tenant, names) -> names.stream()
			.filter((name) -> !name.startsWith(tenant + "/"))
			.forEach((name) -> misplaced.add(tenant + " holds " + name)));
		Map<String, Integer> rows = new TreeMap<>();
		stored.forEach((tenant, names) -> rows.put(tenant, names.size()));
		storm.print();
		racing.print();
		System.out.printf(
				"cancellation: pool settled in %s: %d allocated, %d idle, %d acquired, %d pending;"
						+ " %d application backends, %d idle in transaction; next request %d in %d ms; rows %s,"
						+ " misplaced %d%n",
				settled, pool.allocatedSize(), pool.idleSize(), pool.acquiredSize(), pool.pendingAcquireSize(),
				backends[0], backends[1], next.status(), next.millis(), rows, misplaced.size());
		for (Storm phase : List.of(storm, racing)) {
			assertThat(phase.cancelled()).as("%s: requests cancelled mid-flight", phase.name())
				.isGreaterThanOrEqualTo(phase.toCancel());
			assertThat(phase.answered().keySet()).as("%s: answers that came before the client gave up", phase.name())
				.allMatch((status) -> status.startsWith("2") || status.equals("404"));
		}
		assertThat(settled).as("pool settled (no acquired connection) within %s", SETTLE).isNotNull();
		assertThat(pool.acquiredSize() + pool.pendingAcquireSize()).as("connections still acquired").isZero();
		assertThat(backends[1]).as("backends idle in transaction").isZero();
		assertThat(backends[0]).as("application backends").isLessThanOrEqualTo(POOL_SIZE);
		assertThat(next.status()).as("the next request: %s", next.body()).isEqualTo(200);
		assertThat(misplaced).as("rows stored in another tenant").isEmpty();
		for (String tenant : TENANTS) {
			assertThat(listing(tenant)).as("names listed for %s", tenant)
				.allMatch((name) -> name.startsWith(tenant + "/"));
		}
	}

	/**
	 * Send requests until {@code toCancel} were given up mid-flight by their clients:
	 * answers that came first do not count.
	 */
	private static Storm storm(String name, Random random, int clients, int maxDelayMillis, int toCancel) {
		AtomicInteger cancelled = new AtomicInteger();
		AtomicInteger sent = new AtomicInteger();
		Map<String, Integer> answered = new ConcurrentHashMap<>();
		AtomicInteger cutOffByClient = new AtomicInteger();
		HttpLoad load = new HttpLoad(running(), "cancellation-" + name, clients, SETTLE);
		long start = System.nanoTime();
		try {
			Flux.<Request>generate((sink) -> sink.next(next(random, maxDelayMillis)))
				.takeWhile((request) -> cancelled.get() < toCancel)
				.flatMap((request) -> {
					sent.incrementAndGet();
					return request.send(load).take(Duration.ofMillis(request.delayMillis())).doOnNext((answer) -> {
						if (answer.closedByClient()) {
							cutOffByClient.incrementAndGet();
						}
						else {
							answered.merge(
									(answer.status() == 0) ? "0 " + answer.body() : Integer.toString(answer.status()),
									1, Integer::sum);
						}
					}).switchIfEmpty(Mono.fromRunnable(cancelled::incrementAndGet)).then();
				}, clients)
				.then()
				.block(SETTLE.multipliedBy(10));
		}
		finally {
			load.close();
		}
		return new Storm(name, toCancel, sent.get(), cancelled.get(), new TreeMap<>(answered), cutOffByClient.get(),
				Duration.ofNanos(System.nanoTime() - start));
	}

	/**
	 * Return the median time the sample takes to answer a listing with {@code clients}
	 * concurrent clients, none of which gives up; every answer must be a 200.
	 */
	private static int medianAnswerMillis(int clients) {
		HttpLoad load = new HttpLoad(running(), "cancellation-sample", clients, SETTLE);
		try {
			List<HttpLoad.Answer> answers = Flux.range(0, RACING_SAMPLE)
				.flatMap((i) -> load.send(HttpMethod.GET, "/api/projects?size=20", TENANTS.get(i % TENANTS.size()),
						null), clients)
				.collectList()
				.block(SETTLE.multipliedBy(4));
			assertThat(answers).isNotNull()
				.hasSize(RACING_SAMPLE)
				.allSatisfy((answer) -> assertThat(answer.status()).as(answer.body()).isEqualTo(200));
			long[] nanos = answers.stream().mapToLong(HttpLoad.Answer::nanos).toArray();
			return (int) HttpLoad.percentileMillis(nanos, 50);
		}
		finally {
			load.close();
		}
	}

	private static Request next(Random random, int maxDelayMillis) {
		String tenant = TENANTS.get(random.nextInt(TENANTS.size()));
		int delay = random.nextInt(maxDelayMillis + 1);
		int pick = random.nextInt(10);
		Kind kind = (pick < 5) ? Kind.LIST : (pick < 9) ? Kind.CREATE : Kind.SEARCH;
		return new Request(kind, tenant, delay, random.nextLong());
	}

	private static List<String> listing(String tenant) {
		HttpLoad load = new HttpLoad(running(), "listing", 1, SETTLE);
		try {
			HttpLoad.Answer answer = load.send(HttpMethod.GET, "/api/projects?size=100", tenant, null).block();
			assertThat(answer).isNotNull();
			assertThat(answer.status()).as(answer.body()).isEqualTo(200);
			List<String> names = new ArrayList<>();
			Object items = HttpLoad.object(answer.body()).get("items");
			if (items instanceof List<?> list) {
				for (Object item : list) {
					if (item instanceof Map<?, ?> project) {
						names.add(String.valueOf(project.get("name")));
					}
				}
			}
			return names;
		}
		finally {
			load.close();
		}
	}

	private static PostgresDatabase db() {
		assertThat(database).as("database").isNotNull();
		return database;
	}

	private static ConfigurableApplicationContext running() {
		assertThat(application).as("application").isNotNull();
		return application;
	}

	/**
	 * What one phase of requests given up by their clients did.
	 */
	record Storm(String name, int toCancel, int sent, int cancelled, Map<String, Integer> answered, int cutOffByClient,
			Duration took) {

		void print() {
			System.out.printf(
					"cancellation: %s: %d requests sent in %d ms, %d cancelled mid-flight, answered first %s,"
							+ " %d responses cut off by the client closing its own reused connection%n",
					this.name, this.sent, this.took.toMillis(), this.cancelled, this.answered, this.cutOffByClient);
		}

	}

	enum Kind {

		LIST, CREATE, SEARCH

	}

	/**
	 * One request and when its client gives up.
	 */
	record Request(Kind kind, String tenant, int delayMillis, long choice) {

		Mono<HttpLoad.Answer> send(HttpLoad load) {
			return switch (this.kind) {
				case LIST -> load.send(HttpMethod.GET, "/api/projects?size=20", this.tenant, null);
				case CREATE -> load.send(HttpMethod.POST, "/api/projects", this.tenant,
						Map.of("name", this.tenant + "/" + Long.toHexString(this.choice)));
				case SEARCH -> load.send(HttpMethod.GET,
						"/api/projects?size=20&q=" + Long.toHexString(this.choice & 0xff), this.tenant, null);
			};
		}

	}

}
