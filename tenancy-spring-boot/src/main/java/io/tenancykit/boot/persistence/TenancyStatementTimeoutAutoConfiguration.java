package io.tenancykit.boot.persistence;

import java.time.Duration;

import io.r2dbc.spi.ConnectionFactoryOptions;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.r2dbc.autoconfigure.ConnectionFactoryOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the statement timeout of the R2DBC connection factory that
 * Spring Boot creates: {@code tenancy.persistence.statement-timeout} becomes the driver's
 * {@link ConnectionFactoryOptions#STATEMENT_TIMEOUT statementTimeout} option, which
 * r2dbc-postgresql sends as the {@code statement_timeout} parameter when it opens a
 * connection. Every statement is then bounded by the server at no cost per statement; an
 * option the application set itself (in the URL or {@code spring.r2dbc.properties}) is
 * kept. See ADR-027 for why it is not set per transaction like the tenant.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration")
@ConditionalOnClass({ ConnectionFactoryOptions.class, ConnectionFactoryOptionsBuilderCustomizer.class })
@EnableConfigurationProperties(TenancyPersistenceProperties.class)
public final class TenancyStatementTimeoutAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "tenancyStatementTimeoutCustomizer")
	ConnectionFactoryOptionsBuilderCustomizer tenancyStatementTimeoutCustomizer(
			TenancyPersistenceProperties properties) {
		Duration timeout = properties.statementTimeout();
		return (builder) -> {
			if (!timeout.isZero() && !builder.build().hasOption(ConnectionFactoryOptions.STATEMENT_TIMEOUT)) {
				builder.option(ConnectionFactoryOptions.STATEMENT_TIMEOUT, timeout);
			}
		};
	}

}
