package io.tenancykit.web.netty;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Starts the processing of each request served by Reactor Netty in a task of its own on
 * the event loop of its connection, instead of inside the call in which Reactor Netty
 * hands the request over. The processing stays on the same thread; it begins one task
 * later.
 * <p>
 * Reactor Netty (1.3.6 and earlier; reactor-netty#4361) queues a request that arrives on
 * a kept-alive connection before the previous response is done. When such a queued
 * request is answered within that hand-over call, as a request answered without I/O is
 * (an unknown tenant from the negative cache, a malformed tenant), Reactor Netty stops
 * reading the connection, and the client's next request on it is never answered.
 * Answering in a later task lets Reactor Netty finish draining its queue first, so that
 * it reads on. Requests of other servers pass through unchanged.
 */
public final class EventLoopDispatchWebFilter implements WebFilter, Ordered {

	/**
	 * The default order: first, so that no filter can answer within the hand-over.
	 */
	public static final int DEFAULT_ORDER = Ordered.HIGHEST_PRECEDENCE;

	private volatile int order = DEFAULT_ORDER;

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		Scheduler eventLoop = EventLoopSchedulers.of(exchange);
		if (eventLoop != null) {
			return Mono.defer(() -> chain.filter(exchange)).subscribeOn(eventLoop);
		}
		return chain.filter(exchange);
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
