package io.tenancykit.web.resolution;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tenancykit.api.Tenant;
import io.tenancykit.api.TenantDirectory;
import io.tenancykit.api.TenantId;
import io.tenancykit.api.TenantKey;
import io.tenancykit.api.TenantResolutionException;
import io.tenancykit.api.TenantStatus;
import io.tenancykit.web.bind.TenantContexts;
import io.tenancykit.web.metrics.TenantResolutionMetrics;
import io.tenancykit.web.testsupport.LogCapture;
import io.tenancykit.web.testsupport.RandomInputs;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Signal;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filter decides at once when the resolvers and the directory have already answered
 * (Callable Monos such as {@code Mono.just}), and its answer is the same, in every
 * observable respect, as when they answer later: seeded random chains of resolvers and
 * directory behaviours are run with every answer deferred (the reactive path) and with
 * answers given at once, and the outcomes compared.
 */
class TenantResolutionFastPathTests {

	private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

	private static final Map<String, Tenant> TENANTS = Map.of("acme", tenant("acme", TenantStatus.ACTIVE), "globex",
			tenant("globex", TenantStatus.ACTIVE), "initech", tenant("initech", TenantStatus.SUSPENDED));

	/** A list, not a set, so that the same seed picks the same keys in every JVM. */
	private static final List<String> KEYS = List.of("acme", "globex", "initech", "umbrella");

	@Test
	void answersWithTheChainItselfWhenResolverAndDirectoryAnswerAtOnce() {
		TenantDirectory directory = directory(DirectoryMode.UP, Form.JUST, new ArrayList<>());
		TenantResolutionWebFilter filter = new TenantResolutionWebFilter(directory, TenantResolutionSettings.defaults(),
				TenantResolverChain.of(List.of(new HeaderTenantResolver("X-Tenant-ID", TenantReferenceFormat.KEY))),
				TenantResolutionMetrics.disabled());
		ServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.get("/api/projects").header("X-Tenant-ID", "acme"));
		AtomicReference<ServerWebExchange> routed = new AtomicReference<>();
		Mono<Void> answer = Mono.empty();
		WebFilterChain chain = (next) -> {
			routed.set(next);
			return answer;
		};
		// No Flux, no operator, no subscription: the filter hands back what the chain
		// returned, and the tenant was decided before anything subscribed.
		assertThat(filter.filter(exchange, chain)).isSameAs(answer);
		assertThat(routed.get()).isSameAs(exchange);
		assertThat(TenantContexts.find(exchange))
			.hasValueSatisfying((tenant) -> assertThat(tenant.tenantKey()).isEqualTo(new TenantKey("acme")));
	}

	@Test
	void consultsEveryResolverOnceInOrderWhenOneAnswersLater() {
		List<ResolverSpec> specs = List.of(
				new ResolverSpec("first", Outcome.NOT_APPLICABLE, "acme", false, false, false, Form.JUST),
				new ResolverSpec("second", Outcome.RESOLVED, "acme", true, false, false, Form.ASYNC_THREAD),
				new ResolverSpec("third", Outcome.RESOLVED, "acme", false, false, true, Form.SUPPLIER),
				new ResolverSpec("fourth", Outcome.NOT_APPLICABLE, "acme", false, false, false, Form.JUST));
		Scenario scenario = new Scenario(specs, DirectoryMode.UP, Form.JUST, false);
		Result result = run(scenario, (spec) -> spec.form(), Form.JUST);
		assertThat(result.resolveCalls()).containsExactly("resolve:first", "resolve:second", "resolve:third",
				"resolve:fourth");
		assertThat(result.prepares()).containsExactly("prepare:second", "prepare:third");
		assertThat(result.routed()).contains("x-prepared-third");
		assertThat(result.tenant()).contains("acme");
	}

	@Test
	void answersAtOnceExactlyAsWhenAnsweredLater() {
		RandomInputs.forAll(400, TenantResolutionFastPathTests::scenario, (scenario) -> {
			Result reactive = run(scenario, (spec) -> Form.ASYNC, Form.ASYNC);
			Result atOnce = run(scenario, (spec) -> spec.form().atOnce(), scenario.directoryForm().atOnce());
			Result mixed = run(scenario, ResolverSpec::form, scenario.directoryForm());
			assertThat(atOnce).isEqualTo(reactive);
			assertThat(mixed).isEqualTo(reactive);
		});
	}

	private static Scenario scenario(Random random) {
		int count = 1 + random.nextInt(4);
		List<ResolverSpec> specs = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			Outcome outcome = pick(random, Outcome.values(), 8, 3, 12, 1, 1, 1);
			specs.add(new ResolverSpec("s" + i, outcome, KEYS.get(random.nextInt(KEYS.size())), random.nextBoolean(),
					random.nextBoolean(), random.nextBoolean(), Form.values()[random.nextInt(Form.values().length)]));
		}
		DirectoryMode mode = pick(random, DirectoryMode.values(), 12, 2, 1, 1, 1);
		return new Scenario(specs, mode, Form.values()[random.nextInt(Form.values().length)], random.nextBoolean());
	}

	private static <T> T pick(Random random, T[] values, int... weights) {
		int total = 0;
		for (int weight : weights) {
			total += weight;
		}
		int draw = random.nextInt(total);
		for (int i = 0; i < values.length; i++) {
			draw -= weights[i];
			if (draw < 0) {
				return values[i];
			}
		}
		throw new IllegalStateException("weights do not cover the values");
	}

	private static Result run(Scenario scenario, Function<ResolverSpec, Form> resolverForm, Form directoryForm) {
		List<String> resolveCalls = Collections.synchronizedList(new ArrayList<>());
		List<String> prepares = Collections.synchronizedList(new ArrayList<>());
		List<String> lookups = Collections.synchronizedList(new ArrayList<>());
		List<TenantResolver> resolvers = scenario.resolvers()
			.stream()
			.map((spec) -> resolver(spec, resolverForm.apply(spec), resolveCalls, prepares))
			.toList();
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		TenantResolutionWebFilter filter = new TenantResolutionWebFilter(
				directory(scenario.directoryMode(), directoryForm, lookups),
				TenantResolutionSettings.defaults().withSuspendedAsUnknown(scenario.suspendedAsUnknown()),
				TenantResolverChain.of(resolvers), new TenantResolutionMetrics(registry, true));
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/projects"));
		AtomicReference<String> routed = new AtomicReference<>("not routed");
		AtomicInteger routings = new AtomicInteger();
		WebFilterChain chain = (next) -> {
			routings.incrementAndGet();
			routed.set(next.getRequest().getPath().value() + " "
					+ new TreeMap<>(next.getRequest().getHeaders().toSingleValueMap()));
			return Mono.empty();
		};
		AtomicReference<Signal<Void>> signal = new AtomicReference<>();
		List<String> logs;
		try (LogCapture capture = new LogCapture()) {
			StepVerifier.create(Mono.defer(() -> filter.filter(exchange, chain)).materialize())
				.consumeNextWith(signal::set)
				.expectComplete()
				.verify(Duration.ofSeconds(5));
			logs = capture.events(TenantResolutionWebFilter.class.getName())
				.stream()
				.map((event) -> event.getLevel() + " " + LogCapture.render(event))
				.toList();
		}
		String body = exchange.getResponse().isCommitted()
				? exchange.getResponse().getBodyAsString().block(Duration.ofSeconds(5)) : "none";
		Map<String, Double> counts = registry.getMeters()
			.stream()
			.filter(Counter.class::isInstance)
			.collect(Collectors.toMap((meter) -> meter.getId().getTags().toString(),
					(meter) -> ((Counter) meter).count(), Double::sum, TreeMap::new));
		return new Result(describe(signal.get()), String.valueOf(exchange.getResponse().getStatusCode()),
				new TreeMap<>(exchange.getResponse().getHeaders().toSingleValueMap()).toString(), body,
				String.valueOf(TenantContexts.find(exchange).map(Object::toString).orElse("none")), routed.get(),
				routings.get(), List.copyOf(resolveCalls), List.copyOf(prepares), List.copyOf(lookups), counts, logs);
	}

	private static String describe(Signal<Void> signal) {
		Throwable error = signal.getThrowable();
		return (error != null) ? "error " + error.getClass().getName() + ": " + error.getMessage()
				: signal.getType().toString();
	}

	private static TenantResolver resolver(ResolverSpec spec, Form form, List<String> resolveCalls,
			List<String> prepares) {
		return new TenantResolver() {

			@Override
			public String source() {
				return spec.source();
			}

			@Override
			public Mono<TenantResolution> resolve(ServerWebExchange exchange) {
				resolveCalls.add("resolve:" + spec.source());
				return switch (spec.outcome()) {
					case THROWS -> throw new IllegalStateException("resolver " + spec.source() + " threw");
					case EMPTY -> form.answer(null);
					case ERROR -> form.fail(new IllegalStateException("resolver " + spec.source() + " failed"));
					default -> form.answer(spec.resolution());
				};
			}

			@Override
			public ServerWebExchange prepare(ServerWebExchange exchange) {
				prepares.add("prepare:" + spec.source());
				return spec.prepareMutates() ? exchange.mutate()
					.request((request) -> request.header("x-prepared-" + spec.source(), "1"))
					.build() : exchange;
			}

		};
	}

	private static TenantDirectory directory(DirectoryMode mode, Form form, List<String> lookups) {
		return new TenantDirectory() {

			@Override
			public Mono<Tenant> findByKey(TenantKey key) {
				lookups.add("key:" + key);
				return answer(TENANTS.get(key.value()));
			}

			@Override
			public Mono<Tenant> findById(TenantId id) {
				lookups.add("id:" + id);
				return answer(
						TENANTS.values().stream().filter((tenant) -> tenant.id().equals(id)).findFirst().orElse(null));
			}

			private Mono<Tenant> answer(Tenant tenant) {
				return switch (mode) {
					case UP -> form.answer(tenant);
					case FAILING -> form.fail(new IllegalStateException("connection refused"));
					case UNAVAILABLE -> form.fail(new TenantResolutionException.DirectoryUnavailable(
							new IllegalStateException("pool exhausted")));
					case THROWING -> throw new IllegalStateException("directory threw");
					case NULL -> null;
				};
			}

		};
	}

	private static Tenant tenant(String key, TenantStatus status) {
		return new Tenant(new TenantId(UUID.nameUUIDFromBytes(key.getBytes(java.nio.charset.StandardCharsets.UTF_8))),
				new TenantKey(key), "Tenant " + key, status, CREATED, CREATED);
	}

	/** How a resolver or the directory hands over its answer. */
	enum Form {

		/** {@code Mono.just}, {@code Mono.empty} or {@code Mono.error}: scalar. */
		JUST,

		/** {@code Mono.fromSupplier}: a Callable that is not scalar. */
		SUPPLIER,

		/** Hidden behind an operator, so that it must be subscribed to. */
		ASYNC,

		/** Answered on another thread. */
		ASYNC_THREAD;

		Form atOnce() {
			return (this == ASYNC || this == ASYNC_THREAD) ? JUST : this;
		}

		<T> Mono<T> answer(T value) {
			return switch (this) {
				case JUST -> Mono.justOrEmpty(value);
				case SUPPLIER -> Mono.fromSupplier(() -> value);
				case ASYNC -> Mono.justOrEmpty(value).hide();
				case ASYNC_THREAD -> Mono.justOrEmpty(value).publishOn(Schedulers.parallel());
			};
		}

		<T> Mono<T> fail(RuntimeException failure) {
			return switch (this) {
				case JUST -> Mono.error(failure);
				case SUPPLIER -> Mono.fromSupplier(() -> {
					throw failure;
				});
				case ASYNC -> Mono.<T>error(failure).hide();
				case ASYNC_THREAD -> Mono.<T>error(failure).publishOn(Schedulers.parallel());
			};
		}

	}

	enum Outcome {

		RESOLVED, NOT_APPLICABLE, REJECTED, EMPTY, ERROR, THROWS

	}

	enum DirectoryMode {

		UP, FAILING, UNAVAILABLE, THROWING, NULL

	}

	record ResolverSpec(String source, Outcome outcome, String key, boolean byId, boolean verified,
			boolean prepareMutates, Form form) {

		TenantResolution resolution() {
			return switch (this.outcome) {
				case NOT_APPLICABLE -> TenantResolution.notApplicable();
				case REJECTED -> TenantResolution.rejected(
						new TenantResolutionException.Malformed("tenant " + this.source + " is not canonical", 7));
				default -> {
					TenantReference reference = this.byId
							? new TenantReference.ById(tenant(this.key, TenantStatus.ACTIVE).id())
							: new TenantReference.ByKey(new TenantKey(this.key));
					yield this.verified ? TenantResolution.verified(reference) : TenantResolution.resolved(reference);
				}
			};
		}

	}

	record Scenario(List<ResolverSpec> resolvers, DirectoryMode directoryMode, Form directoryForm,
			boolean suspendedAsUnknown) {

	}

	record Result(String signal, String status, String headers, String body, String tenant, String routed, int routings,
			List<String> resolveCalls, List<String> prepares, List<String> lookups, Map<String, Double> metrics,
			List<String> logs) {

	}

}
