package io.tenancykit.boot.persistence;

import io.r2dbc.spi.ConnectionFactory;
import io.tenancykit.api.TenantDirectory;
import io.tenancykit.persistence.changes.TenantChangeStreams;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the kit's {@link TenantChangeStreams} over the application's
 * r2dbc-postgresql {@link ConnectionFactory}: the listener opens its own connection on
 * the first subscription and closes it with the application context. The tenants of open
 * streams are checked in the application's {@link TenantDirectory}, when it has one.
 */
@AutoConfiguration(afterName = "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration")
@ConditionalOnClass(value = { ConnectionFactory.class, TenantChangeStreams.class },
		name = "io.r2dbc.postgresql.PostgresqlConnectionFactory")
@ConditionalOnBean(ConnectionFactory.class)
@ConditionalOnBooleanProperty(name = "tenancy.persistence.change-streams.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TenancyChangeStreamsProperties.class)
public final class TenancyChangeStreamsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TenantChangeStreams tenantChangeStreams(ConnectionFactory connectionFactory,
			TenancyChangeStreamsProperties properties, ObjectProvider<TenantDirectory> directory) {
		// The primary directory: the web module's cache when present, so that a check
		// costs no query while the tenant is cached.
		return new TenantChangeStreams(connectionFactory, properties.settings(), directory.getIfAvailable());
	}

}
