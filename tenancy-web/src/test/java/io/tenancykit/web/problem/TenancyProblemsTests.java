package io.tenancykit.web.problem;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import io.tenancykit.api.TenantResolutionException;
import io.tenancykit.web.testsupport.Problems;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The problem catalogue and its JSON rendering.
 */
class TenancyProblemsTests {

	@Test
	void cataloguesEveryResolutionFailure() {
		assertThat(TenantResolutionException.class.getPermittedSubclasses()).hasSize(7);
		for (Class<?> failure : TenantResolutionException.class.getPermittedSubclasses()) {
			String code = Arrays.stream(failure.getFields())
				.filter((field) -> field.getName().equals("CODE"))
				.map((field) -> {
					try {
						return (String) field.get(null);
					}
					catch (IllegalAccessException ex) {
						throw new IllegalStateException(ex);
					}
				})
				.findFirst()
				.orElseThrow();
			assertThat(TenancyProblems.codes()).contains(code);
		}
		assertThat(TenancyProblems.codes()).hasSize(13)
			.contains(TenancyProblems.NOT_FOUND_CODE, TenancyProblems.DATABASE_UNAVAILABLE_CODE,
					TenancyProblems.DEADLINE_EXCEEDED_CODE, TenancyProblems.INVALID_VALUE_CODE,
					TenancyProblems.CONFLICT_CODE, TenancyProblems.INTERNAL_ERROR_CODE);
	}

	@Test
	void mapsCodesToStableTypesAndStatuses() {
		Map<String, HttpStatus> expected = Map.of("tenant-missing", HttpStatus.BAD_REQUEST, "tenant-malformed",
				HttpStatus.BAD_REQUEST, "tenant-conflicting", HttpStatus.BAD_REQUEST, "tenant-unknown",
				HttpStatus.NOT_FOUND, "tenant-suspended", HttpStatus.FORBIDDEN, "tenant-claim-missing",
				HttpStatus.FORBIDDEN, "tenant-directory-unavailable", HttpStatus.SERVICE_UNAVAILABLE);
		expected.forEach((code, status) -> {
			TenantResolutionException failure = Problems.exceptionFor(code);
			assertThat(TenancyProblems.statusFor(failure)).isEqualTo(status);
			assertThat(TenancyProblems.typeFor(code)).hasToString("https://tenancykit.io/problems/" + code);
			ProblemDetail problem = TenancyProblems.problemFor(failure);
			assertThat(problem.getStatus()).isEqualTo(status.value());
			assertThat(problem.getProperties()).containsEntry("code", code);
			assertThat(problem.getInstance()).isNull();
		});
	}

	@Test
	void detailIsTheCatalogueTextNeverTheExceptionMessage() {
		TenantResolutionException failure = new TenantResolutionException.Malformed("raw-input-here", 14);
		assertThat(TenancyProblems.problemFor(failure).getDetail()).doesNotContain("raw-input-here")
			.doesNotContain("14");
		TenantResolutionException conflict = new TenantResolutionException.Conflicting("header", "subdomain");
		assertThat(TenancyProblems.problemFor(conflict).getDetail()).doesNotContain("header");
	}

	@Test
	void rejectsUnknownCode() {
		assertThatIllegalArgumentException().isThrownBy(() -> TenancyProblems.typeFor("nope"));
	}

	@Test
	void responseEntityCarriesProblemHeaders() {
		ResponseEntity<ProblemDetail> unavailable = TenancyProblems
			.toResponseEntity(Problems.exceptionFor("tenant-directory-unavailable"), Duration.ofMillis(1500));
		assertThat(unavailable.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(unavailable.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(unavailable.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
		assertThat(unavailable.getHeaders().getCacheControl()).isEqualTo("no-store");
		ResponseEntity<ProblemDetail> missing = TenancyProblems
			.toResponseEntity(Problems.exceptionFor("tenant-missing"), Duration.ofSeconds(5));
		assertThat(missing.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNull();
	}

	@Test
	@SuppressWarnings("unchecked")
	void rendersValidJsonAndEscapesStrings() {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"quote \" backslash \\ \r\n\u0000 \u2028 é");
		problem.setTitle("Title");
		problem.setProperty("code", "x");
		problem.setProperty("count", 3);
		problem.setProperty("flag", true);
		String json = ProblemJson.write(problem);
		Map<String, Object> parsed = JsonMapper.builder().build().readValue(json, Map.class);
		assertThat(parsed).containsEntry("type", "about:blank")
			.containsEntry("title", "Title")
			.containsEntry("status", 400)
			.containsEntry("detail", "quote \" backslash \\ \r\n\u0000 \u2028 é")
			.containsEntry("code", "x")
			.containsEntry("count", 3)
			.containsEntry("flag", true);
	}

}
