package io.tenancykit.web.bind;

import io.tenancykit.api.TenantContext;
import io.tenancykit.api.TenantResolutionException;
import reactor.core.publisher.Mono;

import org.springframework.core.MethodParameter;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;

/**
 * Resolves controller method parameters of type {@link TenantContext} from the exchange
 * attribute set by the resolution filter. A handler that declares the parameter on a
 * request without a tenant fails with {@link TenantResolutionException.Missing}.
 * <p>
 * Register it with {@code WebFluxConfigurer#configureArgumentResolvers}:
 * <pre class="code">
 * configurer.addCustomResolver(new TenantContextArgumentResolver());
 * </pre>
 */
public final class TenantContextArgumentResolver implements HandlerMethodArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return TenantContext.class.equals(parameter.getParameterType());
	}

	@Override
	public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext bindingContext,
			ServerWebExchange exchange) {
		return Mono.fromSupplier(() -> TenantContexts.from(exchange));
	}

}
