package io.tenancykit.boot.web.openapi;

import io.tenancykit.api.TenantContext;
import io.tenancykit.boot.web.TenancyWebAutoConfiguration;
import io.tenancykit.web.resolution.TenantResolutionSettings;
import io.tenancykit.web.resolution.TenantResolutionWebFilter;
import io.tenancykit.web.resolution.TenantResolverChain;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the kit's part of an OpenAPI description served by
 * springdoc-openapi: {@code TenantContext} controller parameters are hidden (the
 * resolution filter supplies them, never the client), and a
 * {@link TenancyOpenApiCustomizer} documents on every tenant-scoped operation how the
 * tenant is passed and the problems the kit can answer. It backs off without springdoc,
 * with {@code tenancy.web.enabled=false} and, for the customizer, without the resolution
 * filter.
 */
@AutoConfiguration(after = TenancyWebAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({ GlobalOpenApiCustomizer.class, TenantResolutionWebFilter.class })
@ConditionalOnBooleanProperty(name = "tenancy.web.enabled", matchIfMissing = true)
public final class TenancyOpenApiAutoConfiguration {

	static {
		// springdoc keeps the parameter types it ignores in one JVM-wide registry and
		// registers its own (Authentication, Principal) the same way. A TenantContext
		// comes from the filter, so no application documents it as client input.
		SpringDocUtils.getConfig().addRequestWrapperToIgnore(TenantContext.class);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean({ TenantResolutionWebFilter.class, TenantResolutionSettings.class, TenantResolverChain.class })
	TenancyOpenApiCustomizer tenancyOpenApiCustomizer(TenantResolutionSettings settings, TenantResolverChain chain,
			Environment environment) {
		String basePath = environment.getProperty("spring.webflux.base-path", "");
		return new TenancyOpenApiCustomizer(settings, chain,
				basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath);
	}

}
