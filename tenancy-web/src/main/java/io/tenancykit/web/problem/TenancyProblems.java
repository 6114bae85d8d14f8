package io.tenancykit.web.problem;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import io.tenancykit.api.NotFoundInTenantException;
import io.tenancykit.api.TenantResolutionException;
import reactor.core.publisher.Mono;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * The one catalogue of problem types (RFC 9457) of the kit, see {@code docs/errors.md}:
 * tenant resolution failures, the tenant-scoped not-found, and failures of data access
 * (ADR-026). Every {@link TenantResolutionException#code() code} maps to a stable
 * {@code type} URI, a title, a status and a fixed detail text; nothing taken from the
 * request ever appears in a problem, so an unknown tenant and a tenant the caller may not
 * use produce byte-identical responses.
 */
public final class TenancyProblems {

	/** The base of every problem {@code type} URI; the code is appended. */
	public static final String TYPE_BASE = "https://tenancykit.io/problems/";

	/** The name of the extension member that carries the stable code. */
	public static final String CODE_PROPERTY = "code";

	/** The {@code Retry-After} used for 503 responses unless configured otherwise. */
	public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

	/**
	 * The code of the problem answered when tenant-scoped work names a row the tenant
	 * cannot see ({@link NotFoundInTenantException}): a missing row, another tenant's row
	 * and a reference to either all look the same.
	 */
	public static final String NOT_FOUND_CODE = "not-found";

	/**
	 * The code of the problem answered when the database cannot serve the request right
	 * now: connection refused or lost, backend terminated, pool exhausted, statement or
	 * lock timeout, serialization failure, deadlock. A 503 with {@code Retry-After}.
	 */
	public static final String DATABASE_UNAVAILABLE_CODE = "database-unavailable";

	/**
	 * The code of the problem answered when tenant-scoped work did not answer within the
	 * request deadline, or another step timed out. A 503 with {@code Retry-After}.
	 */
	public static final String DEADLINE_EXCEEDED_CODE = "deadline-exceeded";

	/**
	 * The code of the problem answered when the database refuses a value of the request:
	 * an invalid byte sequence, a NUL character, a number out of range, a string too
	 * long, a violated check or not-null constraint. A 400.
	 */
	public static final String INVALID_VALUE_CODE = "invalid-value";

	/**
	 * The code of the problem answered when the request conflicts with what is stored: a
	 * unique or exclusion violation, a row still referenced, a version that moved on. A
	 * 409.
	 */
	public static final String CONFLICT_CODE = "conflict";

	/**
	 * The code of the problem answered for any other failure of data access. A 500 whose
	 * body says nothing about the failure.
	 */
	public static final String INTERNAL_ERROR_CODE = "internal-error";

	private static final Map<String, Entry> CATALOGUE = catalogue();

	private TenancyProblems() {
	}

	private static Map<String, Entry> catalogue() {
		Map<String, Entry> entries = new LinkedHashMap<>();
		entries.put(TenantResolutionException.Missing.CODE,
				new Entry(HttpStatus.BAD_REQUEST, "Tenant missing", "The request does not identify a tenant."));
		entries.put(TenantResolutionException.Malformed.CODE, new Entry(HttpStatus.BAD_REQUEST, "Tenant malformed",
				"The tenant identifier supplied with the request is not in canonical form."));
		entries.put(TenantResolutionException.Conflicting.CODE, new Entry(HttpStatus.BAD_REQUEST, "Conflicting tenants",
				"The request identifies more than one tenant."));
		entries.put(TenantResolutionException.Unknown.CODE,
				new Entry(HttpStatus.NOT_FOUND, "Tenant not found", "No tenant with this identifier is available."));
		entries.put(TenantResolutionException.Suspended.CODE,
				new Entry(HttpStatus.FORBIDDEN, "Tenant suspended", "The tenant is suspended."));
		entries.put(TenantResolutionException.ClaimMissing.CODE, new Entry(HttpStatus.FORBIDDEN, "Tenant claim missing",
				"The credential of the request does not name a tenant."));
		entries.put(TenantResolutionException.DirectoryUnavailable.CODE, new Entry(HttpStatus.SERVICE_UNAVAILABLE,
				"Tenant directory unavailable", "The tenant could not be resolved right now; retry later."));
		entries.put(NOT_FOUND_CODE, new Entry(HttpStatus.NOT_FOUND, "Not found", "The resource does not exist."));
		entries.put(DATABASE_UNAVAILABLE_CODE, new Entry(HttpStatus.SERVICE_UNAVAILABLE, "Database unavailable",
				"The data store cannot serve the request right now; retry later."));
		entries.put(DEADLINE_EXCEEDED_CODE, new Entry(HttpStatus.SERVICE_UNAVAILABLE, "Deadline exceeded",
				"The request could not be completed in time; retry later."));
		entries.put(INVALID_VALUE_CODE, new Entry(HttpStatus.BAD_REQUEST, "Invalid value",
				"The request contains a value that cannot be stored."));
		entries.put(CONFLICT_CODE, new Entry(HttpStatus.CONFLICT, "Conflict",
				"The request conflicts with the current state of the resource."));
		entries.put(INTERNAL_ERROR_CODE,
				new Entry(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error", "The request could not be completed."));
		return Map.copyOf(entries);
	}

	/**
	 * Return every code in the catalogue.
	 * @return the codes
	 */
	public static Set<String> codes() {
		return CATALOGUE.keySet();
	}

	/**
	 * Return the stable problem type URI of a code.
	 * @param code a code from {@link #codes()}, must not be {@literal null}
	 * @return the type URI
	 */
	public static URI typeFor(String code) {
		entry(code);
		return URI.create(TYPE_BASE + code);
	}

	/**
	 * Return the HTTP status of a failure.
	 * @param exception the failure, must not be {@literal null}
	 * @return the status
	 */
	public static HttpStatus statusFor(TenantResolutionException exception) {
		return entry(exception.code()).status();
	}

	/**
	 * Create the problem detail of a failure. Its detail is the catalogue text, never the
	 * exception message.
	 * @param exception the failure, must not be {@literal null}
	 * @return a new problem detail with the {@code code} extension
	 */
	public static ProblemDetail problemFor(TenantResolutionException exception) {
		Objects.requireNonNull(exception, "'exception' must not be null");
		return problem(exception.code());
	}

	/**
	 * Create the response headers of a failure: {@code application/problem+json},
	 * {@code Cache-Control: no-store} and, for 503, {@code Retry-After}.
	 * @param exception the failure, must not be {@literal null}
	 * @param retryAfter the delay advertised on 503 responses, must not be
	 * {@literal null}
	 * @return new headers
	 */
	public static HttpHeaders headersFor(TenantResolutionException exception, Duration retryAfter) {
		HttpHeaders headers = new HttpHeaders();
		applyHeaders(headers, statusFor(exception), retryAfter);
		return headers;
	}

	/**
	 * Create a response entity for a failure, for use in an {@code @ExceptionHandler}
	 * method of a {@code @ControllerAdvice}. Spring fills a missing {@code instance} of a
	 * {@code ProblemDetail} body with the raw request path, which may carry client input;
	 * this method sets it to a random {@code urn:uuid:} occurrence id instead.
	 * @param exception the failure, must not be {@literal null}
	 * @param retryAfter the delay advertised on 503 responses, must not be
	 * {@literal null}
	 * @return the response entity
	 */
	public static ResponseEntity<ProblemDetail> toResponseEntity(TenantResolutionException exception,
			Duration retryAfter) {
		ProblemDetail problem = problemFor(exception);
		problem.setInstance(URI.create("urn:uuid:" + UUID.randomUUID()));
		return ResponseEntity.status(statusFor(exception)).headers(headersFor(exception, retryAfter)).body(problem);
	}

	/**
	 * Write a failure as {@code application/problem+json} directly to the response,
	 * without relying on configured codecs. Used where no handler is involved, such as in
	 * a {@code WebFilter}.
	 * @param exchange the exchange, must not be {@literal null}
	 * @param exception the failure, must not be {@literal null}
	 * @param retryAfter the delay advertised on 503 responses, must not be
	 * {@literal null}
	 * @return completion of the write, or the failure itself when the response is already
	 * committed
	 */
	public static Mono<Void> write(ServerWebExchange exchange, TenantResolutionException exception,
			Duration retryAfter) {
		return write(exchange, exception.code(), retryAfter, exception);
	}

	/**
	 * Return the problem of {@link #NOT_FOUND_CODE}: the same body whatever was not
	 * found, so that another tenant's row cannot be told from a missing one.
	 * @return the problem
	 */
	public static ProblemDetail notFound() {
		return problem(NOT_FOUND_CODE);
	}

	/**
	 * Return the problem of a code: its catalogue status, type, title and detail, and the
	 * {@code code} extension; no {@code instance}.
	 * @param code a code from {@link #codes()}, must not be {@literal null}
	 * @return a new problem detail
	 */
	public static ProblemDetail problem(String code) {
		Entry entry = entry(code);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(entry.status(), entry.detail());
		problem.setType(typeFor(code));
		problem.setTitle(entry.title());
		problem.setProperty(CODE_PROPERTY, code);
		return problem;
	}

	/**
	 * Write the {@link #notFound()} problem as the response, unless it is committed.
	 * @param exchange the exchange, must not be {@literal null}
	 * @param exception the failure
	 * @return completion of the write
	 */
	public static Mono<Void> writeNotFound(ServerWebExchange exchange, NotFoundInTenantException exception) {
		return write(exchange, NOT_FOUND_CODE, DEFAULT_RETRY_AFTER, exception);
	}

	/**
	 * Write the {@link #problem(String) problem} of a code as
	 * {@code application/problem+json} directly to the response, with
	 * {@code Cache-Control: no-store} and, for 503, {@code Retry-After}, unless the
	 * response is committed.
	 * @param exchange the exchange, must not be {@literal null}
	 * @param code a code from {@link #codes()}, must not be {@literal null}
	 * @param retryAfter the delay advertised on 503 responses, must not be
	 * {@literal null}
	 * @param failure the failure answered, signalled again when the response is committed
	 * @return completion of the write, or the failure when the response is committed
	 */
	public static Mono<Void> write(ServerWebExchange exchange, String code, Duration retryAfter, Throwable failure) {
		Objects.requireNonNull(retryAfter, "'retryAfter' must not be null");
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			return Mono.error(failure);
		}
		HttpStatus status = entry(code).status();
		response.setStatusCode(status);
		applyHeaders(response.getHeaders(), status, retryAfter);
		byte[] body = ProblemJson.write(problem(code)).getBytes(StandardCharsets.UTF_8);
		return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
	}

	private static void applyHeaders(HttpHeaders headers, HttpStatus status, Duration retryAfter) {
		Objects.requireNonNull(retryAfter, "'retryAfter' must not be null");
		headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		headers.setCacheControl(CacheControl.noStore());
		if (status == HttpStatus.SERVICE_UNAVAILABLE) {
			headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
		}
	}

	private static Entry entry(String code) {
		Entry entry = CATALOGUE.get(code);
		if (entry == null) {
			throw new IllegalArgumentException("No problem type for code '" + code + "'");
		}
		return entry;
	}

	private record Entry(HttpStatus status, String title, String detail) {

	}

}
