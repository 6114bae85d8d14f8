package io.tenancykit.web.resolution;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import io.tenancykit.api.Tenant;
import io.tenancykit.web.directory.CachingTenantDirectory;
import io.tenancykit.web.directory.TenantCacheSettings;
import io.tenancykit.web.testsupport.InMemoryTenantDirectory;
import io.tenancykit.web.testsupport.TestApplication;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of interleaved requests for many tenants, through every source, with random
 * delays in the directory and in the handler: every handler must see exactly its own
 * request's tenant.
 */
class ConcurrentResolutionTests {

	private static final int TENANTS = 60;

	private static final int REQUESTS = 3_000;

	@Test
	void everyHandlerSeesItsOwnRequestsTenant() {
		InMemoryTenantDirectory database = new InMemoryTenantDirectory();
		database.randomDelay(Duration.ofMillis(3));
		List<Tenant> tenants = new ArrayList<>();
		for (int i = 0; i < TENANTS; i++) {
			tenants.add(database.add("tenant-" + i));
		}
		// Short TTL so that lookups keep happening while requests interleave; a generous
		// timeout because this test is about isolation, not latency, on a shared machine.
		CachingTenantDirectory directory = new CachingTenantDirectory(database,
				TenantCacheSettings.defaults()
					.withTtl(Duration.ofMillis(20))
					.withLookupTimeout(Duration.ofSeconds(20)));
		TenantResolutionSettings settings = TenantResolutionSettings.defaults()
			.withBaseDomains(List.of("example.com"))
			.withChain(List.of(TenantSource.HEADER, TenantSource.SUBDOMAIN, TenantSource.PATH));
		HttpHandler handler = new TestApplication(directory, settings).httpHandler(Duration.ofMillis(2));
		Map<Integer, String> mismatches = new ConcurrentHashMap<>();
		Flux<Integer> requests = Flux.range(0, REQUESTS)
			.flatMap((i) -> send(handler, i, tenants.get(ThreadLocalRandom.current().nextInt(TENANTS)), mismatches)
				.subscribeOn(Schedulers.parallel()), 256);
		StepVerifier.create(requests.count())
			.expectNext((long) REQUESTS)
			.expectComplete()
			.verify(Duration.ofSeconds(60));
		assertThat(mismatches).isEmpty();
		assertThat(database.totalCalls()).as("lookups interleaved with requests").isGreaterThan(TENANTS);
	}

	private static Mono<Integer> send(HttpHandler handler, int index, Tenant tenant, Map<Integer, String> mismatches) {
		MockServerHttpRequest request = switch (index % 3) {
			case 0 -> MockServerHttpRequest.get("http://localhost/api/projects/" + index)
				.header("X-Tenant-ID", tenant.key().value())
				.build();
			case 1 -> MockServerHttpRequest.get("http://localhost/api/projects/" + index)
				.header("Host", tenant.key().value() + ".example.com")
				.build();
			default -> MockServerHttpRequest
				.method(HttpMethod.GET, URI.create("http://localhost/t/" + tenant.key() + "/api/projects/" + index))
				.build();
		};
		MockServerHttpResponse response = new MockServerHttpResponse();
		String expected = tenant.key() + "|" + tenant.id() + "|/api/projects/" + index;
		return handler.handle(request, response)
			.then(Mono.defer(() -> response.getBodyAsString().defaultIfEmpty("")))
			.map((body) -> {
				int status = (response.getStatusCode() != null) ? response.getStatusCode().value() : 200;
				if (status != 200 || !body.equals(expected)) {
					mismatches.put(index, status + " " + body + " expected " + expected);
				}
				return index;
			});
	}

}
