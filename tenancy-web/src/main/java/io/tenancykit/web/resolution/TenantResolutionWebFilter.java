package io.tenancykit.web.resolution;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

import io.tenancykit.api.Tenant;
import io.tenancykit.api.TenantContext;
import io.tenancykit.api.TenantDirectory;
import io.tenancykit.api.TenantResolutionException;
import io.tenancykit.web.bind.TenantContexts;
import io.tenancykit.web.directory.DirectoryFailures;
import io.tenancykit.web.logging.FailureCauses;
import io.tenancykit.web.logging.TenantLogging;
import io.tenancykit.web.metrics.ResolutionOutcome;
import io.tenancykit.web.metrics.TenantResolutionMetrics;
import io.tenancykit.web.problem.TenancyProblems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.server.PathContainer;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Resolves the tenant of every request that needs one and stores the resulting
 * {@link TenantContext} as the exchange attribute {@link TenantContexts#ATTRIBUTE}, the
 * only place it lives. Requests whose tenant cannot be established are answered here with
 * an {@code application/problem+json} response from {@link TenancyProblems}; they never
 * reach a handler.
 * <p>
 * Every resolver of the chain is consulted. A rejected value fails the request; when
 * several sources resolve, they must agree: a client-supplied tenant that differs from a
 * verified one (an authenticated claim) is refused exactly like an unknown tenant, and
 * two client-supplied tenants that differ are a conflict. A suspended tenant is refused
 * as suspended, or exactly like an unknown one when
 * {@link TenantResolutionSettings#suspendedAsUnknown()} is set. Paths matching
 * {@link TenantResolutionSettings#excludedPaths()} pass through without a tenant.
 * <p>
 * Resolutions and lookups that are already there ({@link Callable} Monos such as
 * {@code Mono.just}) are taken in place, without subscribing; when all of them are, the
 * request is decided within {@link #filter} and the chain is called directly. The outcome
 * is the same as when they answer later.
 */
public final class TenantResolutionWebFilter implements WebFilter, Ordered {

	/**
	 * The default order: ten after Spring Security's {@code WebFilterChainProxy}
	 * ({@code WebFluxSecurityConfiguration.WEB_FILTER_CHAIN_FILTER_ORDER}, {@code -100}),
	 * so that an authenticated principal is available, and well before any handler. See
	 * {@code docs/adr/ADR-020-resolution-filter-order.md}.
	 */
	public static final int DEFAULT_ORDER = -100 + 10;

	private static final Logger logger = LoggerFactory.getLogger(TenantResolutionWebFilter.class);

	private final TenantDirectory directory;

	private final TenantResolutionSettings settings;

	private final List<TenantResolver> resolvers;

	private final List<PathPattern> excludedPaths;

	private final TenantResolutionMetrics metrics;

	private int order = DEFAULT_ORDER;

	/**
	 * Create a filter with the built-in resolvers named by the settings and without
	 * metrics.
	 * @param directory the directory to look tenants up in, must not be {@literal null};
	 * usually a {@code CachingTenantDirectory}
	 * @param settings the settings, must not be {@literal null}
	 */
	public TenantResolutionWebFilter(TenantDirectory directory, TenantResolutionSettings settings) {
		this(directory, settings, TenantResolverChain.fromSettings(settings), TenantResolutionMetrics.disabled());
	}

	/**
	 * Create a filter.
	 * @param directory the directory to look tenants up in, must not be {@literal null};
	 * usually a {@code CachingTenantDirectory}
	 * @param settings the settings, must not be {@literal null}
	 * @param chain the resolvers to consult, must not be {@literal null}
	 * @param metrics the metrics to record outcomes in, must not be {@literal null}
	 */
	public TenantResolutionWebFilter(TenantDirectory directory, TenantResolutionSettings settings,
			TenantResolverChain chain, TenantResolutionMetrics metrics) {
		this.directory = Objects.requireNonNull(directory, "'directory' must not be null");
		this.settings = Objects.requireNonNull(settings, "'settings' must not be null");
		this.resolvers = Objects.requireNonNull(chain, "'chain' must not be null").resolvers();
		this.metrics = Objects.requireNonNull(metrics, "'metrics' must not be null");
		this.excludedPaths = settings.excludedPaths().stream().map(PathPatternParser.defaultInstance::parse).toList();
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (isExcluded(exchange)) {
			this.metrics.record(ResolutionOutcome.EXCLUDED, TenantResolutionMetrics.NO_SOURCE, null);
			return chain.filter(exchange);
		}
		try {
			Decision decision = resolve(exchange);
			if (decision instanceof Pending pending) {
				return pending.decision().flatMap((decided) -> respond(exchange, chain, decided));
			}
			return respond(exchange, chain, decision);
		}
		catch (Throwable ex) {
			// What an operator of the reactive chain would have signalled.
			return Mono.error(signalled(ex));
		}
	}

	private boolean isExcluded(ServerWebExchange exchange) {
		PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
		for (PathPattern pattern : this.excludedPaths) {
			if (pattern.matches(path)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Consult the resolvers in order. A resolution that is already there (a
	 * {@link Callable} Mono such as {@code Mono.just} or {@code Mono.fromSupplier}) is
	 * taken at once, as Reactor's own operators take it; from the first one that is not,
	 * the rest are consulted reactively, one after the other, exactly as before.
	 */
	private Decision resolve(ServerWebExchange exchange) throws Exception {
		List<Attempt> attempts = new ArrayList<>(this.resolvers.size());
		for (int i = 0; i < this.resolvers.size(); i++) {
			TenantResolver resolver = this.resolvers.get(i);
			Mono<TenantResolution> resolution = resolver.resolve(exchange);
			if (!(resolution instanceof Callable<?> callable)) {
				return new Pending(resolveLater(exchange, attempts, i, resolution));
			}
			Object value = callable.call();
			if (value != null) {
				attempts.add(new Attempt(resolver, (TenantResolution) value));
			}
		}
		return decide(exchange, attempts);
	}

	private Mono<Decision> resolveLater(ServerWebExchange exchange, List<Attempt> known, int index,
			Mono<TenantResolution> resolution) {
		TenantResolver resolver = this.resolvers.get(index);
		Flux<Attempt> rest = Flux.fromIterable(this.resolvers.subList(index + 1, this.resolvers.size()))
			.concatMap((next) -> next.resolve(exchange).map((resolved) -> new Attempt(next, resolved)));
		return resolution.map((resolved) -> new Attempt(resolver, resolved))
			.concatWith(rest)
			.collect(() -> new ArrayList<>(known), List::add)
			.flatMap((attempts) -> {
				Decision decision = decide(exchange, attempts);
				return (decision instanceof Pending pending) ? pending.decision() : Mono.just(decision);
			});
	}

	private Decision decide(ServerWebExchange exchange, List<Attempt> attempts) {
		List<Attempt> resolved = new ArrayList<>(attempts.size());
		for (Attempt attempt : attempts) {
			if (attempt.resolution() instanceof TenantResolution.Rejected rejected) {
				return new Refused(rejected.reason(), attempt.source());
			}
			if (attempt.resolution() instanceof TenantResolution.Resolved) {
				resolved.add(attempt);
			}
		}
		if (resolved.isEmpty()) {
			return new Refused(new TenantResolutionException.Missing(), TenantResolutionMetrics.NO_SOURCE);
		}
		Attempt anchor = resolved.get(0);
		for (Attempt attempt : resolved) {
			if (attempt.verified()) {
				anchor = attempt;
				break;
			}
		}
		// References of the same kind can be compared without asking the directory, so a
		// disagreement costs no lookup.
		for (Attempt other : resolved) {
			TenantReference reference = other.reference();
			if (reference.getClass() == anchor.reference().getClass() && !reference.equals(anchor.reference())) {
				return disagreement(anchor, other);
			}
		}
		return lookUp(exchange, anchor, resolved);
	}

	/**
	 * Look the anchor's tenant up, failing closed. A lookup that is already answered (a
	 * cache hit answering {@code Mono.just}) is decided at once, without operators.
	 */
	private Decision lookUp(ServerWebExchange exchange, Attempt anchor, List<Attempt> resolved) {
		Mono<Tenant> lookup;
		Object answer;
		try {
			lookup = Objects.requireNonNull(anchor.reference().lookUpIn(this.directory),
					"The Mono returned by the supplier is null");
			if (!(lookup instanceof Callable<?> callable)) {
				return new Pending(DirectoryFailures.failClosed(() -> lookup)
					.map((tenant) -> accept(exchange, anchor, resolved, tenant))
					.switchIfEmpty(Mono.fromSupplier(() -> unknown(anchor)))
					.onErrorResume(TenantResolutionException.DirectoryUnavailable.class,
							(ex) -> Mono.just(new Refused(ex, anchor.source()))));
			}
			answer = callable.call();
		}
		catch (Throwable ex) {
			return new Refused(DirectoryFailures.unavailable(signalled(ex)), anchor.source());
		}
		if (answer == null) {
			return unknown(anchor);
		}
		try {
			return accept(exchange, anchor, resolved, (Tenant) answer);
		}
		catch (TenantResolutionException.DirectoryUnavailable ex) {
			return new Refused(ex, anchor.source());
		}
	}

	private static Refused unknown(Attempt anchor) {
		return new Refused(new TenantResolutionException.Unknown(), anchor.source());
	}

	/**
	 * Return what Reactor signals for an exception thrown inside an operator: fatal JVM
	 * errors are thrown on, and an error that {@code Mono.error} wrapped to be thrown is
	 * unwrapped.
	 */
	private static Throwable signalled(Throwable ex) {
		Exceptions.throwIfFatal(ex);
		return Exceptions.unwrap(ex);
	}

	private Decision accept(ServerWebExchange exchange, Attempt anchor, List<Attempt> resolved, Tenant tenant) {
		for (Attempt attempt : resolved) {
			if (!attempt.reference().refersTo(tenant)) {
				return attempt.equals(anchor) ? new Refused(new TenantResolutionException.Unknown(), anchor.source())
						: disagreement(anchor, attempt);
			}
		}
		TenantContext context;
		try {
			context = TenantContext.of(tenant);
		}
		catch (TenantResolutionException.Suspended ex) {
			return new Refused(ex, anchor.source());
		}
		ServerWebExchange routed = exchange;
		for (Attempt attempt : resolved) {
			routed = attempt.resolver().prepare(routed);
		}
		routed.getAttributes().put(TenantContexts.ATTRIBUTE, context);
		return new Accepted(routed, context, anchor.source());
	}

	private static Refused disagreement(Attempt anchor, Attempt other) {
		if (anchor.verified() && !other.verified()) {
			// A client-supplied tenant never overrides a verified one, and the response
			// must not reveal whether the other tenant exists.
			return new Refused(new TenantResolutionException.Unknown(), other.source());
		}
		return new Refused(new TenantResolutionException.Conflicting(anchor.source(), other.source()), other.source());
	}

	private Mono<Void> respond(ServerWebExchange exchange, WebFilterChain chain, Decision decision) {
		if (decision instanceof Accepted accepted) {
			return proceed(accepted, chain);
		}
		return refuse(exchange, (Refused) decision);
	}

	private Mono<Void> proceed(Accepted accepted, WebFilterChain chain) {
		TenantContext tenant = accepted.tenant();
		this.metrics.record(ResolutionOutcome.RESOLVED, accepted.source(), tenant.tenantId());
		TenantLogging.atDebug(logger, tenant).addKeyValue("source", accepted.source()).log("Tenant resolved");
		return chain.filter(accepted.exchange());
	}

	private Mono<Void> refuse(ServerWebExchange exchange, Refused refused) {
		TenantResolutionException failure = refused.failure();
		this.metrics.record(ResolutionOutcome.of(failure), refused.source(), null);
		boolean unavailable = failure instanceof TenantResolutionException.DirectoryUnavailable;
		LoggingEventBuilder event = unavailable ? logger.atWarn() : logger.atDebug();
		event = event.addKeyValue("reason", failure.code()).addKeyValue("source", refused.source());
		if (failure instanceof TenantResolutionException.Malformed malformed) {
			event = event.addKeyValue("input_length", malformed.inputLength());
		}
		Throwable cause = failure.getCause();
		if (unavailable && cause != null) {
			// The one event of this failure: without its cause an operator cannot tell a
			// timeout from a refused connection or a pooler that lost a prepared
			// statement. The tenant is not known yet: there is no tenant_id to attach.
			FailureCauses.withCause(event, cause).log("Tenant resolution refused: {}", FailureCauses.describe(cause));
		}
		else {
			event.log("Tenant resolution refused");
		}
		// The metric and the log keep the real reason; only the client sees it hidden.
		TenantResolutionException answer = (this.settings.suspendedAsUnknown()
				&& failure instanceof TenantResolutionException.Suspended) ? new TenantResolutionException.Unknown()
						: failure;
		return TenancyProblems.write(exchange, answer, this.settings.retryAfter());
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

	private record Attempt(TenantResolver resolver, TenantResolution resolution) {

		String source() {
			return this.resolver.source();
		}

		boolean verified() {
			return this.resolution instanceof TenantResolution.Resolved resolved && resolved.verified();
		}

		TenantReference reference() {
			return ((TenantResolution.Resolved) this.resolution).reference();
		}

	}

	private sealed interface Decision permits Accepted, Refused, Pending {

	}

	private record Accepted(ServerWebExchange exchange, TenantContext tenant, String source) implements Decision {

	}

	private record Refused(TenantResolutionException failure, String source) implements Decision {

	}

	/**
	 * A decision that waits for a resolver or the directory; its Mono is never a
	 * {@code Pending} itself.
	 */
	private record Pending(Mono<Decision> decision) implements Decision {

	}

}
