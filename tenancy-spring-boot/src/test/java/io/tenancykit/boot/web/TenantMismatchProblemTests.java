package io.tenancykit.boot.web;

import java.time.Duration;

import io.tenancykit.api.NotFoundInTenantException;
import io.tenancykit.persistence.repository.TenantMismatchException;
import io.tenancykit.web.problem.TenancyProblemExceptionHandler;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A repository's {@link TenantMismatchException} reaches the web layer, which knows only
 * {@code tenancy-api}, as the 404 of a missing row: the handler of the auto-configured
 * kit answers both with the same bytes.
 */
class TenantMismatchProblemTests {

	private final TenancyProblemExceptionHandler handler = new TenancyProblemExceptionHandler();

	@Test
	void answersAnotherTenantsEntityExactlyLikeAMissingRow() {
		MockServerWebExchange mismatch = handle(new TenantMismatchException("save"));
		MockServerWebExchange missing = handle(new NotFoundInTenantException("project not found"));
		assertThat(mismatch.getResponse().getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(mismatch.getResponse().getHeaders()).isEqualTo(missing.getResponse().getHeaders());
		String body = mismatch.getResponse().getBodyAsString().block(Duration.ofSeconds(5));
		assertThat(body).isEqualTo(missing.getResponse().getBodyAsString().block(Duration.ofSeconds(5)))
			.contains("\"code\":\"not-found\"")
			.doesNotContain("tenant");
	}

	@Test
	void answersAMismatchWrappedByTheApplicationToo() {
		MockServerWebExchange exchange = handle(
				new IllegalStateException("wrapped", new TenantMismatchException("findById")));
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
	}

	private MockServerWebExchange handle(Throwable failure) {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/projects/1"));
		this.handler.handle(exchange, failure).block(Duration.ofSeconds(5));
		return exchange;
	}

}
