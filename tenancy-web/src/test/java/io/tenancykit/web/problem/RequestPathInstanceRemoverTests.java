package io.tenancykit.web.problem;

import java.net.URI;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request path Spring puts into {@code instance} is removed; an absolute occurrence
 * id is kept.
 */
class RequestPathInstanceRemoverTests {

	private final RequestPathInstanceRemover remover = new RequestPathInstanceRemover();

	@Test
	void removesTheRequestPath() {
		ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
		problem.setInstance(URI.create("/t/acme/api/projects/%20"));
		this.remover.handleError(problem, null);
		assertThat(problem.getInstance()).isNull();
	}

	@Test
	void keepsAnAbsoluteInstance() {
		ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
		URI occurrence = URI.create("urn:uuid:6f1c1e7a-5d3e-4d55-9d5e-3f0f9e6f2a10");
		problem.setInstance(occurrence);
		this.remover.handleError(problem, null);
		assertThat(problem.getInstance()).isEqualTo(occurrence);
	}

}
