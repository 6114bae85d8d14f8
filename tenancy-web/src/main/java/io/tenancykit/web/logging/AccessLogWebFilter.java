package io.tenancykit.web.logging;

import java.util.concurrent.TimeUnit;

import io.tenancykit.api.TenantContext;
import io.tenancykit.web.bind.TenantContexts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Logs one line per request to {@value #LOGGER_NAME}: method, matched route pattern,
 * status and duration, with {@code tenant_id} when a tenant was resolved. It wraps the
 * tenant resolution filter, so requests the resolution refuses are logged with their
 * problem status too. The line is written when the response commits, and never carries
 * the raw path, which may hold the tenant key or other client input.
 */
public final class AccessLogWebFilter implements WebFilter, Ordered {

	/**
	 * The default order: one before the tenant resolution filter's
	 * ({@code TenantResolutionWebFilter.DEFAULT_ORDER}, {@code -90}), so that it wraps
	 * resolution and sees its outcome. See
	 * {@code docs/adr/ADR-024-one-home-for-web-settings.md}.
	 */
	public static final int DEFAULT_ORDER = -100 + 9;

	/** The name of the logger that writes the access log. */
	public static final String LOGGER_NAME = "io.tenancykit.web.access";

	private static final Logger logger = LoggerFactory.getLogger(LOGGER_NAME);

	private int order = DEFAULT_ORDER;

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		long start = System.nanoTime();
		exchange.getResponse().beforeCommit(() -> Mono.fromRunnable(() -> log(exchange, start)));
		return chain.filter(exchange);
	}

	private static void log(ServerWebExchange exchange, long start) {
		LoggingEventBuilder event = logger.atInfo();
		// Filters after this one share the exchange's attributes, so the tenant that
		// resolution stored is visible here.
		TenantContext tenant = TenantContexts.find(exchange).orElse(null);
		if (tenant != null) {
			event = TenantLogging.withTenant(event, tenant);
		}
		Object pattern = exchange.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		if (pattern == null) {
			pattern = exchange.getAttribute(RouterFunctions.MATCHING_PATTERN_ATTRIBUTE);
		}
		String path = (pattern instanceof PathPattern pathPattern) ? pathPattern.getPatternString() : "-";
		HttpStatusCode status = exchange.getResponse().getStatusCode();
		int statusCode = (status != null) ? status.value() : 200;
		long durationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		String method = exchange.getRequest().getMethod().name();
		event.addKeyValue("method", method)
			.addKeyValue("path", path)
			.addKeyValue("status", statusCode)
			.addKeyValue("duration_ms", durationMs)
			.log("{} {} {} {}ms", method, path, statusCode, durationMs);
	}

	/**
	 * Set the order of this filter. Keep it before the tenant resolution filter.
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
