package io.tenancykit.web.problem;

import java.time.Duration;
import java.util.Objects;

import io.tenancykit.api.TenantResolutionException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Renders a {@link TenantResolutionException} raised by a handler (for example by
 * {@code TenantContexts.from(request)}) as the same problem the resolution filter would
 * have written. Other exceptions are passed on untouched.
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
		TenantResolutionException failure = find(ex);
		if (failure == null) {
			return Mono.error(ex);
		}
		return TenancyProblems.write(exchange, failure, this.retryAfter);
	}

	private static @Nullable TenantResolutionException find(Throwable ex) {
		Throwable candidate = ex;
		for (int depth = 0; candidate != null && depth < MAX_CAUSE_DEPTH; depth++) {
			if (candidate instanceof TenantResolutionException failure) {
				return failure;
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
