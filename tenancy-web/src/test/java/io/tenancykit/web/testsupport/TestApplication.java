package io.tenancykit.web.testsupport;

import java.security.Principal;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tenancykit.api.TenantContext;
import io.tenancykit.api.TenantDirectory;
import io.tenancykit.web.bind.TenantContexts;
import io.tenancykit.web.logging.AccessLogWebFilter;
import io.tenancykit.web.metrics.TenantResolutionMetrics;
import io.tenancykit.web.problem.TenancyProblemExceptionHandler;
import io.tenancykit.web.resolution.TenantResolutionSettings;
import io.tenancykit.web.resolution.TenantResolutionWebFilter;
import io.tenancykit.web.resolution.TenantResolverChain;
import reactor.core.publisher.Mono;

import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;

/**
 * A small functional application behind the resolution filter. Tenant-scoped endpoints
 * answer {@code key|id|path} so tests can see which tenant a handler received and which
 * path it was routed with.
 */
public final class TestApplication {

	private final TenantResolutionWebFilter filter;

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private final WebFilter principalFilter;

	private boolean accessLog;

	public TestApplication(TenantDirectory directory, TenantResolutionSettings settings) {
		this(directory, settings, null);
	}

	public TestApplication(TenantDirectory directory, TenantResolutionSettings settings, Principal principal) {
		this(directory, settings, principal, false);
	}

	public TestApplication(TenantDirectory directory, TenantResolutionSettings settings, Principal principal,
			boolean tenantMetricTag) {
		this.filter = new TenantResolutionWebFilter(directory, settings, TenantResolverChain.fromSettings(settings),
				new TenantResolutionMetrics(this.registry, tenantMetricTag));
		this.principalFilter = (exchange, chain) -> (principal != null)
				? chain.filter(exchange.mutate().principal(Mono.just(principal)).build()) : chain.filter(exchange);
	}

	/** Put the access log filter in front of the resolution filter. */
	public TestApplication withAccessLog() {
		this.accessLog = true;
		return this;
	}

	private WebFilter[] filters() {
		return this.accessLog ? new WebFilter[] { this.principalFilter, new AccessLogWebFilter(), this.filter }
				: new WebFilter[] { this.principalFilter, this.filter };
	}

	public MeterRegistry registry() {
		return this.registry;
	}

	public TenantResolutionWebFilter filter() {
		return this.filter;
	}

	public static RouterFunction<ServerResponse> routes(Duration maxHandlerDelay) {
		return RouterFunctions.route()
			.GET("/api/projects", (request) -> describe(request, maxHandlerDelay))
			.GET("/api/projects/{id}", (request) -> describe(request, maxHandlerDelay))
			// Asks for no tenant: only the filter can refuse a request here.
			.GET("/api/status", (request) -> ServerResponse.ok().bodyValue("handler reached"))
			.GET("/actuator/health",
					(request) -> ServerResponse.ok()
						.bodyValue("UP tenant=" + TenantContexts.find(request.exchange()).isPresent()))
			.GET("/actuator/tenant",
					(request) -> ServerResponse.ok().bodyValue(TenantContexts.from(request).toString()))
			.build();
	}

	private static Mono<ServerResponse> describe(ServerRequest request, Duration maxDelay) {
		TenantContext tenant = TenantContexts.from(request);
		Mono<Long> pause = maxDelay.isZero() ? Mono.just(0L)
				: Mono.delay(Duration.ofNanos(ThreadLocalRandom.current().nextLong(maxDelay.toNanos())));
		// Read the context again after the pause: it must still be this request's tenant.
		return pause.then(Mono.defer(() -> {
			TenantContext again = TenantContexts.from(request);
			String body = again.tenantKey() + "|" + again.tenantId() + "|" + request.path();
			return (tenant.equals(again)) ? ServerResponse.ok().bodyValue(body)
					: ServerResponse.status(500).bodyValue("context changed");
		}));
	}

	public HttpHandler httpHandler(Duration maxHandlerDelay) {
		return WebHttpHandlerBuilder.webHandler(RouterFunctions.toWebHandler(routes(maxHandlerDelay)))
			.filter(filters())
			.exceptionHandler(new TenancyProblemExceptionHandler())
			.build();
	}

	public WebTestClient client() {
		return WebTestClient.bindToRouterFunction(routes(Duration.ZERO))
			.handlerStrategies(
					HandlerStrategies.builder().exceptionHandler(new TenancyProblemExceptionHandler()).build())
			.webFilter(filters())
			.configureClient()
			.baseUrl("http://localhost")
			.build();
	}

}
