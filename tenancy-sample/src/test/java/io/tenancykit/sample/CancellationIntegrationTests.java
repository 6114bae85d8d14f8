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
 * Seeded: {@code -Dtenancy.cancellation.seed=…} replays a run's choices;
 * {@code -Dtenancy.cancellation.clients=8 -Dtenancy.cancellation.max-delay-millis=20}
 * lets more answers come before their clients give up, so more cancellations race a
 * response.
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
						+ " %d clients, pool %d, give up after 0-%d ms%n",
				SEED, SEED, CANCELLED, CLIENTS, POOL_SIZE, MAX_DELAY_MILLIS);
		Random random = new Random(SEED);
		AtomicInteger cancelled = new AtomicInteger();
		AtomicInteger sent = new AtomicInteger();
		Map<String, Integer> completed = new ConcurrentHashMap<>();
		AtomicInteger cutOffByClient = new AtomicInteger();
		HttpLoad load = new HttpLoad(running(), "cancellation", CLIENTS, SETTLE);
		long start = System.nanoTime();
		try {
			// Until enough were given up mid-flight: answers that came first do not
			// count.
			Flux.<Request>generate((sink) -> sink.next(next(random)))
				.takeWhile((request) -> cancelled.get() < CANCELLED)
				.flatMap((request) -> {
					sent.incrementAndGet();
					return request.send(load).take(Duration.ofMillis(request.delayMillis())).doOnNext((answer) -> {
						if (answer.closedByClient()) {
							cutOffByClient.incrementAndGet();
						}
						else {
							completed.merge(
									(answer.status() == 0) ? "0 " + answer.body() : Integer.toString(answer.status()),
									1, Integer::sum);
						}
					}).switchIfEmpty(Mono.fromRunnable(cancelled::incrementAndGet)).then();
				}, CLIENTS)
				.then()
				.block(SETTLE.multipliedBy(10));
		}
		finally {
			load.close();
		}
		Duration storm = Duration.ofNanos(System.nanoTime() - start);
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
		System.out.printf(
				"cancellation: %d requests sent in %d ms, %d cancelled mid-flight, answered first %s,"
						+ " %d responses cut off by the client closing its own reused connection%n",
				sent.get(), storm.toMillis(), cancelled.get(), new TreeMap<>(completed), cutOffByClient.get());
		System.out.printf(
				"cancellation: pool settled in %s: %d allocated, %d idle, %d acquired, %d pending;"
						+ " %d application backends, %d idle in transaction; next request %d in %d ms; rows %s,"
						+ " misplaced %d%n",
				settled, pool.allocatedSize(), pool.idleSize(), pool.acquiredSize(), pool.pendingAcquireSize(),
				backends[0], backends[1], next.status(), next.millis(), rows, misplaced.size());
		assertThat(cancelled.get()).as("requests cancelled mid-flight").isGreaterThanOrEqualTo(CANCELLED);
		assertThat(completed.keySet()).as("answers that came before the client gave up")
			.allMatch((status) -> status.startsWith("2") || status.equals("404"));
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

	private static Request next(Random random) {
		String tenant = TENANTS.get(random.nextInt(TENANTS.size()));
		int delay = random.nextInt(MAX_DELAY_MILLIS + 1);
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
