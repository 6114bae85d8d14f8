package io.tenancykit.web.resolution;

import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;

/**
 * One strategy for finding the tenant of a request. Resolvers only parse: they never
 * consult the directory, never log raw input and never throw for bad input; they return
 * {@link TenantResolution#rejected(io.tenancykit.api.TenantResolutionException)} instead.
 */
public interface TenantResolver {

	/**
	 * Return the name of this source, used in logs, metrics and conflict reports.
	 * @return a short lowercase name such as {@code header}
	 */
	String source();

	/**
	 * Find the tenant reference this source supplies for a request.
	 * @param exchange the exchange
	 * @return the resolution, never empty
	 */
	Mono<TenantResolution> resolve(ServerWebExchange exchange);

	/**
	 * Return the exchange to route once the tenant was accepted, for example with a
	 * consumed path prefix removed. Called only when this resolver resolved a tenant.
	 * @param exchange the exchange
	 * @return the exchange to route, by default unchanged
	 */
	default ServerWebExchange prepare(ServerWebExchange exchange) {
		return exchange;
	}

}
