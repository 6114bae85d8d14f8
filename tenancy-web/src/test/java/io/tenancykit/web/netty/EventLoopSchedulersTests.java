package io.tenancykit.web.netty;

import java.time.Duration;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.tenancykit.web.testsupport.EventLoops;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.test.StepVerifier;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One scheduler per event loop, shared by the requests of its connections, running work
 * on that loop, and forgotten when the loop terminates.
 */
class EventLoopSchedulersTests {

	private final EventLoops loops = new EventLoops(2);

	@AfterEach
	void shutDown() {
		this.loops.close();
	}

	@Test
	void sharesOneSchedulerPerEventLoop() {
		Channel first = this.loops.channel();
		Channel second = this.loops.channel();
		Channel third = this.loops.channel();
		assertThat(third.eventLoop()).isSameAs(first.eventLoop()).isNotSameAs(second.eventLoop());
		Scheduler scheduler = EventLoopSchedulers.of(EventLoops.exchange(first, "/"));
		assertThat(scheduler).isNotNull();
		assertThat(EventLoopSchedulers.of(EventLoops.exchange(first, "/"))).isSameAs(scheduler);
		assertThat(EventLoopSchedulers.of(EventLoops.exchange(third, "/"))).isSameAs(scheduler);
		assertThat(EventLoopSchedulers.of(EventLoops.exchange(second, "/"))).isNotNull().isNotSameAs(scheduler);
	}

	@Test
	void runsDelayedWorkOnTheEventLoopOfTheRequest() {
		Channel channel = this.loops.channel();
		Scheduler scheduler = EventLoopSchedulers.of(EventLoops.exchange(channel, "/"));
		assertThat(scheduler).isNotNull();
		StepVerifier
			.create(Mono.delay(Duration.ofMillis(10), scheduler).map((tick) -> channel.eventLoop().inEventLoop()))
			.expectNext(true)
			.expectComplete()
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void answersNoSchedulerForARequestOfAnotherServer() {
		assertThat(EventLoopSchedulers.of(MockServerWebExchange.from(MockServerHttpRequest.get("/")))).isNull();
	}

	@Test
	void forgetsTheSchedulerOfATerminatedEventLoop() throws InterruptedException {
		EventLoop eventLoop = this.loops.channel().eventLoop();
		EventLoopSchedulers.of(eventLoop);
		assertThat(EventLoopSchedulers.isCached(eventLoop)).isTrue();
		this.loops.close();
		// The termination listener runs once the loop has terminated.
		for (int i = 0; i < 500 && EventLoopSchedulers.isCached(eventLoop); i++) {
			Thread.sleep(10);
		}
		assertThat(eventLoop.isTerminated()).isTrue();
		assertThat(EventLoopSchedulers.isCached(eventLoop)).isFalse();
	}

}
