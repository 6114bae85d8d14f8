package io.tenancykit.boot.persistence;

import java.time.Duration;

import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import io.tenancykit.boot.testsupport.StubDatabase;
import io.tenancykit.persistence.changes.ChangeStreamSettings;
import io.tenancykit.persistence.changes.TenantChangeStreams;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class TenancyChangeStreamsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TenancyChangeStreamsAutoConfiguration.class));

	// The listener connects only on the first subscription, so a refusing factory
	// will do.
	private final ApplicationContextRunner withConnectionFactory = this.runner.withBean(ConnectionFactory.class,
			StubDatabase::refusingConnectionFactory);

	@Test
	void providesChangeStreamsOverTheConnectionFactory() {
		this.withConnectionFactory.run((context) -> {
			assertThat(context).hasSingleBean(TenantChangeStreams.class);
			assertThat(context.getBean(TenancyChangeStreamsProperties.class).settings())
				.isEqualTo(ChangeStreamSettings.DEFAULTS);
		});
	}

	@Test
	void bindsTheSettings() {
		this.withConnectionFactory
			.withPropertyValues("tenancy.persistence.change-streams.buffer-size=8",
					"tenancy.persistence.change-streams.min-reconnect-backoff=1s",
					"tenancy.persistence.change-streams.max-reconnect-backoff=1m",
					"tenancy.persistence.change-streams.tenant-check-interval=0")
			.run((context) -> assertThat(context.getBean(TenancyChangeStreamsProperties.class).settings())
				.isEqualTo(new ChangeStreamSettings(8, Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ZERO)));
	}

	@Test
	void failsStartupNamingANegativeTenantCheckInterval() {
		this.withConnectionFactory.withPropertyValues("tenancy.persistence.change-streams.tenant-check-interval=-1s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("tenancy.persistence.change-streams.tenant-check-interval"));
	}

	@Test
	void failsStartupNamingAnInvalidBufferSize() {
		this.withConnectionFactory.withPropertyValues("tenancy.persistence.change-streams.buffer-size=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("tenancy.persistence.change-streams.buffer-size"));
	}

	@Test
	void backsOffWhenDisabled() {
		this.withConnectionFactory.withPropertyValues("tenancy.persistence.change-streams.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TenantChangeStreams.class));
	}

	@Test
	void backsOffWithoutTheR2dbcPostgresqlDriver() {
		this.withConnectionFactory.withClassLoader(new FilteredClassLoader(PostgresqlConnectionFactory.class))
			.run((context) -> assertThat(context).doesNotHaveBean(TenantChangeStreams.class));
	}

	@Test
	void backsOffWithoutAConnectionFactory() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(TenantChangeStreams.class));
	}

	@Test
	void backsOffForTheApplicationsOwnChangeStreams() {
		this.withConnectionFactory.withUserConfiguration(OwnChangeStreams.class)
			.run((context) -> assertThat(context).getBean(TenantChangeStreams.class)
				.isSameAs(context.getBean(OwnChangeStreams.class).streams));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnChangeStreams {

		final TenantChangeStreams streams = new TenantChangeStreams(StubDatabase.refusingConnectionFactory());

		@Bean
		TenantChangeStreams ownChangeStreams() {
			return this.streams;
		}

	}

}
