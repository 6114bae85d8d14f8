package io.tenancykit.web.resolution;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import io.tenancykit.api.TenantKey;
import io.tenancykit.web.testsupport.InMemoryTenantDirectory;
import io.tenancykit.web.testsupport.Problems;
import io.tenancykit.web.testsupport.RandomInputs;
import io.tenancykit.web.testsupport.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.util.UriUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile header, host and path input never produces a 5xx: it is served for a known
 * tenant only when it is exactly that tenant's canonical key, and otherwise answered with
 * a catalogue 4xx problem that echoes nothing. Inputs are seeded and random, from
 * {@link RandomInputs}.
 */
class TenantInputFuzzTests {

	/** A list, not a set, so that the same seed picks the same keys in every JVM. */
	private static final List<String> KNOWN = List.of("acme", "globex", "1-1-1-1-1");

	private static final WebTestClient client;

	static {
		InMemoryTenantDirectory directory = new InMemoryTenantDirectory();
		KNOWN.forEach(directory::add);
		client = new TestApplication(directory,
				TenantResolutionSettings.defaults()
					.withBaseDomains(List.of("example.com"))
					.withChain(List.of(TenantSource.HEADER, TenantSource.SUBDOMAIN, TenantSource.PATH)))
			.client();
	}

	@Test
	void headerInputIsServedOnlyWhenCanonicalAndKnown() {
		RandomInputs.forAll(750, TenantInputFuzzTests::hostile,
				(value) -> check(client.get().uri("/api/projects").header("X-Tenant-ID", value).exchange(), value));
	}

	@Test
	void repeatedHeaderIsAlwaysRefused() {
		RandomInputs.forAll(250, (random) -> RandomInputs.listOf(random, 2, 4, TenantInputFuzzTests::hostile),
				(values) -> {
					EntityExchangeResult<byte[]> result = client.get()
						.uri("/api/projects")
						.header("X-Tenant-ID", values.toArray(String[]::new))
						.exchange()
						.expectBody()
						.returnResult();
					assertThat(result.getStatus().value()).isEqualTo(400);
				});
	}

	@Test
	void hostInputIsServedOnlyWhenCanonicalAndKnown() {
		RandomInputs.forAll(750, TenantInputFuzzTests::hostile, (label) -> {
			String host = label + ".example.com";
			check(client.get().uri("/api/projects").header("Host", host).exchange(), label);
		});
	}

	@Test
	void pathInputIsServedOnlyWhenCanonicalAndKnown() {
		RandomInputs.forAll(750, TenantInputFuzzTests::hostile, (segment) -> {
			String encoded = UriUtils.encodePathSegment(segment, StandardCharsets.UTF_8);
			URI uri = URI.create("http://localhost/t/" + encoded + "/api/projects");
			check(client.get().uri(uri).exchange(), encoded);
		});
	}

	private static String hostile(Random random) {
		return RandomInputs.hostile(random, KNOWN);
	}

	private static void check(WebTestClient.ResponseSpec response, String input) {
		EntityExchangeResult<byte[]> result = response.expectBody().returnResult();
		int status = result.getStatus().value();
		String body = new String(result.getResponseBodyContent(), StandardCharsets.UTF_8);
		if (KNOWN.contains(input) && TenantKey.isCanonical(input)) {
			assertThat(status).as(body).isEqualTo(200);
			assertThat(body).startsWith(input + "|");
			return;
		}
		assertThat(status).as(body).isBetween(400, 499);
		Problems.assertCatalogueBody(body, status, code(body));
	}

	private static String code(String body) {
		int start = body.indexOf("\"code\":\"") + 8;
		return body.substring(start, body.indexOf('"', start));
	}

}
