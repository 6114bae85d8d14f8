package io.tenancykit.web.resolution;

import java.net.URI;
import java.util.List;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.tenancykit.api.Tenant;
import io.tenancykit.web.logging.AccessLogWebFilter;
import io.tenancykit.web.logging.TenantLogging;
import io.tenancykit.web.testsupport.InMemoryTenantDirectory;
import io.tenancykit.web.testsupport.LogCapture;
import io.tenancykit.web.testsupport.TestApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Log events of the filter: {@code tenant_id} as a structured key-value on tenant-scoped
 * events, reason code and length instead of raw input on rejections, and the optional
 * access log.
 */
class TenantResolutionLoggingTests {

	private final InMemoryTenantDirectory directory = new InMemoryTenantDirectory();

	private final Tenant acme = this.directory.add("acme");

	private final LogCapture logs = new LogCapture();

	private final WebTestClient client = new TestApplication(this.directory,
			TenantResolutionSettings.defaults()
				.withBaseDomains(List.of("example.com"))
				.withChain(List.of(TenantSource.HEADER, TenantSource.SUBDOMAIN, TenantSource.PATH)))
		.withAccessLog()
		.client();

	@AfterEach
	void closeCapture() {
		this.logs.close();
	}

	@Test
	void tenantScopedEventsCarryTenantIdAsKeyValue() {
		this.client.get().uri("/t/acme/api/projects/42").exchange().expectStatus().isOk();
		List<ILoggingEvent> events = this.logs.events();
		assertThat(events).isNotEmpty();
		assertThat(events).allSatisfy(
				(event) -> assertThat(LogCapture.keyValue(event, TenantLogging.TENANT_ID)).as(LogCapture.render(event))
					.isEqualTo(this.acme.id().toString()));
		assertThat(events).extracting(ILoggingEvent::getMDCPropertyMap).allSatisfy((mdc) -> assertThat(mdc).isEmpty());
	}

	@Test
	void accessLogNamesTheRoutePatternNotTheRawPath() {
		this.client.get().uri("/t/acme/api/projects/42").exchange().expectStatus().isOk();
		List<ILoggingEvent> access = this.logs.events(AccessLogWebFilter.LOGGER_NAME);
		assertThat(access).hasSize(1);
		ILoggingEvent event = access.get(0);
		assertThat(LogCapture.keyValue(event, "method")).isEqualTo("GET");
		assertThat(LogCapture.keyValue(event, "path")).isEqualTo("/api/projects/{id}");
		assertThat(LogCapture.keyValue(event, "status")).isEqualTo(200);
		assertThat(LogCapture.keyValue(event, "duration_ms")).isInstanceOf(Long.class);
		assertThat(LogCapture.keyValue(event, TenantLogging.TENANT_ID)).isEqualTo(this.acme.id().toString());
		assertThat(LogCapture.render(event)).doesNotContain("/t/acme").doesNotContain("42");
	}

	@Test
	void accessLogRecordsTheRefusalOfTheResolutionFilterWithoutTenant() {
		this.client.get().uri("/api/projects").header("X-Tenant-ID", "umbrella").exchange().expectStatus().isNotFound();
		List<ILoggingEvent> access = this.logs.events(AccessLogWebFilter.LOGGER_NAME);
		assertThat(access).singleElement().satisfies((event) -> {
			assertThat(LogCapture.keyValue(event, "status")).isEqualTo(404);
			assertThat(LogCapture.keyValue(event, "path")).isEqualTo("-");
			assertThat(LogCapture.keyValue(event, TenantLogging.TENANT_ID)).isNull();
		});
	}

	@Test
	void rejectionsLogReasonAndLengthButNeverTheInput() {
		String header = "EvilHeader\r\nX-Injected: 1";
		String host = "EvilHost.example.com";
		String path = "/t/EvilPath/api/projects";
		this.client.get().uri("/api/projects").header("X-Tenant-ID", header).exchange().expectStatus().isBadRequest();
		this.client.get().uri("/api/projects").header("Host", host).exchange().expectStatus().isBadRequest();
		this.client.get().uri(URI.create("http://localhost" + path)).exchange().expectStatus().isBadRequest();
		this.client.get().uri("/api/projects").header("X-Tenant-ID", "umbrella").exchange().expectStatus().isNotFound();
		List<ILoggingEvent> events = this.logs.events();
		assertThat(events).extracting(LogCapture::render)
			.allSatisfy((line) -> assertThat(line).doesNotContain("Evil").doesNotContain("umbrella"));
		List<ILoggingEvent> refusals = events.stream()
			.filter((event) -> event.getMessage().equals("Tenant resolution refused"))
			.toList();
		assertThat(refusals).extracting((event) -> LogCapture.keyValue(event, "reason"))
			.containsExactly("tenant-malformed", "tenant-malformed", "tenant-malformed", "tenant-unknown");
		assertThat(refusals).extracting((event) -> LogCapture.keyValue(event, "input_length"))
			.containsExactly(header.length(), "EvilHost".length(), "EvilPath".length(), null);
		assertThat(refusals).extracting((event) -> LogCapture.keyValue(event, TenantLogging.TENANT_ID))
			.containsOnlyNulls();
	}

}
