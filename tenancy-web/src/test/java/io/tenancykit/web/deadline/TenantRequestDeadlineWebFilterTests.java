package io.tenancykit.web.deadline;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.channel.Channel;
import io.tenancykit.api.TenantContext;
import io.tenancykit.web.bind.TenantContexts;
import io.tenancykit.web.testsupport.EventLoops;
import io.tenancykit.web.testsupport.InMemoryTenantDirectory;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The deadline cancels tenant-scoped work that has not committed a response in time, and
 * nothing else. Runs on virtual time.
 */
class TenantRequestDeadlineWebFilterTests {

	private static final Duration DEADLINE = Duration.ofSeconds(10);

	private static final Duration VERIFY = Duration.ofSeconds(5);

	private final TenantRequestDeadlineWebFilter filter = new TenantRequestDeadlineWebFilter(DEADLINE);

	@Test
	void failsTenantScopedWorkThatDoesNotAnswerInTime() {
		WebFilterChain hanging = (exchange) -> Mono.never();
		StepVerifier.withVirtualTime(() -> this.filter.filter(tenantScoped(), hanging))
			.expectSubscription()
			.expectNoEvent(DEADLINE.minusMillis(1))
			.thenAwait(Duration.ofMillis(1))
			.expectError(TimeoutException.class)
			.verify(VERIFY);
	}

	@Test
	void stopsCountingOnceTheResponseIsCommitted() {
		MockServerWebExchange exchange = tenantScoped();
		// Commits the response at once, then goes on working past the deadline, as a
		// streamed body would.
		WebFilterChain committing = TenantRequestDeadlineWebFilterTests::commitThenWork;
		StepVerifier.withVirtualTime(() -> this.filter.filter(exchange, committing))
			.expectSubscription()
			.thenAwait(DEADLINE.multipliedBy(3))
			.expectComplete()
			.verify(VERIFY);
	}

	@Test
	void leavesRequestsWithoutATenantUnbounded() {
		WebFilterChain hanging = (exchange) -> Mono.never();
		StepVerifier
			.withVirtualTime(() -> this.filter
				.filter(MockServerWebExchange.from(MockServerHttpRequest.get("/actuator/health")), hanging))
			.expectSubscription()
			.expectNoEvent(DEADLINE.multipliedBy(10))
			.thenCancel()
			.verify(VERIFY);
	}

	@Test
	void appliesNoDeadlineWhenItIsZero() {
		TenantRequestDeadlineWebFilter off = new TenantRequestDeadlineWebFilter(Duration.ZERO);
		WebFilterChain hanging = (exchange) -> Mono.never();
		StepVerifier.withVirtualTime(() -> off.filter(tenantScoped(), hanging))
			.expectSubscription()
			.expectNoEvent(DEADLINE.multipliedBy(10))
			.thenCancel()
			.verify(VERIFY);
	}

	@Test
	void refusesANegativeDeadline() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new TenantRequestDeadlineWebFilter(Duration.ofSeconds(-1)))
			.withMessage("'deadline' must not be negative");
	}

	private static Mono<Void> commitThenWork(ServerWebExchange exchange) {
		return exchange.getResponse().setComplete().then(Mono.delay(DEADLINE.multipliedBy(2))).then();
	}

	private static TenantContext tenant() {
		return TenantContext.of(new InMemoryTenantDirectory().add("acme"));
	}

	private static MockServerWebExchange tenantScoped() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/projects"));
		exchange.getAttributes().put(TenantContexts.ATTRIBUTE, tenant());
		return exchange;
	}

	@Test
	void timesOutOnTheEventLoopOfTheRequestsConnection() {
		try (EventLoops loops = new EventLoops(1)) {
			Channel channel = loops.channel();
			ServerWebExchange exchange = EventLoops.exchange(channel, "/api/projects");
			exchange.getAttributes().put(TenantContexts.ATTRIBUTE, tenant());
			AtomicReference<Boolean> cancelledOnLoop = new AtomicReference<>();
			WebFilterChain hanging = (next) -> Mono.<Void>never()
				.doOnCancel(() -> cancelledOnLoop.set(channel.eventLoop().inEventLoop()));
			TenantRequestDeadlineWebFilter quick = new TenantRequestDeadlineWebFilter(Duration.ofMillis(50));
			StepVerifier.create(quick.filter(exchange, hanging)).expectError(TimeoutException.class).verify(VERIFY);
			// The timer was the event loop's, not the shared parallel scheduler's.
			assertThat(cancelledOnLoop.get()).isTrue();
		}
	}

}
