package io.tenancykit.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.r2dbc.spi.R2dbcException;
import io.tenancykit.boot.persistence.PoolerStartupCheck;
import io.tenancykit.test.PgBouncer;
import io.tenancykit.test.PostgresDatabase;
import io.tenancykit.test.PostgresTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample started through PgBouncer 1.18 in transaction pooling mode: with the
 * driver's default named prepared statements the starter warns once, naming the driver
 * option and the guide, and the failures that follow (at startup or on requests) log
 * their cause, the prepared statement the pooler mixed up; with
 * {@code preparedStatementCacheQueries=0} it starts and serves without the warning. The
 * statement timeout is left to the role
 * ({@code tenancy.persistence.statement-timeout=0}): PgBouncer before 1.21 refuses the
 * parameter. Runs with {@code ./mvnw -Ppgbouncer verify}.
 */
@PostgresTest
class PoolerStartupCheckPgBouncerIntegrationTests {

	// DEBUG for the check, so that a skipped probe tells why in a failed assertion.
	private static final Map<String, String> POOLED = Map.of("tenancy.persistence.statement-timeout", "0",
			"spring.r2dbc.pool.initial-size", "4", "spring.r2dbc.pool.max-size", "4",
			"logging.level." + PoolerStartupCheck.class.getName(), "DEBUG");

	@Test
	void warnsOnceAndTheFailuresNameTheMixedUpPreparedStatementWithTheDriversDefault(PostgresDatabase db) {
		migrate(db);
		try (PgBouncer pgBouncer = PgBouncer.start(db, 1); Capture capture = new Capture()) {
			List<Throwable> failures = new ArrayList<>();
			try (ConfigurableApplicationContext app = SampleApplications.start(db, pgBouncer.r2dbcUrl(), POOLED,
					capture)) {
				List<Integer> statuses = requests(app, 16);
				assertThat(statuses).as("statuses of 16 concurrent requests").anyMatch((status) -> status >= 500);
			}
			catch (RuntimeException ex) {
				failures.add(ex);
			}
			LogCapture logs = capture.logs();
			assertThat(warnings(logs, PoolerStartupCheck.class.getName()))
				.as("warnings of the check; all its events: %s, failures: %s", checkEvents(logs), failures)
				.singleElement()
				.extracting(ILoggingEvent::getFormattedMessage)
				.isEqualTo(PoolerStartupCheck.INCOMPATIBLE_WARNING);
			// Whether the startup verification or the first requests meet the mix-up
			// depends on which pooled connection each takes; either way its cause is
			// told.
			List<String> causes = new ArrayList<>();
			failures.forEach((failure) -> causes.add(sqlState(failure)));
			for (ILoggingEvent warning : logs.atLeast(Level.WARN)) {
				String message = keyValue(warning, "cause_message");
				if (message != null) {
					causes.add(message);
				}
			}
			assertThat(causes).isNotEmpty()
				.allSatisfy((cause) -> assertThat(cause).matches(
						"42P05|26000|prepared statement \"…\" (already exists|does not exist)|bind message supplies .*"));
		}
	}

	@Test
	void startsAndServesWithoutTheWarningWithUnnamedStatements(PostgresDatabase db) {
		migrate(db);
		try (PgBouncer pgBouncer = PgBouncer.start(db, 1);
				Capture capture = new Capture();
				ConfigurableApplicationContext app = SampleApplications.start(db,
						pgBouncer.r2dbcUrl() + "?preparedStatementCacheQueries=0", POOLED, capture)) {
			assertThat(requests(app, 16)).containsOnly(200);
			LogCapture logs = capture.logs();
			assertThat(warnings(logs, PoolerStartupCheck.class.getName()))
				.as("all events of the check: %s", checkEvents(logs))
				.isEmpty();
			assertThat(logs.events())
				.filteredOn((event) -> event.getLoggerName().equals(PoolerStartupCheck.class.getName())
						&& event.getLevel() == Level.INFO)
				.singleElement()
				.extracting(ILoggingEvent::getFormattedMessage)
				.asString()
				.contains("transaction pooler");
		}
	}

	/**
	 * Captures the root log from the moment Spring Boot has initialized logging, which
	 * drops appenders added before.
	 */
	private static final class Capture implements ApplicationListener<ApplicationPreparedEvent>, AutoCloseable {

		private final AtomicReference<LogCapture> logs = new AtomicReference<>();

		@Override
		public void onApplicationEvent(ApplicationPreparedEvent event) {
			this.logs.set(LogCapture.root());
		}

		LogCapture logs() {
			LogCapture capture = this.logs.get();
			assertThat(capture).as("log capture of the started application").isNotNull();
			return capture;
		}

		@Override
		public void close() {
			LogCapture capture = this.logs.getAndSet(null);
			if (capture != null) {
				capture.close();
			}
		}

	}

	// Flyway connects directly; migrating once up front keeps the runs through the
	// pooler about the pooler.
	private static void migrate(PostgresDatabase db) {
		try (ConfigurableApplicationContext migrated = SampleApplications.start(db)) {
			assertThat(migrated.isActive()).isTrue();
		}
	}

	private static List<Integer> requests(ConfigurableApplicationContext app, int count) {
		return Flux.range(0, count)
			.flatMap((i) -> Mono
				.fromCallable(() -> SampleApplications.client(app)
					.mutate()
					.responseTimeout(Duration.ofSeconds(30))
					.build()
					.get()
					.uri("/api/projects")
					.header("X-Tenant-ID", (i % 2 == 0) ? "acme" : "globex")
					.exchange()
					.returnResult(String.class)
					.getStatus()
					.value())
				.subscribeOn(Schedulers.boundedElastic()), count)
			.collectList()
			.block(Duration.ofMinutes(1));
	}

	private static List<ILoggingEvent> warnings(LogCapture logs, String logger) {
		return logs.atLeast(Level.WARN).stream().filter((event) -> event.getLoggerName().equals(logger)).toList();
	}

	private static List<String> checkEvents(LogCapture logs) {
		return logs.events()
			.stream()
			.filter((event) -> event.getLoggerName().equals(PoolerStartupCheck.class.getName()))
			.map((event) -> event.getLevel() + " " + event.getFormattedMessage())
			.toList();
	}

	private static @Nullable String keyValue(ILoggingEvent event, String key) {
		List<KeyValuePair> pairs = event.getKeyValuePairs();
		if (pairs == null) {
			return null;
		}
		return pairs.stream()
			.filter((pair) -> pair.key.equals(key))
			.map((pair) -> String.valueOf(pair.value))
			.findFirst()
			.orElse(null);
	}

	private static String sqlState(Throwable failure) {
		Throwable candidate = failure;
		while (candidate != null) {
			if (candidate instanceof R2dbcException r2dbc && r2dbc.getSqlState() != null) {
				return r2dbc.getSqlState();
			}
			candidate = candidate.getCause();
		}
		return "no SQLSTATE in " + failure;
	}

}
