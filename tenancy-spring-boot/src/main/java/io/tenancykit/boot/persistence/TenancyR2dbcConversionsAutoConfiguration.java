package io.tenancykit.boot.persistence;

import io.r2dbc.spi.ConnectionFactory;
import io.tenancykit.persistence.repository.TenantIdConverters;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.data.r2dbc.convert.R2dbcCustomConversions;
import org.springframework.data.r2dbc.dialect.DialectResolver;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of Spring Data R2DBC's custom conversions with the kit's
 * {@linkplain TenantIdConverters converters}, so that entities map
 * {@link io.tenancykit.api.TenantId} properties. It runs before Spring Boot's Spring Data
 * R2DBC auto-configuration, whose conversions back off; an application that declares its
 * own {@link R2dbcCustomConversions} adds {@link TenantIdConverters#converters()} to
 * them.
 */
@AutoConfiguration(afterName = "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration",
		beforeName = "org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration")
@ConditionalOnClass({ R2dbcCustomConversions.class, TenantIdConverters.class })
@ConditionalOnBean(ConnectionFactory.class)
public final class TenancyR2dbcConversionsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	R2dbcCustomConversions r2dbcCustomConversions(ConnectionFactory connectionFactory) {
		return R2dbcCustomConversions.of(DialectResolver.getDialect(connectionFactory),
				TenantIdConverters.converters());
	}

}
