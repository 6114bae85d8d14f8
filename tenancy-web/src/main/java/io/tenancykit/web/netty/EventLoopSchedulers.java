package io.tenancykit.web.netty;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.netty.channel.EventLoop;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;

/**
 * One Reactor {@link Scheduler} per Netty event loop that serves requests, so that work
 * of a request (a task, a timer) can run on its own connection's event loop without a
 * scheduler created per request. The schedulers are kept while their event loop lives:
 * one per loop, dropped when the loop terminates. They are shared and must never be
 * disposed, which would shut the event loop down.
 */
public final class EventLoopSchedulers {

	private static final ConcurrentMap<EventLoop, Scheduler> schedulers = new ConcurrentHashMap<>();

	private EventLoopSchedulers() {
	}

	/**
	 * Return the scheduler of the event loop that serves a request.
	 * @param exchange the exchange, must not be {@literal null}
	 * @return the scheduler of the event loop of the request's Reactor Netty connection,
	 * or {@literal null} when the request is not served by Reactor Netty (another server,
	 * or a mock request)
	 */
	public static @Nullable Scheduler of(ServerWebExchange exchange) {
		Object request;
		try {
			request = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			// Not a request of a server Spring adapts, or a mock request without one.
			return null;
		}
		return (request instanceof Connection connection) ? of(connection.channel().eventLoop()) : null;
	}

	static Scheduler of(EventLoop eventLoop) {
		Scheduler scheduler = schedulers.get(eventLoop);
		if (scheduler != null) {
			return scheduler;
		}
		// An event loop is a ScheduledExecutorService: the scheduler supports delays.
		Scheduler created = Schedulers.fromExecutorService(eventLoop, "tenancy-event-loop");
		Scheduler existing = schedulers.putIfAbsent(eventLoop, created);
		if (existing != null) {
			return existing;
		}
		eventLoop.terminationFuture().addListener((future) -> schedulers.remove(eventLoop, created));
		return created;
	}

	static boolean isCached(EventLoop eventLoop) {
		return schedulers.containsKey(eventLoop);
	}

}
