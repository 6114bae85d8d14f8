package io.tenancykit.web.bind;

import java.util.Objects;
import java.util.Optional;

import io.tenancykit.api.TenantContext;
import io.tenancykit.api.TenantResolutionException;

import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * Access to the {@link TenantContext} that the resolution filter stored on the exchange.
 * The exchange attribute is the only place the context lives: there is no thread-local,
 * static or Reactor-context copy.
 * <p>
 * Functional endpoints read it explicitly: <pre class="code">
 * Mono&lt;ServerResponse&gt; list(ServerRequest request) {
 *     TenantContext tenant = TenantContexts.from(request);
 *     return ok().body(this.projects.findAll(tenant), Project.class);
 * }
 * </pre>
 */
public final class TenantContexts {

	/**
	 * The name of the exchange attribute that holds the resolved {@link TenantContext}.
	 */
	public static final String ATTRIBUTE = TenantContext.class.getName();

	private TenantContexts() {
	}

	/**
	 * Return the tenant context of a functional endpoint's request.
	 * @param request the request, must not be {@literal null}
	 * @return the context
	 * @throws TenantResolutionException.Missing if no tenant was resolved for the request
	 */
	public static TenantContext from(ServerRequest request) {
		Objects.requireNonNull(request, "'request' must not be null");
		return from(request.exchange());
	}

	/**
	 * Return the tenant context of an exchange.
	 * @param exchange the exchange, must not be {@literal null}
	 * @return the context
	 * @throws TenantResolutionException.Missing if no tenant was resolved for the
	 * exchange
	 */
	public static TenantContext from(ServerWebExchange exchange) {
		return find(exchange).orElseThrow(TenantResolutionException.Missing::new);
	}

	/**
	 * Return the tenant context of an exchange, if one was resolved.
	 * @param exchange the exchange, must not be {@literal null}
	 * @return the context, or empty on excluded paths and before resolution
	 */
	public static Optional<TenantContext> find(ServerWebExchange exchange) {
		Objects.requireNonNull(exchange, "'exchange' must not be null");
		Object context = exchange.getAttributes().get(ATTRIBUTE);
		return (context instanceof TenantContext tenantContext) ? Optional.of(tenantContext) : Optional.empty();
	}

}
