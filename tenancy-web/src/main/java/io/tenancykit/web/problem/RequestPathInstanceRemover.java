package io.tenancykit.web.problem;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponse;

/**
 * Removes the {@code instance} that Spring WebFlux fills in, from the raw request path,
 * on every {@link ProblemDetail} it renders: the path is client input (a tenant key under
 * a path prefix, an id, whatever the client typed) and a problem never echoes client
 * input (ADR-015). A relative {@code instance} is the request path and is removed; an
 * absolute one, such as the {@code urn:uuid:} occurrence id of
 * {@link TenancyProblems#toResponseEntity}, was set on purpose and is kept.
 * <p>
 * Register it with {@code WebFluxConfigurer#addErrorResponseInterceptors}; Spring calls
 * it after filling the instance and before writing the body.
 */
public final class RequestPathInstanceRemover implements ErrorResponse.Interceptor {

	@Override
	public void handleError(ProblemDetail detail, @Nullable ErrorResponse errorResponse) {
		URI instance = detail.getInstance();
		if (instance != null && !instance.isAbsolute()) {
			detail.setInstance(null);
		}
	}

}
