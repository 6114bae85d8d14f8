package io.tenancykit.web.resolution;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tenancykit.api.Tenant;
import io.tenancykit.api.TenantResolutionException;
import io.tenancykit.api.TenantStatus;
import io.tenancykit.web.metrics.TenantResolutionMetrics;
import io.tenancykit.web.testsupport.InMemoryTenantDirectory;
import io.tenancykit.web.testsupport.Problems;
import io.tenancykit.web.testsupport.TestApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.core.Ordered;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filter with the header source: resolution, every refusal, excluded paths, metrics.
 */
class TenantResolutionWebFilterTests {

	private final InMemoryTenantDirectory directory = new InMemoryTenantDirectory();

	private final Tenant acme = this.directory.add("acme");

	private final Tenant initech = this.directory.add("initech", TenantStatus.SUSPENDED);

	private final TestApplication application = new TestApplication(this.directory,
			TenantResolutionSettings.defaults());

	private final WebTestClient client = this.application.client();

	@Test
	void defaultOrderRunsTenAfterSpringSecurityAndBeforeHandlers() {
		assertThat(TenantResolutionWebFilter.DEFAULT_ORDER).isEqualTo(-90);
		assertThat(this.application.filter().getOrder()).isEqualTo(TenantResolutionWebFilter.DEFAULT_ORDER);
		assertThat(TenantResolutionWebFilter.DEFAULT_ORDER).isGreaterThan(-100).isLessThan(0);
		assertThat(Ordered.class).isAssignableFrom(TenantResolutionWebFilter.class);
	}

	@Test
	void handsTheResolvedTenantToTheHandler() {
		this.client.get()
			.uri("/api/projects")
			.header("X-Tenant-ID", "acme")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("acme|" + this.acme.id() + "|/api/projects");
	}

	@Test
	void readsTheConfiguredHeaderOnly() {
		WebTestClient custom = new TestApplication(this.directory,
				TenantResolutionSettings.defaults().withHeaderName("X-Org"))
			.client();
		custom.get()
			.uri("/api/projects")
			.header("X-Org", "acme")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("acme|" + this.acme.id() + "|/api/projects");
		Problems.assertProblem(custom.get().uri("/api/projects").header("X-Tenant-ID", "acme").exchange(),
				TenantResolutionException.Missing.CODE);
	}

	@Test
	void acceptsTenantIdInHeaderWhenConfigured() {
		WebTestClient custom = new TestApplication(this.directory,
				TenantResolutionSettings.defaults().withHeaderFormat(TenantReferenceFormat.KEY_OR_ID))
			.client();
		custom.get()
			.uri("/api/projects")
			.header("X-Tenant-ID", this.acme.id().toString())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("acme|" + this.acme.id() + "|/api/projects");
		custom.get().uri("/api/projects").header("X-Tenant-ID", "acme").exchange().expectStatus().isOk();
	}

	@Test
	void refusesRequestWithoutTenantAsMissing() {
		// The handler of /api/status does not ask for the tenant, so only the filter can
		// refuse the request: the argument resolver never gets a say.
		Problems.assertProblem(this.client.get().uri("/api/status").exchange().expectStatus().isBadRequest(),
				TenantResolutionException.Missing.CODE);
		this.client.get()
			.uri("/api/status")
			.header("X-Tenant-ID", "acme")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("handler reached");
	}

	@ParameterizedTest
	@ValueSource(strings = { "ACME", "Acme", " acme", "acme ", "", "xn--acme", "1-1-1-1-1-", "-acme", "acme\t", "ac me",
			"acme,globex", "acme;x=1", "%61cme", "ac%00me", "a\u0301cme", "\u0430cme",
			"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" })
	void refusesNonCanonicalHeaderAsMalformedWithoutEchoingIt(String value) {
		String body = Problems.assertProblem(this.client.get()
			.uri("/api/projects")
			.header("X-Tenant-ID", value)
			.exchange()
			.expectStatus()
			.isBadRequest(), TenantResolutionException.Malformed.CODE);
		if (value.strip().length() > 2) {
			assertThat(body).doesNotContain(value.strip());
		}
	}

	@Test
	void refusesRepeatedHeaderAsMalformed() {
		Problems.assertProblem(this.client.get()
			.uri("/api/projects")
			.header("X-Tenant-ID", "acme", "acme")
			.exchange()
			.expectStatus()
			.isBadRequest(), TenantResolutionException.Malformed.CODE);
	}

	@Test
	void refusesUnknownTenantAsNotFound() {
		String body = Problems.assertProblem(this.client.get()
			.uri("/api/projects")
			.header("X-Tenant-ID", "umbrella")
			.exchange()
			.expectStatus()
			.isNotFound(), TenantResolutionException.Unknown.CODE);
		assertThat(body).doesNotContain("umbrella");
	}

	@Test
	void refusesSuspendedTenantAsForbidden() {
		Problems.assertProblem(this.client.get()
			.uri("/api/projects")
			.header("X-Tenant-ID", "initech")
			.exchange()
			.expectStatus()
			.isForbidden(), TenantResolutionException.Suspended.CODE);
		assertThat(this.initech.isActive()).isFalse();
	}

	@Test
	void answersSuspendedTenantExactlyLikeAnUnknownOneWhenConfigured() {
		TestApplication hiding = new TestApplication(this.directory,
				TenantResolutionSettings.defaults().withSuspendedAsUnknown(true));
		EntityExchangeResult<byte[]> suspended = hiding.client()
			.get()
			.uri("/api/projects")
			.header("X-Tenant-ID", "initech")
			.exchange()
			.expectBody()
			.returnResult();
		EntityExchangeResult<byte[]> unknown = hiding.client()
			.get()
			.uri("/api/projects")
			.header("X-Tenant-ID", "umbrella")
			.exchange()
			.expectBody()
			.returnResult();
		assertThat(suspended.getStatus().value()).isEqualTo(404);
		assertThat(suspended.getResponseBody()).isEqualTo(unknown.getResponseBody());
		assertThat(suspended.getResponseHeaders()).isEqualTo(unknown.getResponseHeaders());
		Problems.assertCatalogueBody(new String(suspended.getResponseBody(), StandardCharsets.UTF_8), 404,
				TenantResolutionException.Unknown.CODE);
		// Operators still see the real reason in the metrics.
		Counter counter = hiding.registry()
			.find(TenantResolutionMetrics.METER_NAME)
			.tag("outcome", "suspended")
			.counter();
		assertThat(counter).isNotNull();
		assertThat(counter.count()).isEqualTo(1.0);
	}

	@Test
	void refusesWithServiceUnavailableAndRetryAfterWhenDirectoryFails() {
		this.directory.mode(InMemoryTenantDirectory.Mode.DOWN);
		Problems.assertProblem(this.client.get()
			.uri("/api/projects")
			.header("X-Tenant-ID", "acme")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.valueEquals("Retry-After", "5"), TenantResolutionException.DirectoryUnavailable.CODE);
	}

	@Test
	void advertisesConfiguredRetryAfter() {
		this.directory.mode(InMemoryTenantDirectory.Mode.DOWN);
		WebTestClient custom = new TestApplication(this.directory,
				TenantResolutionSettings.defaults().withRetryAfter(Duration.ofSeconds(30)))
			.client();
		custom.get()
			.uri("/api/projects")
			.header("X-Tenant-ID", "acme")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.valueEquals("Retry-After", "30");
	}

	@Test
	void passesExcludedPathsWithoutTenantAndWithoutLookingAtTheHeader() {
		this.client.get()
			.uri("/actuator/health")
			.header("X-Tenant-ID", "NOT A KEY")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("UP tenant=false");
		assertThat(this.directory.totalCalls()).isZero();
	}

	@Test
	void excludedPathsAreConfigurable() {
		WebTestClient custom = new TestApplication(this.directory,
				TenantResolutionSettings.defaults().withExcludedPaths(List.of("/api/**")))
			.client();
		Problems.assertProblem(custom.get().uri("/actuator/health").exchange().expectStatus().isBadRequest(),
				TenantResolutionException.Missing.CODE);
	}

	@Test
	void handlerAskingForTenantOnExcludedPathGetsMissingProblem() {
		Problems.assertProblem(this.client.get().uri("/actuator/tenant").exchange().expectStatus().isBadRequest(),
				TenantResolutionException.Missing.CODE);
	}

	@Test
	void countsOutcomesBySourceWithoutTenantTagByDefault() {
		this.client.get().uri("/api/projects").header("X-Tenant-ID", "acme").exchange().expectStatus().isOk();
		this.client.get().uri("/api/projects").header("X-Tenant-ID", "ACME").exchange().expectStatus().isBadRequest();
		this.client.get().uri("/api/projects").exchange().expectStatus().isBadRequest();
		this.client.get().uri("/actuator/health").exchange().expectStatus().isOk();
		MeterRegistry registry = this.application.registry();
		assertThat(count(registry, "resolved", "header")).isEqualTo(1);
		assertThat(count(registry, "malformed", "header")).isEqualTo(1);
		assertThat(count(registry, "missing", TenantResolutionMetrics.NO_SOURCE)).isEqualTo(1);
		assertThat(count(registry, "excluded", TenantResolutionMetrics.NO_SOURCE)).isEqualTo(1);
		assertThat(registry.find(TenantResolutionMetrics.METER_NAME).tagKeys("tenant").counters()).isEmpty();
	}

	@Test
	void tagsTenantOnlyWhenEnabled() {
		TestApplication tagged = new TestApplication(this.directory, TenantResolutionSettings.defaults(), null, true);
		tagged.client().get().uri("/api/projects").header("X-Tenant-ID", "acme").exchange().expectStatus().isOk();
		Counter counter = tagged.registry()
			.find(TenantResolutionMetrics.METER_NAME)
			.tags("outcome", "resolved", "tenant", this.acme.id().toString())
			.counter();
		assertThat(counter).isNotNull();
		assertThat(counter.count()).isEqualTo(1);
	}

	static double count(MeterRegistry registry, String outcome, String source) {
		Counter counter = registry.find(TenantResolutionMetrics.METER_NAME)
			.tags("outcome", outcome, "source", source)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

}
