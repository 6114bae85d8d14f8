package io.tenancykit.boot.web;

import io.tenancykit.boot.testsupport.StubDatabase;
import io.tenancykit.web.netty.EventLoopDispatchWebFilter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.core.Ordered;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workaround for Reactor Netty's kept-alive connections (reactor-netty#4361) is
 * configured first among the web filters, only with Reactor Netty, and can be turned off.
 */
class EventLoopDispatchAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TenancyWebAutoConfiguration.class))
		.withUserConfiguration(StubDatabase.DirectoryConfiguration.class);

	@Test
	void ordersTheFilterFirstWithReactorNetty() {
		this.runner.run((context) -> assertThat(context).getBean(EventLoopDispatchWebFilter.class)
			.satisfies((filter) -> assertThat(filter.getOrder()).isEqualTo(Ordered.HIGHEST_PRECEDENCE)));
	}

	@Test
	void backsOffWithoutReactorNetty() {
		this.runner.withClassLoader(new FilteredClassLoader("reactor.netty"))
			.run((context) -> assertThat(context).doesNotHaveBean(EventLoopDispatchWebFilter.class));
	}

	@Test
	void canBeTurnedOff() {
		this.runner.withPropertyValues("tenancy.web.event-loop-dispatch.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(EventLoopDispatchWebFilter.class));
	}

}
