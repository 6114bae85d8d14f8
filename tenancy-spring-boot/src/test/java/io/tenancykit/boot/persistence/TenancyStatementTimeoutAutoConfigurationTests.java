package io.tenancykit.boot.persistence;

import java.time.Duration;

import io.r2dbc.spi.ConnectionFactoryOptions;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.r2dbc.autoconfigure.ConnectionFactoryOptionsBuilderCustomizer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The statement timeout becomes the driver's {@code statementTimeout} option, unless the
 * application set that option itself.
 */
class TenancyStatementTimeoutAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TenancyStatementTimeoutAutoConfiguration.class));

	@Test
	void setsTheDefaultStatementTimeout() {
		this.runner
			.run((context) -> assertThat(customized(context.getBean(ConnectionFactoryOptionsBuilderCustomizer.class),
					ConnectionFactoryOptions.builder()))
				.isEqualTo(Duration.ofSeconds(5)));
	}

	@Test
	void setsTheConfiguredStatementTimeout() {
		this.runner.withPropertyValues("tenancy.persistence.statement-timeout=250ms")
			.run((context) -> assertThat(customized(context.getBean(ConnectionFactoryOptionsBuilderCustomizer.class),
					ConnectionFactoryOptions.builder()))
				.isEqualTo(Duration.ofMillis(250)));
	}

	@Test
	void keepsAStatementTimeoutTheApplicationSet() {
		this.runner
			.run((context) -> assertThat(customized(context.getBean(ConnectionFactoryOptionsBuilderCustomizer.class),
					ConnectionFactoryOptions.builder()
						.option(ConnectionFactoryOptions.STATEMENT_TIMEOUT, Duration.ofMinutes(1))))
				.isEqualTo(Duration.ofMinutes(1)));
	}

	@Test
	void setsNoneWhenZero() {
		this.runner.withPropertyValues("tenancy.persistence.statement-timeout=0")
			.run((context) -> assertThat(customized(context.getBean(ConnectionFactoryOptionsBuilderCustomizer.class),
					ConnectionFactoryOptions.builder()))
				.isNull());
	}

	@Test
	void failsOnANegativeTimeout() {
		this.runner.withPropertyValues("tenancy.persistence.statement-timeout=-1s").run((context) -> {
			Throwable cause = context.getStartupFailure();
			while (cause != null && !(cause instanceof InvalidConfigurationPropertyValueException)) {
				cause = cause.getCause();
			}
			assertThat(cause).isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
					(invalid) -> assertThat(invalid.getName()).isEqualTo("tenancy.persistence.statement-timeout"));
		});
	}

	@Test
	void backsOffWithoutSpringBootR2dbc() {
		this.runner.withClassLoader(new FilteredClassLoader(ConnectionFactoryOptionsBuilderCustomizer.class))
			.run((context) -> assertThat(context).doesNotHaveBean("tenancyStatementTimeoutCustomizer"));
	}

	private static Object customized(ConnectionFactoryOptionsBuilderCustomizer customizer,
			ConnectionFactoryOptions.Builder builder) {
		customizer.customize(builder);
		return builder.build().getValue(ConnectionFactoryOptions.STATEMENT_TIMEOUT);
	}

}
