package io.tenancykit.web.resolution;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.r2dbc.spi.R2dbcBadGrammarException;
import io.tenancykit.api.Tenant;
import io.tenancykit.api.TenantDirectory;
import io.tenancykit.api.TenantId;
import io.tenancykit.api.TenantKey;
import io.tenancykit.api.TenantResolutionException;
import io.tenancykit.web.directory.CachingTenantDirectory;
import io.tenancykit.web.directory.TenantCacheSettings;
import io.tenancykit.web.logging.FailureCauses;
import io.tenancykit.web.testsupport.LogCapture;
import io.tenancykit.web.testsupport.Problems;
import io.tenancykit.web.testsupport.TestApplication;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A directory whose database fails answers 503 {@code tenant-directory-unavailable} and
 * logs why, once: the innermost cause's class and its message, with quoted parts masked
 * so that a value the client sent, echoed by the driver, never reaches the log.
 */
class DirectoryFailureLoggingTests {

	private static final String HEADER = "globex";

	@Test
	void refusalNamesTheCauseClassAndMessageOnce() {
		// What r2dbc-postgresql raises behind a transaction pooler that mixes up its
		// named prepared statements, wrapped as Spring's DatabaseClient wraps it.
		R2dbcBadGrammarException driver = new R2dbcBadGrammarException("prepared statement \"S_0\" already exists",
				"42P05");
		ILoggingEvent event = singleWarning(failingWith(new DataAccessResourceFailureException(
				"executeMany; SQL [SELECT id, key, status FROM tenancy_tenant WHERE key = $1]", driver)));
		assertThat(event.getLoggerName()).isEqualTo(TenantResolutionWebFilter.class.getName());
		assertThat(event.getFormattedMessage()).isEqualTo("Tenant resolution refused: "
				+ R2dbcBadGrammarException.class.getName() + ": prepared statement \"…\" already exists");
		assertThat(LogCapture.keyValue(event, "reason")).isEqualTo(TenantResolutionException.DirectoryUnavailable.CODE);
		assertThat(LogCapture.keyValue(event, FailureCauses.CAUSE)).isEqualTo(R2dbcBadGrammarException.class.getName());
		assertThat(LogCapture.keyValue(event, FailureCauses.CAUSE_MESSAGE))
			.isEqualTo("prepared statement \"…\" already exists");
		assertThat(LogCapture.render(event)).doesNotContain(HEADER);
	}

	@Test
	void aMessageEchoingTheHeaderValueIsLoggedWithTheValueMasked() {
		R2dbcBadGrammarException driver = new R2dbcBadGrammarException(
				"invalid input syntax for type uuid: \"" + HEADER + "\"\nLINE 1: evil", "22P02");
		ILoggingEvent event = singleWarning(failingWith(driver));
		assertThat(LogCapture.keyValue(event, FailureCauses.CAUSE)).isEqualTo(R2dbcBadGrammarException.class.getName());
		assertThat(LogCapture.keyValue(event, FailureCauses.CAUSE_MESSAGE))
			.isEqualTo("invalid input syntax for type uuid: \"…\" LINE 1: evil");
		assertThat(LogCapture.render(event)).doesNotContain(HEADER);
	}

	@Test
	void aCachedDirectoryTimingOutNamesTheTimeout() {
		TenantDirectory hanging = directory(Mono.never());
		CachingTenantDirectory cached = new CachingTenantDirectory(hanging,
				TenantCacheSettings.defaults().withLookupTimeout(Duration.ofMillis(100)));
		ILoggingEvent event = singleWarning(cached);
		assertThat(LogCapture.keyValue(event, FailureCauses.CAUSE)).isEqualTo(TimeoutException.class.getName());
		assertThat((String) LogCapture.keyValue(event, FailureCauses.CAUSE_MESSAGE)).contains("100ms");
		assertThat(LogCapture.render(event)).doesNotContain(HEADER);
	}

	private static ILoggingEvent singleWarning(TenantDirectory directory) {
		WebTestClient client = new TestApplication(directory, TenantResolutionSettings.defaults()).client();
		try (LogCapture logs = new LogCapture()) {
			Problems.assertProblem(client.get()
				.uri("/api/projects")
				.header("X-Tenant-ID", HEADER)
				.exchange()
				.expectStatus()
				.isEqualTo(503), TenantResolutionException.DirectoryUnavailable.CODE);
			assertThat(logs.events()).extracting(LogCapture::render)
				.allSatisfy((line) -> assertThat(line).doesNotContain(HEADER));
			return assertThat(logs.events()).filteredOn((event) -> event.getLevel().isGreaterOrEqual(Level.WARN))
				.singleElement()
				.actual();
		}
	}

	private static TenantDirectory failingWith(Throwable failure) {
		return directory(Mono.error(failure));
	}

	private static TenantDirectory directory(Mono<Tenant> answer) {
		return new TenantDirectory() {

			@Override
			public Mono<Tenant> findByKey(TenantKey key) {
				return answer;
			}

			@Override
			public Mono<Tenant> findById(TenantId id) {
				return answer;
			}

		};
	}

}
