package io.tenancykit.web.problem;

import java.time.Duration;

import io.tenancykit.api.NotFoundInTenantException;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failures of tenant-scoped persistence that mean "not found" answer one and the same 404
 * problem.
 */
class TenancyProblemExceptionHandlerTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final TenancyProblemExceptionHandler handler = new TenancyProblemExceptionHandler();

	@Test
	void answersNotFoundInTenantWithTheNotFoundProblem() {
		MockServerWebExchange exchange = exchange();
		StepVerifier.create(this.handler.handle(exchange, new NotFoundInTenantException("project not found")))
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		StepVerifier.create(exchange.getResponse().getBodyAsString())
			.assertNext((body) -> assertThat(body).isEqualTo(ProblemJson.write(TenancyProblems.notFound()))
				.contains("\"code\":\"not-found\"")
				.doesNotContain("project"))
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void answersAWrappedForeignKeyNotFoundWithTheSameBodyAsAMissingRow() {
		MockServerWebExchange missing = exchange();
		MockServerWebExchange reference = exchange();
		StepVerifier.create(this.handler.handle(missing, new NotFoundInTenantException("project not found")))
			.expectComplete()
			.verify(TIMEOUT);
		NotFoundInTenantException fromForeignKey = new NotFoundInTenantException(
				"insert: a referenced row was not found", new RuntimeException("SQLSTATE 23503"));
		StepVerifier.create(this.handler.handle(reference, new IllegalStateException(fromForeignKey)))
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(reference.getResponse().getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(reference.getResponse().getBodyAsString().block(TIMEOUT))
			.isEqualTo(missing.getResponse().getBodyAsString().block(TIMEOUT));
	}

	@Test
	void passesOtherFailuresOn() {
		IllegalStateException failure = new IllegalStateException("boom");
		StepVerifier.create(this.handler.handle(exchange(), failure))
			.expectErrorMatches((ex) -> ex == failure)
			.verify(TIMEOUT);
	}

	private static MockServerWebExchange exchange() {
		return MockServerWebExchange.from(MockServerHttpRequest.get("/api/projects/1"));
	}

}
