package io.tenancykit.web.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import io.tenancykit.api.TenantResolutionException;
import io.tenancykit.web.problem.TenancyProblems;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Assertions on {@code application/problem+json} responses.
 */
public final class Problems {

	private static final JsonMapper json = JsonMapper.builder().build();

	private Problems() {
	}

	/**
	 * Assert that a response is the catalogue problem for a code and return its raw body.
	 * The body must consist of exactly the catalogue members, so no request input can be
	 * echoed in it.
	 */
	public static String assertProblem(WebTestClient.ResponseSpec response, String code) {
		EntityExchangeResult<byte[]> result = response.expectBody().returnResult();
		int status = result.getStatus().value();
		String body = new String(result.getResponseBodyContent(), StandardCharsets.UTF_8);
		assertThat(result.getResponseHeaders().getContentType()).as("content type of %s", body)
			.isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertCatalogueBody(body, status, code);
		if (status == 503) {
			assertThat(result.getResponseHeaders().getFirst("Retry-After")).isNotNull().matches("[1-9][0-9]*");
		}
		else {
			assertThat(result.getResponseHeaders().getFirst("Retry-After")).isNull();
		}
		return body;
	}

	/** Assert that a JSON body is exactly the catalogue problem for a code. */
	@SuppressWarnings("unchecked")
	public static void assertCatalogueBody(String body, int status, String code) {
		Map<String, Object> problem = new HashMap<>(json.readValue(body, Map.class));
		Object instance = problem.remove("instance");
		if (instance != null) {
			// Only the controller-advice helper sets an instance: a random occurrence id.
			assertThat(instance.toString()).matches("urn:uuid:[0-9a-f-]{36}");
		}
		ProblemDetail expected = TenancyProblems.problemFor(exceptionFor(code));
		assertThat(problem).as(body)
			.containsOnlyKeys("type", "title", "status", "detail", "code")
			.containsEntry("type", TenancyProblems.TYPE_BASE + code)
			.containsEntry("title", expected.getTitle())
			.containsEntry("detail", expected.getDetail())
			.containsEntry("status", status)
			.containsEntry("code", code);
		assertThat(expected.getStatus()).isEqualTo(status);
	}

	public static TenantResolutionException exceptionFor(String code) {
		return switch (code) {
			case TenantResolutionException.Missing.CODE -> new TenantResolutionException.Missing();
			case TenantResolutionException.Malformed.CODE -> new TenantResolutionException.Malformed("test", 1);
			case TenantResolutionException.Unknown.CODE -> new TenantResolutionException.Unknown();
			case TenantResolutionException.Suspended.CODE -> new TenantResolutionException.Suspended();
			case TenantResolutionException.ClaimMissing.CODE -> new TenantResolutionException.ClaimMissing();
			case TenantResolutionException.Conflicting.CODE -> new TenantResolutionException.Conflicting("a", "b");
			case TenantResolutionException.DirectoryUnavailable.CODE ->
				new TenantResolutionException.DirectoryUnavailable(new IllegalStateException("test"));
			default -> throw new IllegalArgumentException(code);
		};
	}

}
