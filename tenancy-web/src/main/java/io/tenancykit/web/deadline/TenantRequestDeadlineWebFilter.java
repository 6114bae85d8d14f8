package io.tenancykit.web.deadline;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

import io.tenancykit.web.bind.TenantContexts;
import io.tenancykit.web.netty.EventLoopSchedulers;
import io.tenancykit.web.problem.TenancyProblemExceptionHandler;
import io.tenancykit.web.resolution.TenantResolutionWebFilter;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.util.ClassUtils;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Bounds the time a tenant-scoped request may take to answer. When the rest of the chain
 * has not committed a response within the deadline, it is cancelled (and with it any
 * statement or connection acquisition it waits for) and fails with a
 * {@link TimeoutException}, which the {@link TenancyProblemExceptionHandler} answers as a
 * 503 {@code deadline-exceeded} problem with {@code Retry-After}. Once the response is
 * committed the deadline no longer applies, so a streamed body is not cut off. The timer
 * runs on the event loop of the request's connection when the server is Reactor Netty, on
 * Reactor's parallel scheduler otherwise. Requests without a tenant (excluded paths) pass
 * through unbounded, and so does everything with a zero deadline.
 * <p>
 * The deadline is a backstop above the database's own limits (statement timeout, pool
 * acquire timeout), which answer sooner and free the connection on the server; see
 * ADR-027.
 */
public final class TenantRequestDeadlineWebFilter implements WebFilter, Ordered {

	/**
	 * The default order: right after the {@link TenantResolutionWebFilter}, so that the
	 * tenant is known and resolution, which has its own lookup timeout, is not counted.
	 */
	public static final int DEFAULT_ORDER = TenantResolutionWebFilter.DEFAULT_ORDER + 1;

	private static final boolean REACTOR_NETTY_PRESENT = ClassUtils.isPresent("reactor.netty.Connection",
			TenantRequestDeadlineWebFilter.class.getClassLoader());

	private final Duration deadline;

	private volatile int order = DEFAULT_ORDER;

	/**
	 * Create a filter.
	 * @param deadline the time a tenant-scoped request may take until its response is
	 * committed; zero for none; must not be negative
	 */
	public TenantRequestDeadlineWebFilter(Duration deadline) {
		Objects.requireNonNull(deadline, "'deadline' must not be null");
		if (deadline.isNegative()) {
			throw new IllegalArgumentException("'deadline' must not be negative");
		}
		this.deadline = deadline;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (this.deadline.isZero() || TenantContexts.find(exchange).isEmpty()) {
			return chain.filter(exchange);
		}
		ServerHttpResponse response = exchange.getResponse();
		// A response counts as committed from the moment its commit begins; the timer
		// that fires after that is ignored.
		Mono<Long> expiry = delay(exchange)
			.flatMap((tick) -> response.isCommitted() ? Mono.<Long>never() : Mono.just(tick));
		return chain.filter(exchange).timeout(expiry);
	}

	private Mono<Long> delay(ServerWebExchange exchange) {
		// On the request's own event loop the timer is a task of that loop, instead of an
		// entry in the shared parallel scheduler's locked queue.
		Scheduler eventLoop = REACTOR_NETTY_PRESENT ? EventLoopSchedulers.of(exchange) : null;
		return (eventLoop != null) ? Mono.delay(this.deadline, eventLoop) : Mono.delay(this.deadline);
	}

	/**
	 * Return the deadline.
	 * @return the deadline
	 */
	public Duration getDeadline() {
		return this.deadline;
	}

	/**
	 * Set the order of this filter.
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
