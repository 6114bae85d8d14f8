package io.tenancykit.boot.web;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.tenancykit.api.TenantDirectory;
import io.tenancykit.boot.persistence.TenancyPersistenceAutoConfiguration;
import io.tenancykit.persistence.directory.R2dbcTenantDirectory;
import io.tenancykit.web.bind.CanonicalUuidEditor;
import io.tenancykit.web.bind.TenantContextArgumentResolver;
import io.tenancykit.web.deadline.TenantRequestDeadlineWebFilter;
import io.tenancykit.web.directory.CachingTenantDirectory;
import io.tenancykit.web.directory.TenantCacheSettings;
import io.tenancykit.web.logging.AccessLogWebFilter;
import io.tenancykit.web.metrics.TenantResolutionMetrics;
import io.tenancykit.web.netty.EventLoopDispatchWebFilter;
import io.tenancykit.web.problem.TenancyProblemExceptionHandler;
import io.tenancykit.web.resolution.ClaimTenantResolver;
import io.tenancykit.web.resolution.TenantResolutionSettings;
import io.tenancykit.web.resolution.TenantResolutionWebFilter;
import io.tenancykit.web.resolution.TenantResolverChain;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the kit's web layer in a reactive web application: the
 * {@link TenantResolutionWebFilter} with the resolvers named by
 * {@code tenancy.web.resolution.*}, the optional {@link AccessLogWebFilter} around it, a
 * {@link CachingTenantDirectory} in front of the R2DBC directory, {@code TenantContext}
 * controller arguments, problem details for tenant and data access failures raised by
 * handlers, the deadline of tenant-scoped requests, and resolution metrics. Every bean
 * backs off when the application defines its own; {@code tenancy.web.enabled=false} turns
 * it all off.
 * <p>
 * The filter looks tenants up in the application's {@link TenantDirectory}: the caching
 * directory, which is {@link Primary @Primary} over the R2DBC directory it decorates, or
 * a directory of the application's own, which makes both kit directories back off.
 */
@AutoConfiguration(after = TenancyPersistenceAutoConfiguration.class,
		afterName = { "org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(TenantResolutionWebFilter.class)
@ConditionalOnBooleanProperty(name = "tenancy.web.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TenancyWebProperties.class)
public final class TenancyWebAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TenantResolutionSettings tenantResolutionSettings(TenancyWebProperties properties) {
		return properties.toResolutionSettings();
	}

	@Bean
	@ConditionalOnMissingBean
	TenantCacheSettings tenantCacheSettings(TenancyWebProperties properties) {
		return properties.toCacheSettings();
	}

	@Bean
	@ConditionalOnMissingBean
	TenantResolverChain tenantResolverChain(TenantResolutionSettings settings,
			ObjectProvider<ClaimTenantResolver> claimResolver) {
		return TenancyWebProperties
			.checkResolution(() -> TenantResolverChain.fromSettings(settings, claimResolver.getIfAvailable()));
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(TenantDirectory.class)
	TenantResolutionWebFilter tenantResolutionWebFilter(TenantDirectory directory, TenantResolutionSettings settings,
			TenantResolverChain chain, ObjectProvider<TenantResolutionMetrics> metrics,
			TenancyWebProperties properties) {
		TenantResolutionWebFilter filter = new TenantResolutionWebFilter(directory, settings, chain,
				metrics.getIfAvailable(TenantResolutionMetrics::disabled));
		filter.setOrder(properties.getResolution().getFilterOrder());
		return filter;
	}

	// Ordered one before the resolution filter, so that it wraps resolution and logs
	// refused requests too.
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(TenantDirectory.class)
	@ConditionalOnBooleanProperty("tenancy.web.resolution.access-log")
	AccessLogWebFilter tenancyAccessLogWebFilter(TenancyWebProperties properties) {
		AccessLogWebFilter filter = new AccessLogWebFilter();
		filter.setOrder(properties.getResolution().getFilterOrder() - 1);
		return filter;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(TenantResolutionWebFilter.class)
	TenantRequestDeadlineWebFilter tenantRequestDeadlineWebFilter(TenancyWebProperties properties,
			TenantResolutionWebFilter resolutionFilter) {
		Duration deadline = properties.getRequestTimeout();
		if (deadline.isNegative()) {
			throw new InvalidConfigurationPropertyValueException(TenancyWebProperties.PREFIX + ".request-timeout",
					deadline, "must not be negative");
		}
		TenantRequestDeadlineWebFilter filter = new TenantRequestDeadlineWebFilter(deadline);
		filter.setOrder(resolutionFilter.getOrder() + 1);
		return filter;
	}

	// Checks, once every singleton exists, that Spring Security's filter runs first.
	@Bean
	@ConditionalOnBean(TenantResolutionWebFilter.class)
	@ConditionalOnClass(name = SecurityFilterOrderVerification.WEB_FILTER_CHAIN_PROXY)
	SecurityFilterOrderVerification tenancySecurityFilterOrderVerification(ListableBeanFactory beanFactory,
			TenantResolutionWebFilter filter, TenantResolverChain chain) {
		return new SecurityFilterOrderVerification(beanFactory, filter, chain);
	}

	@Bean
	@ConditionalOnMissingBean
	TenantContextArgumentResolver tenantContextArgumentResolver() {
		return new TenantContextArgumentResolver();
	}

	/**
	 * Keeps kept-alive Reactor Netty connections reading after a queued request is
	 * answered without I/O (reactor-netty#4361).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "reactor.netty.Connection")
	@ConditionalOnBooleanProperty(name = "tenancy.web.event-loop-dispatch.enabled", matchIfMissing = true)
	static class ReactorNettyConfiguration {

		@Bean
		@ConditionalOnMissingBean
		EventLoopDispatchWebFilter tenancyEventLoopDispatchWebFilter() {
			return new EventLoopDispatchWebFilter();
		}

	}

	@Bean
	@ConditionalOnMissingBean
	TenancyWebFluxConfigurer tenancyWebFluxConfigurer(TenantContextArgumentResolver argumentResolver) {
		return new TenancyWebFluxConfigurer(argumentResolver);
	}

	// Static: a post-processor, created before the configuration class.
	@Bean
	@ConditionalOnMissingBean(CanonicalUuidEditor.Registration.class)
	static CanonicalUuidBindingPostProcessor tenancyCanonicalUuidBindingPostProcessor() {
		return new CanonicalUuidBindingPostProcessor();
	}

	@Bean
	@ConditionalOnMissingBean
	TenancyProblemExceptionHandler tenancyProblemExceptionHandler(TenantResolutionSettings settings) {
		return new TenancyProblemExceptionHandler(settings.retryAfter());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(R2dbcTenantDirectory.class)
	static class CachingDirectoryConfiguration {

		// Registered as a MeterBinder too, so Spring Boot's metrics bind its cache
		// gauges.
		@Bean
		@Primary
		@ConditionalOnMissingBean(CachingTenantDirectory.class)
		@ConditionalOnBean(R2dbcTenantDirectory.class)
		CachingTenantDirectory tenancyCachingTenantDirectory(R2dbcTenantDirectory directory,
				TenantCacheSettings settings) {
			return new CachingTenantDirectory(directory, settings);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.security.core.Authentication")
	static class ClaimResolverConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ClaimTenantResolver tenancyClaimTenantResolver(TenantResolutionSettings settings) {
			return ClaimTenantResolver.fromSettings(settings);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		TenantResolutionMetrics tenantResolutionMetrics(MeterRegistry registry, TenancyWebProperties properties) {
			return new TenantResolutionMetrics(registry, properties.getMetrics().isTenantTag());
		}

	}

}
