package io.tenancykit.web.problem;

import java.time.Duration;
import java.util.Objects;

import io.tenancykit.api.NotFoundInTenantException;
import io.tenancykit.api.TenantContext;
import io.tenancykit.api.TenantResolutionException;
import io.tenancykit.web.bind.TenantContexts;
import io.tenancykit.web.logging.FailureCauses;
import io.tenancykit.web.logging.TenantLogging;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Renders a {@link TenantResolutionException} raised by a handler (for example by
 * {@code TenantContexts.from(request)}) as the same problem the resolution filter would
 * have written, a {@link NotFoundInTenantException} from tenant-scoped persistence as the
 * {@link TenancyProblems#NOT_FOUND_CODE not-found} problem, so that another tenant's row,
 * a missing row and a reference to either answer the same 404, and every failure of data
 * access as the problem its classification names (ADR-026): 503
 * {@link TenancyProblems#DATABASE_UNAVAILABLE_CODE database-unavailable} or
 * {@link TenancyProblems#DEADLINE_EXCEEDED_CODE deadline-exceeded} with
 * {@code Retry-After}, 400 {@link TenancyProblems#INVALID_VALUE_CODE invalid-value}, 409
 * {@link TenancyProblems#CONFLICT_CODE conflict}, or 500
 * {@link TenancyProblems#INTERNAL_ERROR_CODE internal-error}. Each such failure is logged
 * once, with the tenant when one was resolved, by exception classes, SQLSTATE and the
 * innermost cause's message with its quoted parts masked ({@link FailureCauses}), never a
 * raw value the client sent. Other exceptions are passed on untouched.
 */
public final class TenancyProblemExceptionHandler implements WebExceptionHandler, Ordered {

	/**
	 * The default order: ahead of Spring Boot's {@code ErrorWebExceptionHandler}
	 * ({@code -1}) and Spring's {@code WebFluxResponseStatusExceptionHandler}
	 * ({@code 0}), so that tenant failures are not turned into generic errors.
	 */
	public static final int DEFAULT_ORDER = -2;

	private static final int MAX_CAUSE_DEPTH = 16;

	private static final Logger logger = LoggerFactory.getLogger(TenancyProblemExceptionHandler.class);

	private final Duration retryAfter;

	private int order = DEFAULT_ORDER;

	/**
	 * Create a handler that advertises {@link TenancyProblems#DEFAULT_RETRY_AFTER}.
	 */
	public TenancyProblemExceptionHandler() {
		this(TenancyProblems.DEFAULT_RETRY_AFTER);
	}

	/**
	 * Create a handler.
	 * @param retryAfter the delay advertised on 503 responses, must not be
	 * {@literal null}
	 */
	public TenancyProblemExceptionHandler(Duration retryAfter) {
		this.retryAfter = Objects.requireNonNull(retryAfter, "'retryAfter' must not be null");
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		TenantResolutionException failure = find(ex, TenantResolutionException.class);
		if (failure != null) {
			return TenancyProblems.write(exchange, failure, this.retryAfter);
		}
		NotFoundInTenantException notFound = find(ex, NotFoundInTenantException.class);
		if (notFound != null) {
			return TenancyProblems.writeNotFound(exchange, notFound);
		}
		DataAccessFailures.Failure classified = DataAccessFailures.classify(ex);
		if (classified != null) {
			String code = code(classified.kind());
			log(exchange, classified, code, ex);
			return TenancyProblems.write(exchange, code, this.retryAfter, ex);
		}
		return Mono.error(ex);
	}

	private static String code(DataAccessFailures.Kind kind) {
		return switch (kind) {
			case UNAVAILABLE -> TenancyProblems.DATABASE_UNAVAILABLE_CODE;
			case DEADLINE -> TenancyProblems.DEADLINE_EXCEEDED_CODE;
			case INVALID_VALUE -> TenancyProblems.INVALID_VALUE_CODE;
			case CONFLICT -> TenancyProblems.CONFLICT_CODE;
			case INTERNAL -> TenancyProblems.INTERNAL_ERROR_CODE;
		};
	}

	private static void log(ServerWebExchange exchange, DataAccessFailures.Failure failure, String code, Throwable ex) {
		// 4xx are the client's doing and expected; 5xx are the operator's concern.
		LoggingEventBuilder event = switch (failure.kind()) {
			case UNAVAILABLE, DEADLINE -> logger.atWarn();
			case INVALID_VALUE, CONFLICT -> logger.atDebug();
			case INTERNAL -> logger.atError();
		};
		TenantContext tenant = TenantContexts.find(exchange).orElse(null);
		if (tenant != null) {
			event = TenantLogging.withTenant(event, tenant);
		}
		event = event.addKeyValue("code", code).addKeyValue("reason", failure.reason());
		if (failure.sqlState() != null) {
			event = event.addKeyValue("sqlstate", failure.sqlState());
		}
		event = event.addKeyValue("causes", failure.causes());
		FailureCauses.withCause(event, ex).log("Data access failed: {}", FailureCauses.describe(ex));
	}

	private static <E extends Throwable> @Nullable E find(Throwable ex, Class<E> type) {
		Throwable candidate = ex;
		for (int depth = 0; candidate != null && depth < MAX_CAUSE_DEPTH; depth++) {
			if (type.isInstance(candidate)) {
				return type.cast(candidate);
			}
			candidate = candidate.getCause();
		}
		return null;
	}

	/**
	 * Set the order of this handler.
	 * @param order the order, {@link #DEFAULT_ORDER} by default
	 */
	public void setOrder(int order) {
		this.order = order;
	}

	@Override
	public int getOrder() {
		return this.order;
	}

}
