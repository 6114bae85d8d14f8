package io.tenancykit.web.netty;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.channel.Channel;
import io.tenancykit.web.testsupport.EventLoops;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request of Reactor Netty is processed on its connection's event loop; other requests
 * pass straight through.
 */
class EventLoopDispatchWebFilterTests {

	private final EventLoops loops = new EventLoops(2);

	private final EventLoopDispatchWebFilter filter = new EventLoopDispatchWebFilter();

	@AfterEach
	void shutDown() {
		this.loops.close();
	}

	@Test
	void processesTheRequestOnItsConnectionsEventLoop() {
		Channel channel = this.loops.channel();
		AtomicReference<Thread> processedOn = new AtomicReference<>();
		WebFilterChain chain = (exchange) -> {
			processedOn.set(Thread.currentThread());
			return Mono.empty();
		};
		Mono<Void> filtered = this.filter.filter(EventLoops.exchange(channel, "/api/projects"), chain);
		assertThat(processedOn.get()).isNull();
		StepVerifier.create(filtered).expectComplete().verify(Duration.ofSeconds(5));
		assertThat(processedOn.get()).isNotNull().isNotSameAs(Thread.currentThread());
		assertThat(channel.eventLoop()
			.submit(() -> Thread.currentThread() == processedOn.get())
			.syncUninterruptibly()
			.getNow()).isTrue();
	}

	@Test
	void passesRequestsOfOtherServersStraightThrough() {
		Mono<Void> answer = Mono.empty();
		WebFilterChain chain = (exchange) -> answer;
		assertThat(this.filter.filter(MockServerWebExchange.from(MockServerHttpRequest.get("/")), chain))
			.isSameAs(answer);
	}

}
