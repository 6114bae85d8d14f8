package io.tenancykit.boot.web;

import java.util.Objects;

import java.util.List;

import io.tenancykit.web.bind.TenantContextArgumentResolver;
import io.tenancykit.web.problem.RequestPathInstanceRemover;

import org.springframework.web.ErrorResponse;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

/**
 * Registers the {@link TenantContextArgumentResolver}, so that annotated controller
 * methods can declare a {@code TenantContext} parameter, and the
 * {@link RequestPathInstanceRemover}, so that no problem echoes the raw request path as
 * its {@code instance}.
 */
public final class TenancyWebFluxConfigurer implements WebFluxConfigurer {

	private final TenantContextArgumentResolver argumentResolver;

	/**
	 * Create the configurer.
	 * @param argumentResolver the resolver to register, must not be {@literal null}
	 */
	public TenancyWebFluxConfigurer(TenantContextArgumentResolver argumentResolver) {
		this.argumentResolver = Objects.requireNonNull(argumentResolver, "'argumentResolver' must not be null");
	}

	@Override
	public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
		configurer.addCustomResolver(this.argumentResolver);
	}

	@Override
	public void addErrorResponseInterceptors(List<ErrorResponse.Interceptor> interceptors) {
		interceptors.add(new RequestPathInstanceRemover());
	}

}
