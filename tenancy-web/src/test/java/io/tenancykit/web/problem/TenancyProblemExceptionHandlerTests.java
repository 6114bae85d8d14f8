package io.tenancykit.web.problem;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.tenancykit.api.NotFoundInTenantException;
import io.tenancykit.api.TenantContext;
import io.tenancykit.web.bind.TenantContexts;
import io.tenancykit.web.testsupport.InMemoryTenantDirectory;
import io.tenancykit.web.testsupport.LogCapture;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.InvalidDataAccessResourceUsageException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failures of tenant-scoped persistence that mean "not found" answer one and the same 404
 * problem; other data access failures answer the problem their classification names,
 * logged once without their messages.
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

	@Test
	void answersATransientDataAccessFailureWith503AndRetryAfterAndLogsItOnceWithTheTenant() {
		MockServerWebExchange exchange = exchange();
		TenantContext tenant = TenantContext.of(new InMemoryTenantDirectory().add("acme"));
		exchange.getAttributes().put(TenantContexts.ATTRIBUTE, tenant);
		// PostgreSQL quotes the values it echoes; the quoted part is masked in the log.
		Throwable failure = new DataAccessResourceFailureException("terminating connection for \"acme-secret\"",
				new R2dbcNonTransientResourceException("terminating connection for \"acme-secret\"", "57P01"));
		try (LogCapture logs = new LogCapture()) {
			StepVerifier.create(this.handler.handle(exchange, failure)).expectComplete().verify(TIMEOUT);
			assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
			assertThat(exchange.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("5");
			assertBody(exchange, TenancyProblems.DATABASE_UNAVAILABLE_CODE);
			List<ILoggingEvent> events = logs.events(TenancyProblemExceptionHandler.class.getName());
			assertThat(events).singleElement().satisfies((event) -> {
				assertThat(event.getLevel()).isEqualTo(Level.WARN);
				assertThat(LogCapture.keyValue(event, "tenant_id")).isEqualTo(tenant.tenantId().toString());
				assertThat(LogCapture.keyValue(event, "code")).isEqualTo("database-unavailable");
				assertThat(LogCapture.keyValue(event, "reason")).isEqualTo("backend-terminated");
				assertThat(LogCapture.keyValue(event, "sqlstate")).isEqualTo("57P01");
				assertThat(LogCapture.keyValue(event, "cause"))
					.isEqualTo(R2dbcNonTransientResourceException.class.getName());
				assertThat(LogCapture.keyValue(event, "cause_message")).isEqualTo("terminating connection for \"…\"");
				assertThat(LogCapture.render(event)).doesNotContain("acme-secret");
				assertThat(event.getThrowableProxy()).isNull();
			});
		}
	}

	@Test
	void answersAValueTheDatabaseRefusesWith400AndNoErrorLog() {
		MockServerWebExchange exchange = exchange();
		Throwable failure = new InvalidDataAccessResourceUsageException("INSERT INSERT INTO project VALUES ($1)",
				new SQLException("invalid byte sequence for encoding \"UTF8\": 0x00", "22021"));
		try (LogCapture logs = new LogCapture()) {
			StepVerifier.create(this.handler.handle(exchange, failure)).expectComplete().verify(TIMEOUT);
			assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
			assertThat(exchange.getResponse().getHeaders().getFirst("Retry-After")).isNull();
			assertBody(exchange, TenancyProblems.INVALID_VALUE_CODE);
			assertThat(logs.events()).allSatisfy((event) -> assertThat(event.getLevel()).isEqualTo(Level.DEBUG));
		}
	}

	@Test
	void answersAUniqueViolationWith409() {
		MockServerWebExchange exchange = exchange();
		StepVerifier
			.create(this.handler.handle(exchange,
					new DuplicateKeyException("dup", new R2dbcDataIntegrityViolationException("dup", "23505"))))
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
		assertBody(exchange, TenancyProblems.CONFLICT_CODE);
	}

	@Test
	void answersAnyOtherDataAccessFailureWithA500ThatRevealsNothing() {
		MockServerWebExchange exchange = exchange();
		Throwable failure = new InvalidDataAccessResourceUsageException("SELECT SELECT secret_column FROM project",
				new SQLException("column \"secret_column\" does not exist", "42703"));
		try (LogCapture logs = new LogCapture()) {
			StepVerifier.create(this.handler.handle(exchange, failure)).expectComplete().verify(TIMEOUT);
			assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
			assertThat(assertBody(exchange, TenancyProblems.INTERNAL_ERROR_CODE)).doesNotContain("secret")
				.doesNotContain("SELECT");
			assertThat(logs.events(TenancyProblemExceptionHandler.class.getName())).singleElement()
				.satisfies((event) -> {
					assertThat(event.getLevel()).isEqualTo(Level.ERROR);
					assertThat(LogCapture.keyValue(event, "sqlstate")).isEqualTo("42703");
					assertThat(LogCapture.render(event)).doesNotContain("secret");
				});
		}
	}

	@Test
	void answersATimeoutWithDeadlineExceeded() {
		MockServerWebExchange exchange = exchange();
		StepVerifier.create(this.handler.handle(exchange, new TimeoutException("Did not observe any item")))
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(exchange.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("5");
		assertBody(exchange, TenancyProblems.DEADLINE_EXCEEDED_CODE);
	}

	@Test
	void signalsTheFailureAgainWhenTheResponseIsCommitted() {
		MockServerWebExchange exchange = exchange();
		StepVerifier.create(exchange.getResponse().setComplete()).expectComplete().verify(TIMEOUT);
		QueryTimeoutException failure = new QueryTimeoutException("timeout");
		StepVerifier.create(this.handler.handle(exchange, failure))
			.expectErrorMatches((ex) -> ex == failure)
			.verify(TIMEOUT);
	}

	private static String assertBody(MockServerWebExchange exchange, String code) {
		String body = exchange.getResponse().getBodyAsString().block(TIMEOUT);
		assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(body).isEqualTo(ProblemJson.write(TenancyProblems.problem(code)))
			.contains("\"code\":\"" + code + "\"")
			.doesNotContain("instance");
		return body;
	}

	private static MockServerWebExchange exchange() {
		return MockServerWebExchange.from(MockServerHttpRequest.get("/api/projects/1"));
	}

}
