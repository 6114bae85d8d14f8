package io.tenancykit.web.problem;

import java.time.Duration;
import java.util.Objects;

import io.tenancykit.api.NotFoundInTenantException;
import io.tenancykit.api.TenantResolutionException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Renders a {@link TenantResolutionException} raised by a handler (for example by
 * {@code TenantContexts.from(request)}) as the same problem the resolution filter would
 * have written, and a {@link NotFoundInTenantException} from tenant-scoped persistence as
 * the {@link TenancyProblems#NOT_FOUND_CODE not-found} problem, so that another tenant's
 * row, a missing row and a reference to either answer the same 404. Other exceptions are
 * passed on untouched.
 */
public final class TenancyProblemExceptionHandler implements WebExceptionHandler, Ordered {

	/**
	 * The default order: ahead of Spring Boot's {@code ErrorWebExceptionHandler}
	 * ({@code -1}) and Spring's {@code WebFluxResponseStatusExceptionHandler}
	 * ({@code 0}), so that tenant failures are not turned into generic errors.
	 */
	public static final int DEFAULT_ORDER = -2;

	private static final int MAX_CAUSE_DEPTH = 16;

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
		return Mono.error(ex);
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
