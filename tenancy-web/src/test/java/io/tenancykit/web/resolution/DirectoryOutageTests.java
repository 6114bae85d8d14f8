package io.tenancykit.web.resolution;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import io.tenancykit.api.TenantKey;
import io.tenancykit.api.TenantResolutionException;
import io.tenancykit.api.TenantStatus;
import io.tenancykit.web.directory.CachingTenantDirectory;
import io.tenancykit.web.directory.TenantCacheSettings;
import io.tenancykit.web.logging.FailureCauses;
import io.tenancykit.web.testsupport.InMemoryTenantDirectory;
import io.tenancykit.web.testsupport.LogCapture;
import io.tenancykit.web.testsupport.Problems;
import io.tenancykit.web.testsupport.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filter in front of a directory, cached or not, whose database fails, hangs and
 * recovers.
 */
class DirectoryOutageTests {

	private static final Duration LOOKUP_TIMEOUT = Duration.ofMillis(300);

	private final InMemoryTenantDirectory database = new InMemoryTenantDirectory();

	private final CachingTenantDirectory directory = new CachingTenantDirectory(this.database,
			TenantCacheSettings.defaults().withLookupTimeout(LOOKUP_TIMEOUT));

	private final WebTestClient client = new TestApplication(this.directory, TenantResolutionSettings.defaults())
		.client()
		.mutate()
		.responseTimeout(Duration.ofSeconds(10))
		.build();

	DirectoryOutageTests() {
		this.database.add("acme");
		this.database.add("globex");
	}

	private WebTestClient.ResponseSpec get(String tenant) {
		return this.client.get().uri("/api/projects").header("X-Tenant-ID", tenant).exchange();
	}

	@Test
	void hangingDirectoryAnswersServiceUnavailableWithinTimeoutThenRecovers() {
		this.database.mode(InMemoryTenantDirectory.Mode.HANGING);
		long start = System.nanoTime();
		Problems.assertProblem(get("acme").expectStatus().isEqualTo(503).expectHeader().exists("Retry-After"),
				TenantResolutionException.DirectoryUnavailable.CODE);
		long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		assertThat(elapsedMs).isBetween(LOOKUP_TIMEOUT.toMillis() - 50, LOOKUP_TIMEOUT.toMillis() + 3_000);
		this.database.mode(InMemoryTenantDirectory.Mode.UP);
		get("acme").expectStatus().isOk();
	}

	@Test
	void failingDirectoryAnswersServiceUnavailableThenRecoversWithoutRestart() {
		this.database.mode(InMemoryTenantDirectory.Mode.DOWN);
		for (int i = 0; i < 3; i++) {
			Problems.assertProblem(get("globex").expectStatus().isEqualTo(503),
					TenantResolutionException.DirectoryUnavailable.CODE);
		}
		this.database.mode(InMemoryTenantDirectory.Mode.UP);
		get("globex").expectStatus().isOk();
		assertThat(this.database.calls(new TenantKey("globex"))).isEqualTo(4);
	}

	@Test
	void uncachedFailingDirectoryAnswersServiceUnavailableAndLogsTheCauseOnce() {
		this.database.mode(InMemoryTenantDirectory.Mode.DOWN);
		WebTestClient uncached = new TestApplication(this.database, TenantResolutionSettings.defaults()).client();
		try (LogCapture logs = new LogCapture()) {
			Problems.assertProblem(uncached.get()
				.uri("/api/projects")
				.header("X-Tenant-ID", "globex")
				.exchange()
				.expectStatus()
				.isEqualTo(503), TenantResolutionException.DirectoryUnavailable.CODE);
			assertThat(logs.events()).filteredOn((event) -> event.getLevel() == Level.WARN)
				.singleElement()
				.satisfies((event) -> {
					assertThat(event.getLoggerName()).isEqualTo(TenantResolutionWebFilter.class.getName());
					assertThat(LogCapture.keyValue(event, FailureCauses.CAUSE))
						.isEqualTo(IllegalStateException.class.getName());
					assertThat(LogCapture.keyValue(event, FailureCauses.CAUSE_MESSAGE)).isEqualTo("connection refused");
					assertThat(LogCapture.render(event)).doesNotContain("globex");
				});
		}
	}

	@Test
	void cachedTenantsAreServedWhileTheDirectoryIsDown() {
		get("acme").expectStatus().isOk();
		this.database.mode(InMemoryTenantDirectory.Mode.DOWN);
		get("acme").expectStatus().isOk();
		Problems.assertProblem(get("globex"), TenantResolutionException.DirectoryUnavailable.CODE);
	}

	@Test
	void signalledSuspensionTakesEffectAtOnce() {
		get("acme").expectStatus().isOk();
		this.database.setStatus("acme", TenantStatus.SUSPENDED);
		get("acme").expectStatus().isOk();
		this.directory.evict(new TenantKey("acme"));
		Problems.assertProblem(get("acme").expectStatus().isForbidden(), TenantResolutionException.Suspended.CODE);
	}

}
