package io.tenancykit.sample;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.PoolMetrics;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.tenancykit.test.PostgresDatabase;
import io.tenancykit.test.PostgresTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault suite: the real sample, its R2DBC connections running through a
 * {@link TcpProxy} the test controls, against a real PostgreSQL. A locked table, a pool
 * held by locked statements, backends terminated mid-request and a server stopped and
 * restarted answer 503 problems with {@code Retry-After}, never a 500, never a hang (a
 * request not answered within the request deadline plus a margin fails the test); no
 * acknowledged write is lost and none is half done; service recovers within 5 s of the
 * database returning; the pool returns to idle with no connection leaked. Figures are
 * printed, not asserted.
 */
@PostgresTest
class DatabaseFaultIntegrationTests {

	private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(1);

	private static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(2);

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

	/** A request not answered by then hangs, and fails the test. */
	private static final Duration CLIENT_TIMEOUT = REQUEST_TIMEOUT.plusSeconds(10);

	private static final Duration RECOVERY = Duration.ofSeconds(5);

	private static final int POOL_SIZE = 4;

	private static final String ACME = "acme";

	private static final String GLOBEX = "globex";

	private static final String ACME_ID = "0b9f6c3e-5d1a-4c1e-9a57-4f1b2c3d4e01";

	private static final List<String> RETRYABLE_CODES = List.of("database-unavailable", "deadline-exceeded",
			"tenant-directory-unavailable");

	private static @Nullable PostgresDatabase database;

	private static @Nullable TcpProxy proxy;

	private static @Nullable ConfigurableApplicationContext application;

	private static @Nullable WebClient client;

	// Across the tests of the class: the rows of earlier tests stay in the database.
	private static final Map<String, Boolean> attemptedNames = new ConcurrentHashMap<>();

	private static final Map<String, Boolean> acknowledgedNames = new ConcurrentHashMap<>();

	@BeforeAll
	static void startApplicationBehindAProxy(PostgresDatabase db) throws SQLException {
		database = db;
		// The owner may then terminate the application's backends and read their state.
		db.executeAsAdmin("GRANT pg_signal_backend, pg_read_all_stats TO " + db.owner().username());
		TcpProxy started = new TcpProxy(db.host(), db.port());
		proxy = started;
		String url = "r2dbc:postgresql://127.0.0.1:" + started.port() + "/" + db.databaseName();
		// A cold JVM on a loaded machine can take longer than the acquire timeout to open
		// its first connection (driver classes, event loops), and startup fails: open one
		// through the proxy first.
		ConnectionFactory warmUp = ConnectionFactories.get(ConnectionFactoryOptions.parse(url)
			.mutate()
			.option(ConnectionFactoryOptions.USER, db.application().username())
			.option(ConnectionFactoryOptions.PASSWORD, db.application().password())
			.build());
		Mono.usingWhen(warmUp.create(), (connection) -> Mono.empty(), io.r2dbc.spi.Connection::close)
			.block(Duration.ofMinutes(1));
		application = SampleApplications.start(db, url,
				Map.of("tenancy.persistence.statement-timeout", STATEMENT_TIMEOUT.toMillis() + "ms",
						"tenancy.web.request-timeout", REQUEST_TIMEOUT.toMillis() + "ms", "spring.r2dbc.pool.max-size",
						Integer.toString(POOL_SIZE), "spring.r2dbc.pool.initial-size", "1",
						"spring.r2dbc.pool.max-acquire-time", ACQUIRE_TIMEOUT.toMillis() + "ms"));
		String port = application.getEnvironment().getRequiredProperty("local.server.port");
		client = WebClient.builder().baseUrl("http://127.0.0.1:" + port).build();
		System.out.printf(
				"fault suite: statement timeout %d ms, acquire timeout %d ms, request deadline %d ms,"
						+ " pool %d, client gives up after %d ms%n",
				STATEMENT_TIMEOUT.toMillis(), ACQUIRE_TIMEOUT.toMillis(), REQUEST_TIMEOUT.toMillis(), POOL_SIZE,
				CLIENT_TIMEOUT.toMillis());
	}

	@AfterAll
	static void stop() {
		if (application != null) {
			application.close();
		}
		if (proxy != null) {
			proxy.close();
		}
	}

	@AfterEach
	void databaseBackAndPoolIdle() throws Exception {
		proxy().start();
		awaitRecovery("after test");
		assertPoolIdleAndNothingLeaked();
		assertNoWriteLostOrInvented();
	}

	@Test
	void aLockedTableAndAnExhaustedPoolAnswer503WithinTheTimeouts() throws Exception {
		Outcomes outcomes;
		try (Connection lock = owner(); LogCapture logs = LogCapture.root()) {
			lock.setAutoCommit(false);
			execute(lock, "LOCK TABLE project IN ACCESS EXCLUSIVE MODE");
			// Four times the pool: four wait on the lock until the statement
			// timeout, the others for a connection, until the acquire timeout or
			// their own turn at the lock.
			outcomes = send(POOL_SIZE * 4, POOL_SIZE * 4, this::mixedRequest);
			lock.rollback();
			printReasons("locked table", logs);
		}
		outcomes.print("locked table, pool exhausted");
		outcomes.assertAnsweredOnly(503);
		awaitRecovery("locked table");
	}

	@Test
	void otherTenantsKeepFlowingWhileOneTenantsRowIsLocked() throws Exception {
		String id = create(ACME, "locked-row-" + UUID.randomUUID());
		Outcomes lockedTenant;
		Outcomes otherTenant;
		try (Connection lock = owner()) {
			lock.setAutoCommit(false);
			// The table forces row-level security on its owner too: set the tenant first.
			execute(lock, "SELECT set_config('tenancy.tenant_id', '" + ACME_ID + "', true)");
			execute(lock, "SELECT id FROM project WHERE id = '" + id + "' FOR UPDATE");
			Duration window = STATEMENT_TIMEOUT.multipliedBy(4);
			Mono<Outcomes> blocked = Mono
				.fromCallable(() -> sendFor(window, POOL_SIZE,
						() -> request(HttpMethod.PUT, "/api/projects/" + id, ACME, Map.of("name", "renamed"))))
				.subscribeOn(Schedulers.boundedElastic());
			Mono<Outcomes> flowing = Mono
				.fromCallable(
						() -> sendFor(window, 2, () -> request(HttpMethod.GET, "/api/projects?size=5", GLOBEX, null)))
				.subscribeOn(Schedulers.boundedElastic());
			var both = Mono.zip(blocked, flowing).block(window.plus(CLIENT_TIMEOUT).plus(CLIENT_TIMEOUT));
			assertThat(both).isNotNull();
			lockedTenant = both.getT1();
			otherTenant = both.getT2();
			lock.rollback();
		}
		lockedTenant.print("row lock: acme PUT on the locked row");
		otherTenant.print("row lock: globex GET meanwhile");
		lockedTenant.assertAnsweredOnly(503);
		otherTenant.assertAnsweredOnly(200, 503);
		assertThat(otherTenant.count(200)).as("globex requests served while acme's row was locked").isPositive();
	}

	@Test
	void backendsTerminatedMidRequestAnswer503AndServiceRecovers() throws Exception {
		Outcomes outcomes;
		int terminated;
		try (Connection lock = owner(); Connection admin = owner(); LogCapture logs = LogCapture.root()) {
			lock.setAutoCommit(false);
			execute(lock, "LOCK TABLE project IN ACCESS EXCLUSIVE MODE");
			Mono<Outcomes> inFlight = Mono.fromCallable(() -> send(POOL_SIZE, POOL_SIZE, this::mixedRequest))
				.subscribeOn(Schedulers.boundedElastic());
			Mono<Integer> terminate = Mono.delay(STATEMENT_TIMEOUT.dividedBy(3))
				.map((tick) -> terminateApplicationBackends(admin));
			var both = Mono.zip(inFlight, terminate).block(CLIENT_TIMEOUT.multipliedBy(2));
			assertThat(both).isNotNull();
			outcomes = both.getT1();
			terminated = both.getT2();
			lock.rollback();
			printReasons("terminated backends", logs);
		}
		System.out.printf("terminated backends: %d backends terminated mid-request%n", terminated);
		outcomes.print("terminated backends");
		outcomes.assertAnsweredOnly(200, 201, 503);
		assertThat(terminated).as("backends terminated").isPositive();
		awaitRecovery("terminated backends");
	}

	@Test
	void aStoppedServerAnswers503AndServiceRecoversWhenItReturns() throws Exception {
		create(ACME, "before-stop-" + UUID.randomUUID());
		proxy().stop();
		Outcomes outcomes = sendFor(STATEMENT_TIMEOUT.multipliedBy(3), POOL_SIZE, this::mixedRequest);
		outcomes.print("server stopped");
		outcomes.assertAnsweredOnly(503);
		proxy().start();
		awaitRecovery("server restarted");
	}

	// -------------------------------------------------------------------------

	private Mono<Outcome> mixedRequest() {
		int pick = RequestCounter.next();
		String tenant = (pick % 2 == 0) ? ACME : GLOBEX;
		if (pick % 3 == 0) {
			String name = "fault-" + UUID.randomUUID();
			attemptedNames.put(name, true);
			return request(HttpMethod.POST, "/api/projects", tenant, Map.of("name", name)).doOnNext((outcome) -> {
				if (outcome.status() == 201) {
					acknowledgedNames.put(name, true);
				}
			});
		}
		return request(HttpMethod.GET, "/api/projects?size=5", tenant, null);
	}

	private static Mono<Outcome> request(HttpMethod method, String uri, String tenant, @Nullable Object body) {
		long start = System.nanoTime();
		WebClient.RequestBodySpec spec = client().method(method).uri(uri).header("X-Tenant-ID", tenant);
		WebClient.RequestHeadersSpec<?> ready = (body != null)
				? spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body) : spec;
		return ready
			.exchangeToMono((response) -> response.bodyToMono(String.class)
				.defaultIfEmpty("")
				.map((text) -> new Outcome(response.statusCode().value(),
						String.valueOf(response.headers().contentType().orElse(null)),
						response.headers().asHttpHeaders().getFirst("Retry-After"), text, elapsed(start))))
			.timeout(CLIENT_TIMEOUT)
			.onErrorResume((ex) -> Mono.just(new Outcome(-1, "", null, ex.getClass().getName(), elapsed(start))));
	}

	private static Outcomes send(int requests, int concurrency, Supplier<Mono<Outcome>> request) {
		List<Outcome> outcomes = Flux.range(0, requests)
			.flatMap((i) -> Mono.defer(request::get), concurrency)
			.collectList()
			.block(CLIENT_TIMEOUT.multipliedBy(requests));
		return new Outcomes(List.copyOf(Objects.requireNonNull(outcomes)));
	}

	private static Outcomes sendFor(Duration window, int concurrency, Supplier<Mono<Outcome>> request) {
		long end = System.nanoTime() + window.toNanos();
		List<Outcome> outcomes = Flux.range(0, concurrency)
			.flatMap((worker) -> Mono.defer(request::get).repeat(() -> System.nanoTime() < end), concurrency)
			.collectList()
			.block(window.plus(CLIENT_TIMEOUT).plus(CLIENT_TIMEOUT));
		return new Outcomes(List.copyOf(Objects.requireNonNull(outcomes)));
	}

	private String create(String tenant, String name) {
		attemptedNames.put(name, true);
		Outcome created = request(HttpMethod.POST, "/api/projects", tenant, Map.of("name", name)).block();
		assertThat(created).isNotNull();
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		acknowledgedNames.put(name, true);
		String marker = "\"id\":\"";
		int at = created.body().indexOf(marker) + marker.length();
		return created.body().substring(at, at + 36);
	}

	private static void awaitRecovery(String scenario) throws InterruptedException {
		long start = System.nanoTime();
		long deadline = start + RECOVERY.toNanos();
		int attempts = 0;
		while (true) {
			attempts++;
			Outcome outcome = request(HttpMethod.GET, "/api/projects?size=1", GLOBEX, null).block();
			if (outcome != null && outcome.status() == 200) {
				System.out.printf("%s: recovered in %d ms (%d attempts)%n", scenario, elapsed(start), attempts);
				return;
			}
			assertThat(System.nanoTime()).as("%s: not recovered within %s, last answer %s", scenario, RECOVERY, outcome)
				.isLessThan(deadline);
			Thread.sleep(50);
		}
	}

	private static void assertPoolIdleAndNothingLeaked() throws Exception {
		ConnectionFactory factory = running().getBean(ConnectionFactory.class);
		assertThat(factory).isInstanceOf(ConnectionPool.class);
		PoolMetrics metrics = ((ConnectionPool) factory).getMetrics().orElseThrow();
		long deadline = System.nanoTime() + RECOVERY.toNanos();
		while (metrics.acquiredSize() > 0 && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
		assertThat(metrics.acquiredSize()).as("connections still acquired").isZero();
		assertThat(metrics.pendingAcquireSize()).as("acquisitions still pending").isZero();
		assertThat(metrics.allocatedSize()).as("connections allocated").isLessThanOrEqualTo(POOL_SIZE);
		try (Connection connection = owner();
				PreparedStatement statement = connection.prepareStatement(
						"SELECT count(*) FILTER (WHERE state LIKE 'idle in transaction%'), count(*) FROM pg_stat_activity"
								+ " WHERE usename = ? AND datname = current_database()")) {
			statement.setString(1, db().application().username());
			try (ResultSet rows = statement.executeQuery()) {
				rows.next();
				assertThat(rows.getInt(1)).as("backends idle in transaction").isZero();
				assertThat(rows.getInt(2)).as("backends of the application role").isLessThanOrEqualTo(POOL_SIZE);
				System.out.printf("pool: %d allocated, %d idle, %d acquired; %d application backends%n",
						metrics.allocatedSize(), metrics.idleSize(), metrics.acquiredSize(), rows.getInt(2));
			}
		}
	}

	private void assertNoWriteLostOrInvented() throws SQLException {
		List<String> stored = new ArrayList<>();
		try (Connection connection = owner(); Statement statement = connection.createStatement()) {
			// The owner is subject to forced row-level security: read as each tenant.
			for (String tenantId : new String[] { ACME_ID, "0b9f6c3e-5d1a-4c1e-9a57-4f1b2c3d4e02" }) {
				connection.setAutoCommit(false);
				statement.execute("SELECT set_config('tenancy.tenant_id', '" + tenantId + "', true)");
				try (ResultSet rows = statement.executeQuery("SELECT name FROM project")) {
					while (rows.next()) {
						stored.add(rows.getString(1));
					}
				}
				connection.rollback();
			}
		}
		List<String> ours = stored.stream().filter(attemptedNames::containsKey).toList();
		assertThat(ours).as("acknowledged writes stored").containsAll(acknowledgedNames.keySet());
		assertThat(stored.stream().filter((name) -> name.startsWith("fault-")).toList())
			.as("stored writes that were attempted")
			.allMatch(attemptedNames::containsKey);
		System.out.printf("writes: %d attempted, %d acknowledged, %d stored (%d stored without acknowledgement)%n",
				attemptedNames.size(), acknowledgedNames.size(), ours.size(), ours.size() - acknowledgedNames.size());
	}

	private static int terminateApplicationBackends(Connection admin) {
		try (PreparedStatement statement = admin.prepareStatement("SELECT count(*) FILTER (WHERE"
				+ " pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = ? AND datname = current_database()")) {
			statement.setString(1, db().application().username());
			try (ResultSet rows = statement.executeQuery()) {
				rows.next();
				return rows.getInt(1);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void printReasons(String scenario, LogCapture logs) {
		Map<String, Integer> reasons = new TreeMap<>();
		for (ILoggingEvent event : logs.events()) {
			if (event.getLoggerName().endsWith("TenancyProblemExceptionHandler")) {
				String code = keyValue(event, "code");
				String reason = keyValue(event, "reason");
				reasons.merge(code + "/" + reason + "/" + keyValue(event, "sqlstate"), 1, Integer::sum);
			}
		}
		System.out.printf("%s: logged failures by code/reason/sqlstate %s%n", scenario, reasons);
	}

	private static String keyValue(ILoggingEvent event, String key) {
		List<KeyValuePair> pairs = event.getKeyValuePairs();
		if (pairs != null) {
			for (KeyValuePair pair : pairs) {
				if (pair.key.equals(key)) {
					return String.valueOf(pair.value);
				}
			}
		}
		return "-";
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static Connection owner() throws SQLException {
		return db().openJdbc(db().owner());
	}

	private static long elapsed(long start) {
		return Duration.ofNanos(System.nanoTime() - start).toMillis();
	}

	private static PostgresDatabase db() {
		assertThat(database).as("database").isNotNull();
		return database;
	}

	private static TcpProxy proxy() {
		assertThat(proxy).as("proxy").isNotNull();
		return proxy;
	}

	private static ConfigurableApplicationContext running() {
		assertThat(application).as("application").isNotNull();
		return application;
	}

	private static WebClient client() {
		assertThat(client).as("client").isNotNull();
		return client;
	}

	/** Spreads requests over tenants and kinds without shared randomness. */
	private static final class RequestCounter {

		private static final AtomicInteger next = new AtomicInteger();

		static int next() {
			return next.getAndIncrement();
		}

	}

	/**
	 * One answer, or {@code status} -1 when the client gave up.
	 */
	record Outcome(int status, String contentType, @Nullable String retryAfter, String body, long millis) {

		@Nullable String code() {
			return ProblemBodies.code(this.body);
		}

	}

	/**
	 * The answers of one scenario.
	 */
	record Outcomes(List<Outcome> all) {

		long count(int status) {
			return this.all.stream().filter((outcome) -> outcome.status() == status).count();
		}

		void assertAnsweredOnly(int... statuses) {
			List<Integer> allowed = new ArrayList<>();
			for (int status : statuses) {
				allowed.add(status);
			}
			assertThat(this.all).isNotEmpty();
			for (Outcome outcome : this.all) {
				assertThat(outcome.status()).as("no hang, no 500: %s", outcome).isIn(allowed);
				if (outcome.status() == 503) {
					assertThat(outcome.contentType()).as("%s", outcome).startsWith("application/problem+json");
					assertThat(outcome.retryAfter()).as("%s", outcome).isNotNull().matches("[1-9][0-9]*");
					assertThat(outcome.code()).as("%s", outcome).isIn(RETRYABLE_CODES);
				}
			}
		}

		void print(String scenario) {
			Map<String, Integer> byAnswer = new TreeMap<>();
			List<Long> millis = new ArrayList<>();
			for (Outcome outcome : this.all) {
				byAnswer.merge(outcome.status() + ((outcome.code() != null) ? " " + outcome.code() : ""), 1,
						Integer::sum);
				millis.add(outcome.millis());
			}
			Collections.sort(millis);
			System.out.printf("%s: %d requests %s; answered in p50 %d ms, p99 %d ms, max %d ms%n", scenario,
					this.all.size(), byAnswer, percentile(millis, 50), percentile(millis, 99),
					millis.get(millis.size() - 1));
		}

		private static long percentile(List<Long> sorted, int percent) {
			int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
			return sorted.get(Math.max(0, index));
		}

	}

}
