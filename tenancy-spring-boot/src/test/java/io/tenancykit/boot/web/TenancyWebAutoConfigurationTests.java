package io.tenancykit.boot.web;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tenancykit.api.TenantDirectory;
import io.tenancykit.boot.persistence.TenancyPersistenceAutoConfiguration;
import io.tenancykit.boot.testsupport.StubDatabase;
import io.tenancykit.persistence.directory.R2dbcTenantDirectory;
import io.tenancykit.web.bind.TenantContextArgumentResolver;
import io.tenancykit.web.directory.CachingTenantDirectory;
import io.tenancykit.web.directory.TenantCacheSettings;
import io.tenancykit.web.logging.AccessLogWebFilter;
import io.tenancykit.web.metrics.ResolutionOutcome;
import io.tenancykit.web.metrics.TenantResolutionMetrics;
import io.tenancykit.web.problem.TenancyProblemExceptionHandler;
import io.tenancykit.web.resolution.ClaimTenantResolver;
import io.tenancykit.web.resolution.HeaderTenantResolver;
import io.tenancykit.web.resolution.HostSource;
import io.tenancykit.web.resolution.PathPrefixTenantResolver;
import io.tenancykit.web.resolution.SubdomainTenantResolver;
import io.tenancykit.web.resolution.TenantReferenceFormat;
import io.tenancykit.web.resolution.TenantResolutionSettings;
import io.tenancykit.web.resolution.TenantResolutionWebFilter;
import io.tenancykit.web.resolution.TenantResolverChain;
import io.tenancykit.web.resolution.TenantSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.config.WebFluxConfigurer;

import static org.assertj.core.api.Assertions.assertThat;

class TenancyWebAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TenancyWebAutoConfiguration.class));

	private final ReactiveWebApplicationContextRunner withDirectory = this.runner
		.withUserConfiguration(StubDatabase.DirectoryConfiguration.class);

	@Test
	void providesWebBeansWithDefaultSettings() {
		this.withDirectory.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(TenantResolutionSettings.class)).isEqualTo(TenantResolutionSettings.defaults());
			assertThat(context.getBean(TenantCacheSettings.class)).isEqualTo(TenantCacheSettings.defaults());
			assertThat(context).hasSingleBean(TenantResolutionWebFilter.class);
			assertThat(context.getBean(TenantResolutionWebFilter.class).getOrder())
				.isEqualTo(TenantResolutionWebFilter.DEFAULT_ORDER);
			assertThat(context).hasSingleBean(TenantContextArgumentResolver.class);
			assertThat(context).hasSingleBean(TenancyWebFluxConfigurer.class);
			assertThat(context).hasSingleBean(TenancyProblemExceptionHandler.class);
			assertThat(context).hasSingleBean(ClaimTenantResolver.class);
			assertThat(context.getBean(TenantResolverChain.class).resolvers())
				.hasExactlyElementsOfTypes(ClaimTenantResolver.class, HeaderTenantResolver.class);
			assertThat(context).doesNotHaveBean(TenantResolutionMetrics.class);
			assertThat(context).doesNotHaveBean(AccessLogWebFilter.class);
		});
	}

	@Test
	void wrapsTheResolutionFilterInTheAccessLogWhenEnabled() {
		this.withDirectory.withPropertyValues("tenancy.web.resolution.access-log=true").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(AccessLogWebFilter.class).getOrder()).isEqualTo(AccessLogWebFilter.DEFAULT_ORDER)
				.isEqualTo(TenantResolutionWebFilter.DEFAULT_ORDER - 1);
		});
	}

	@Test
	void keepsTheAccessLogAroundAResolutionFilterThatWasMoved() {
		this.withDirectory
			.withPropertyValues("tenancy.web.resolution.access-log=true", "tenancy.web.resolution.filter-order=5")
			.run((context) -> assertThat(context.getBean(AccessLogWebFilter.class).getOrder()).isEqualTo(4));
	}

	@Test
	void providesNoAccessLogWithoutAnyDirectory() {
		this.runner.withPropertyValues("tenancy.web.resolution.access-log=true")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(AccessLogWebFilter.class));
	}

	@Test
	void resolvesWithTheApplicationDirectoryAndCachesNothingOfItsOwn() {
		this.withDirectory.run((context) -> {
			assertThat(context).doesNotHaveBean(CachingTenantDirectory.class);
			assertThat(context).getBean(TenantDirectory.class).isSameAs(context.getBean("userTenantDirectory"));
		});
	}

	@Test
	void cachesTheR2dbcDirectoryAsThePrimaryDirectory() {
		this.runner.withConfiguration(AutoConfigurations.of(TenancyPersistenceAutoConfiguration.class))
			.withUserConfiguration(StubDatabase.DatabaseClientConfiguration.class)
			.withPropertyValues("tenancy.persistence.verifier.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(R2dbcTenantDirectory.class);
				assertThat(context).hasSingleBean(CachingTenantDirectory.class);
				assertThat(context.getBeansOfType(TenantDirectory.class)).hasSize(2);
				assertThat(context).getBean(TenantDirectory.class).isInstanceOf(CachingTenantDirectory.class);
				assertThat(context).hasSingleBean(TenantResolutionWebFilter.class);
			});
	}

	@Test
	void backsOffTheKitDirectoriesForAnApplicationDirectory() {
		this.runner.withConfiguration(AutoConfigurations.of(TenancyPersistenceAutoConfiguration.class))
			.withUserConfiguration(StubDatabase.DatabaseClientConfiguration.class,
					StubDatabase.DirectoryConfiguration.class)
			.withPropertyValues("tenancy.persistence.verifier.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(R2dbcTenantDirectory.class);
				assertThat(context).doesNotHaveBean(CachingTenantDirectory.class);
				assertThat(context).getBean(TenantDirectory.class).isSameAs(context.getBean("userTenantDirectory"));
				assertThat(context).hasSingleBean(TenantResolutionWebFilter.class);
			});
	}

	@Test
	void backsOffTheCachingDirectoryForAnApplicationCachingDirectory() {
		this.runner.withConfiguration(AutoConfigurations.of(TenancyPersistenceAutoConfiguration.class))
			.withUserConfiguration(StubDatabase.DatabaseClientConfiguration.class, ApplicationCachingDirectory.class)
			.withPropertyValues("tenancy.persistence.verifier.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(R2dbcTenantDirectory.class);
				assertThat(context).getBean(TenantDirectory.class)
					.isSameAs(context.getBean("applicationCachingDirectory"));
			});
	}

	@Test
	void providesNoFilterWithoutAnyDirectory() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(TenantResolutionWebFilter.class);
			assertThat(context).hasSingleBean(TenancyProblemExceptionHandler.class);
			assertThat(context).hasSingleBean(TenancyWebFluxConfigurer.class);
		});
	}

	@Test
	void providesNothingWhenDisabled() {
		this.withDirectory.withPropertyValues("tenancy.web.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(TenantResolutionWebFilter.class);
			assertThat(context).doesNotHaveBean(TenantResolutionSettings.class);
			assertThat(context).doesNotHaveBean(TenancyWebFluxConfigurer.class);
			assertThat(context).doesNotHaveBean(TenancyProblemExceptionHandler.class);
			assertThat(context).doesNotHaveBean(TenancyWebProperties.class);
		});
	}

	@Test
	void providesNothingInANonReactiveApplication() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(TenancyWebAutoConfiguration.class))
			.withUserConfiguration(StubDatabase.DirectoryConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(TenantResolutionWebFilter.class);
				assertThat(context).doesNotHaveBean(TenancyWebFluxConfigurer.class);
			});
	}

	@Test
	void providesNothingWithoutTenancyWebOnTheClasspath() {
		this.withDirectory.withClassLoader(new FilteredClassLoader(TenantResolutionWebFilter.class))
			.run((context) -> assertThat(context).doesNotHaveBean(TenancyWebFluxConfigurer.class));
	}

	@Test
	void readsNoClaimsWithoutSpringSecurity() {
		this.withDirectory.withClassLoader(new FilteredClassLoader("org.springframework.security")).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(ClaimTenantResolver.class);
			assertThat(context.getBean(TenantResolverChain.class).resolvers())
				.hasExactlyElementsOfTypes(HeaderTenantResolver.class);
		});
	}

	@Test
	void cachesNothingWithoutTenancyPersistenceOnTheClasspath() {
		this.withDirectory.withClassLoader(new FilteredClassLoader(R2dbcTenantDirectory.class)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(CachingTenantDirectory.class);
			assertThat(context).hasSingleBean(TenantResolutionWebFilter.class);
		});
	}

	@Test
	void recordsMetricsWhenAMeterRegistryExists() {
		this.withDirectory.withUserConfiguration(MeterRegistryConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(TenantResolutionMetrics.class));
	}

	@Test
	void backsOffForEveryApplicationBean() {
		this.withDirectory.withUserConfiguration(MeterRegistryConfiguration.class, ApplicationWebBeans.class)
			.withPropertyValues("tenancy.web.resolution.access-log=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				for (String name : List.of("applicationSettings", "applicationCacheSettings", "applicationChain",
						"applicationFilter", "applicationAccessLog", "applicationArgumentResolver",
						"applicationConfigurer", "applicationProblemHandler", "applicationClaimResolver",
						"applicationMetrics")) {
					Object bean = context.getBean(name);
					assertThat(context.getBeansOfType(bean.getClass())).containsOnlyKeys(name);
				}
			});
	}

	@Test
	void registersTheArgumentResolverBesideOtherConfigurers() {
		this.withDirectory.withUserConfiguration(OtherConfigurer.class).run((context) -> {
			assertThat(context).hasSingleBean(TenancyWebFluxConfigurer.class);
			assertThat(context.getBeansOfType(WebFluxConfigurer.class)).hasSize(2);
		});
	}

	@Test
	void mapsEveryResolutionProperty() {
		this.withDirectory.withUserConfiguration(MeterRegistryConfiguration.class)
			.withPropertyValues("tenancy.web.resolution.chain=path,subdomain,header,claim",
					"tenancy.web.resolution.header-name=X-Org", "tenancy.web.resolution.header-format=key-or-id",
					"tenancy.web.resolution.base-domains=Example.COM,example.org.",
					"tenancy.web.resolution.host-source=x-forwarded-host", "tenancy.web.resolution.path-prefix=/orgs",
					"tenancy.web.resolution.claim-name=org", "tenancy.web.resolution.claim-format=id",
					"tenancy.web.resolution.excluded-paths=/health,/docs/**", "tenancy.web.resolution.retry-after=30s",
					"tenancy.web.resolution.access-log=true", "tenancy.web.resolution.filter-order=5",
					"tenancy.web.resolution.require-claim=false", "tenancy.web.resolution.suspended-as-unknown=true",
					"tenancy.web.metrics.tenant-tag=true")
			.run((context) -> {
				TenantResolutionSettings settings = context.getBean(TenantResolutionSettings.class);
				assertThat(settings).isEqualTo(
						new TenantResolutionSettings("X-Org", TenantReferenceFormat.KEY_OR_ID,
								List.of("example.com", "example.org"), HostSource.X_FORWARDED_HOST, "/orgs", "org",
								TenantReferenceFormat.ID, List.of("/health", "/docs/**"), List.of(TenantSource.PATH,
										TenantSource.SUBDOMAIN, TenantSource.HEADER, TenantSource.CLAIM),
								Duration.ofSeconds(30), false, true));
				assertThat(context.getBean(TenantResolverChain.class).resolvers()).hasExactlyElementsOfTypes(
						PathPrefixTenantResolver.class, SubdomainTenantResolver.class, HeaderTenantResolver.class,
						ClaimTenantResolver.class);
				assertThat(context.getBean(TenantResolutionWebFilter.class).getOrder()).isEqualTo(5);
				assertThat(context).hasSingleBean(AccessLogWebFilter.class);
				assertThat(context.getBean(TenancyProblemExceptionHandler.class)).extracting("retryAfter")
					.isEqualTo(Duration.ofSeconds(30));
				context.getBean(TenantResolutionMetrics.class)
					.record(ResolutionOutcome.RESOLVED, "header", StubDatabase.ACME.id());
				assertThat(context.getBean(MeterRegistry.class)
					.get(TenantResolutionMetrics.METER_NAME)
					.tag("tenant", StubDatabase.ACME.id().toString())
					.counter()
					.count()).isEqualTo(1);
			});
	}

	@Test
	void mapsEveryCacheProperty() {
		this.withDirectory
			.withPropertyValues("tenancy.web.cache.ttl=10m", "tenancy.web.cache.maximum-size=50",
					"tenancy.web.cache.negative-ttl=1s", "tenancy.web.cache.negative-maximum-size=20",
					"tenancy.web.cache.lookup-timeout=500ms", "tenancy.web.cache.refresh-ahead=false")
			.run((context) -> assertThat(context.getBean(TenantCacheSettings.class)).isEqualTo(new TenantCacheSettings(
					Duration.ofMinutes(10), 50, Duration.ofSeconds(1), 20, Duration.ofMillis(500), false)));
	}

	@Test
	void failsOnBlankHeaderName() {
		assertInvalid("tenancy.web.resolution.header-name= ", "tenancy.web.resolution.header-name",
				"must be a valid HTTP header name");
	}

	@Test
	void failsOnNegativeTtl() {
		assertInvalid("tenancy.web.cache.ttl=-5s", "tenancy.web.cache.ttl", "must be positive");
	}

	@Test
	void failsOnZeroMaximumSize() {
		assertInvalid("tenancy.web.cache.maximum-size=0", "tenancy.web.cache.maximum-size", "must be positive");
	}

	@Test
	void failsOnZeroNegativeTtl() {
		assertInvalid("tenancy.web.cache.negative-ttl=0s", "tenancy.web.cache.negative-ttl", "must be positive");
	}

	@Test
	void failsOnZeroNegativeMaximumSize() {
		assertInvalid("tenancy.web.cache.negative-maximum-size=0", "tenancy.web.cache.negative-maximum-size",
				"must be positive");
	}

	@Test
	void failsOnZeroLookupTimeout() {
		assertInvalid("tenancy.web.cache.lookup-timeout=0ms", "tenancy.web.cache.lookup-timeout", "must be positive");
	}

	@Test
	void failsOnRetryAfterBelowOneSecond() {
		assertInvalid("tenancy.web.resolution.retry-after=500ms", "tenancy.web.resolution.retry-after",
				"must be at least one second");
	}

	@Test
	void failsOnInvalidPathPrefix() {
		assertInvalid("tenancy.web.resolution.path-prefix=t/", "tenancy.web.resolution.path-prefix",
				"must start with '/'");
	}

	@Test
	void failsOnBlankClaimName() {
		assertInvalid("tenancy.web.resolution.claim-name= ", "tenancy.web.resolution.claim-name", "must not be blank");
	}

	@Test
	void failsOnInvalidBaseDomain() {
		assertInvalid("tenancy.web.resolution.base-domains=exa mple.com", "tenancy.web.resolution.base-domains",
				"ASCII domain names");
	}

	@Test
	void failsOnInvalidExcludedPath() {
		assertInvalid("tenancy.web.resolution.excluded-paths=/{tenant", "tenancy.web.resolution.excluded-paths",
				"invalid path pattern '/{tenant'");
	}

	@Test
	void failsOnEmptyChain() {
		assertInvalid("tenancy.web.resolution.chain=", "tenancy.web.resolution.chain", "at least one source");
	}

	@Test
	void failsOnASourceNamedTwice() {
		assertInvalid("tenancy.web.resolution.chain=header,header", "tenancy.web.resolution.chain",
				"must not name a source twice");
	}

	@Test
	void failsOnAChainThatCanNeverApply() {
		assertInvalid("tenancy.web.resolution.chain=subdomain", "tenancy.web.resolution.chain",
				"names no source that can apply");
	}

	@Test
	void failsOnAnUnknownSource() {
		this.withDirectory.withPropertyValues("tenancy.web.resolution.chain=header,cookie").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure())
				.hasStackTraceContaining("Failed to bind properties under 'tenancy.web.resolution.chain'")
				.hasStackTraceContaining("cookie");
		});
	}

	@Test
	void failsOnAnUnknownHeaderFormat() {
		this.withDirectory.withPropertyValues("tenancy.web.resolution.header-format=name")
			.run((context) -> assertThat(context.getStartupFailure())
				.hasStackTraceContaining("Failed to bind properties under 'tenancy.web.resolution.header-format'"));
	}

	private void assertInvalid(String property, String name, String reason) {
		this.withDirectory.withPropertyValues(property).run((context) -> {
			assertThat(context).hasFailed();
			Throwable cause = context.getStartupFailure();
			while (cause != null && !(cause instanceof InvalidConfigurationPropertyValueException)) {
				cause = cause.getCause();
			}
			assertThat(cause).as("InvalidConfigurationPropertyValueException in %s", context.getStartupFailure())
				.isNotNull();
			InvalidConfigurationPropertyValueException invalid = (InvalidConfigurationPropertyValueException) cause;
			assertThat(invalid.getName()).isEqualTo(name);
			assertThat(invalid.getMessage()).startsWith("Property " + name + " with value").contains(reason);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class MeterRegistryConfiguration {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ApplicationCachingDirectory {

		@Bean
		CachingTenantDirectory applicationCachingDirectory() {
			return new CachingTenantDirectory(StubDatabase.inMemoryDirectory(), TenantCacheSettings.defaults());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OtherConfigurer {

		@Bean
		WebFluxConfigurer otherConfigurer() {
			return new WebFluxConfigurer() {
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ApplicationWebBeans {

		@Bean
		TenantResolutionSettings applicationSettings() {
			return TenantResolutionSettings.defaults().withHeaderName("X-Org");
		}

		@Bean
		TenantCacheSettings applicationCacheSettings() {
			return TenantCacheSettings.defaults().withTtl(Duration.ofSeconds(1));
		}

		@Bean
		TenantResolverChain applicationChain() {
			return TenantResolverChain.of(List.of(new HeaderTenantResolver("X-Org", TenantReferenceFormat.KEY)));
		}

		@Bean
		TenantResolutionWebFilter applicationFilter(TenantDirectory directory, TenantResolutionSettings settings) {
			return new TenantResolutionWebFilter(directory, settings);
		}

		@Bean
		AccessLogWebFilter applicationAccessLog() {
			return new AccessLogWebFilter();
		}

		@Bean
		TenantContextArgumentResolver applicationArgumentResolver() {
			return new TenantContextArgumentResolver();
		}

		@Bean
		TenancyWebFluxConfigurer applicationConfigurer(TenantContextArgumentResolver resolver) {
			return new TenancyWebFluxConfigurer(resolver);
		}

		@Bean
		TenancyProblemExceptionHandler applicationProblemHandler() {
			return new TenancyProblemExceptionHandler(Duration.ofSeconds(9));
		}

		@Bean
		ClaimTenantResolver applicationClaimResolver() {
			return new ClaimTenantResolver("org", TenantReferenceFormat.KEY);
		}

		@Bean
		TenantResolutionMetrics applicationMetrics(MeterRegistry registry) {
			return new TenantResolutionMetrics(registry, true);
		}

	}

}
