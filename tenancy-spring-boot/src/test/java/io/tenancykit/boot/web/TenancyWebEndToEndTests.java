package io.tenancykit.boot.web;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.tenancykit.api.TenantContext;
import io.tenancykit.boot.testsupport.StubDatabase;
import io.tenancykit.web.bind.CanonicalUuidEditor;
import io.tenancykit.web.directory.CachingTenantDirectory;
import io.tenancykit.web.directory.TenantCacheSettings;
import io.tenancykit.web.metrics.TenantResolutionMetrics;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.webflux.autoconfigure.HttpHandlerAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerAdapter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configured kit in a WebFlux application with Spring Boot's WebFlux and metrics
 * auto-configuration: requests go through the filter to a controller that declares a
 * {@link TenantContext} parameter.
 */
class TenancyWebEndToEndTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HttpHandlerAutoConfiguration.class, WebFluxAutoConfiguration.class,
				MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, TenancyWebAutoConfiguration.class))
		.withUserConfiguration(CachedDirectory.class, WhoAmI.class);

	@Test
	void handsTheResolvedTenantToTheController() {
		this.runner.run((context) -> {
			WebTestClient client = WebTestClient.bindToApplicationContext(context).build();
			client.get()
				.uri("/whoami")
				.header("X-Tenant-ID", "acme")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.isEqualTo("acme|" + StubDatabase.ACME.id());
		});
	}

	@Test
	void refusesARequestWithoutTenantWithAProblem() {
		this.runner.run((context) -> {
			WebTestClient client = WebTestClient.bindToApplicationContext(context).build();
			client.get()
				.uri("/whoami")
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		});
	}

	@Test
	void bindsUuidArgumentsOnlyFromTheCanonicalForm() {
		this.runner.run((context) -> {
			WebTestClient client = WebTestClient.bindToApplicationContext(context).build();
			String id = "0b6a6f1e-3c1d-4a8e-9a40-2f0e8f9d7c11";
			client.get()
				.uri("/things/" + id)
				.header("X-Tenant-ID", "acme")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.isEqualTo(id);
			// Spring's own editor trims these into a null or a UUID; the kit's refuses
			// them.
			for (String malformed : List.of("%20", "%E1%9A%80", "%20" + id, "%7B" + id + "%7D", "1-2-3-4-5")) {
				client.get()
					.uri(URI.create("/things/" + malformed))
					.header("X-Tenant-ID", "acme")
					.exchange()
					.expectStatus()
					.isBadRequest();
			}
			assertThat(context).doesNotHaveBean(CanonicalUuidEditor.Registration.class);
			assertThat(context.getBean(RequestMappingHandlerAdapter.class).getWebBindingInitializer())
				.isInstanceOf(CanonicalUuidEditor.BindingInitializer.class);
		});
	}

	@Test
	void refusesAnUnknownTenant() {
		this.runner.run((context) -> {
			WebTestClient client = WebTestClient.bindToApplicationContext(context).build();
			client.get().uri("/whoami").header("X-Tenant-ID", "globex").exchange().expectStatus().isNotFound();
		});
	}

	@Test
	void countsOutcomesAndBindsCacheMetrics() {
		this.runner.run((context) -> {
			WebTestClient client = WebTestClient.bindToApplicationContext(context).build();
			client.get().uri("/whoami").header("X-Tenant-ID", "acme").exchange().expectStatus().isOk();
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(context).hasSingleBean(TenantResolutionMetrics.class);
			assertThat(registry.find(TenantResolutionMetrics.METER_NAME).tag("outcome", "resolved").counter())
				.isNotNull()
				.satisfies((counter) -> assertThat(counter.count()).isEqualTo(1.0));
			assertThat(registry.find(CachingTenantDirectory.HIT_RATIO_METER_NAME).gauge()).isNotNull();
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class CachedDirectory {

		@Bean
		CachingTenantDirectory tenantDirectory() {
			return new CachingTenantDirectory(StubDatabase.inMemoryDirectory(), TenantCacheSettings.defaults());
		}

	}

	@RestController
	static class WhoAmI {

		@GetMapping("/whoami")
		Mono<String> whoami(TenantContext tenant) {
			return Mono.just(tenant.tenantKey() + "|" + tenant.tenantId());
		}

		@GetMapping("/things/{id}")
		Mono<String> thing(TenantContext tenant, @PathVariable UUID id) {
			return Mono.just(id.toString());
		}

	}

}
