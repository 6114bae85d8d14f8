package io.tenancykit.boot.web;

import java.time.Duration;

import io.tenancykit.boot.testsupport.StubDatabase;
import io.tenancykit.web.deadline.TenantRequestDeadlineWebFilter;
import io.tenancykit.web.resolution.TenantResolutionWebFilter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deadline of tenant-scoped requests and the strict UUID binding are configured with
 * the resolution filter.
 */
class RequestDeadlineAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TenancyWebAutoConfiguration.class))
		.withUserConfiguration(StubDatabase.DirectoryConfiguration.class);

	@Test
	void ordersTheDeadlineRightAfterTheResolutionFilterWithItsDefault() {
		this.runner.run((context) -> {
			TenantRequestDeadlineWebFilter deadline = context.getBean(TenantRequestDeadlineWebFilter.class);
			assertThat(deadline.getDeadline()).isEqualTo(Duration.ofSeconds(10));
			assertThat(deadline.getOrder()).isEqualTo(TenantResolutionWebFilter.DEFAULT_ORDER + 1)
				.isEqualTo(TenantRequestDeadlineWebFilter.DEFAULT_ORDER);
		});
	}

	@Test
	void followsAReorderedResolutionFilterAndTheConfiguredDeadline() {
		this.runner.withPropertyValues("tenancy.web.resolution.filter-order=5", "tenancy.web.request-timeout=750ms")
			.run((context) -> {
				TenantRequestDeadlineWebFilter deadline = context.getBean(TenantRequestDeadlineWebFilter.class);
				assertThat(deadline.getDeadline()).isEqualTo(Duration.ofMillis(750));
				assertThat(deadline.getOrder()).isEqualTo(6);
			});
	}

	@Test
	void failsOnANegativeDeadline() {
		this.runner.withPropertyValues("tenancy.web.request-timeout=-1s").run((context) -> {
			Throwable cause = context.getStartupFailure();
			while (cause != null && !(cause instanceof InvalidConfigurationPropertyValueException)) {
				cause = cause.getCause();
			}
			assertThat(cause).isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
					(invalid) -> assertThat(invalid.getName()).isEqualTo("tenancy.web.request-timeout"));
		});
	}

}
