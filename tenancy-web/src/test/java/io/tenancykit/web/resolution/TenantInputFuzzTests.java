package io.tenancykit.web.resolution;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import io.tenancykit.api.TenantKey;
import io.tenancykit.web.testsupport.InMemoryTenantDirectory;
import io.tenancykit.web.testsupport.Problems;
import io.tenancykit.web.testsupport.TestApplication;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;

import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.util.UriUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile header, host and path input never produces a 5xx: it is served for a known
 * tenant only when it is exactly that tenant's canonical key, and otherwise answered with
 * a catalogue 4xx problem that echoes nothing.
 */
class TenantInputFuzzTests {

	private static final Set<String> KNOWN = Set.of("acme", "globex", "1-1-1-1-1");

	private static final WebTestClient client;

	static {
		InMemoryTenantDirectory directory = new InMemoryTenantDirectory();
		KNOWN.forEach(directory::add);
		client = new TestApplication(directory,
				TenantResolutionSettings.builder()
					.baseDomains(List.of("example.com"))
					.chain(List.of(TenantSource.HEADER, TenantSource.SUBDOMAIN, TenantSource.PATH))
					.build())
			.client();
	}

	@Provide
	Arbitrary<String> hostile() {
		Arbitrary<String> special = Arbitraries.of("", " ", "acme ", " acme", "ACME", "Acme", "acme\r\nX-Evil: 1",
				"acme\n", "acme\u0000", "%00", "acme%00", "1-1-1-1-1", "00000001-0001-0001-0001-000000000001",
				"xn--acme", "xn--80ak6aa92e", "\u0430\u0441me", "acm\u00e9", "\u212acme", "a".repeat(63),
				"a".repeat(64), "a".repeat(10_000), "-acme", "acme-", "ac--me", "acme.globex", "acme,globex",
				"acme;x=1", "../acme", "acme/../globex", "\t", "\uD83D\uDE00", "\uFEFFacme", "acme\u200b");
		Arbitrary<String> lowercase = Arbitraries.strings()
			.withChars("abcdefghijklmnopqrstuvwxyz0123456789-.")
			.ofMaxLength(70);
		Arbitrary<String> anything = Arbitraries.strings().all().ofMaxLength(80);
		Arbitrary<String> ascii = Arbitraries.strings().ascii().ofMaxLength(80);
		return Arbitraries.frequencyOf(Tuple.of(3, special), Tuple.of(2, lowercase), Tuple.of(2, anything),
				Tuple.of(2, ascii));
	}

	@Property(tries = 600)
	void headerInputIsServedOnlyWhenCanonicalAndKnown(@ForAll("hostile") String value) {
		check(client.get().uri("/api/projects").header("X-Tenant-ID", value).exchange(), value);
	}

	@Property(tries = 200)
	void repeatedHeaderIsAlwaysRefused(@ForAll @Size(min = 2, max = 4) List<@From("hostile") String> values) {
		EntityExchangeResult<byte[]> result = client.get()
			.uri("/api/projects")
			.header("X-Tenant-ID", values.toArray(String[]::new))
			.exchange()
			.expectBody()
			.returnResult();
		assertThat(result.getStatus().value()).isEqualTo(400);
	}

	@Property(tries = 600)
	void hostInputIsServedOnlyWhenCanonicalAndKnown(@ForAll("hostile") String label) {
		String host = label + ".example.com";
		check(client.get().uri("/api/projects").header("Host", host).exchange(), label);
	}

	@Property(tries = 600)
	void pathInputIsServedOnlyWhenCanonicalAndKnown(@ForAll("hostile") String segment) {
		String encoded = UriUtils.encodePathSegment(segment, StandardCharsets.UTF_8);
		URI uri = URI.create("http://localhost/t/" + encoded + "/api/projects");
		check(client.get().uri(uri).exchange(), encoded);
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
