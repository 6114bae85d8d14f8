package io.tenancykit.boot.persistence.repositories;

import java.util.UUID;

import io.r2dbc.spi.ConnectionFactory;
import io.tenancykit.api.TenantId;
import io.tenancykit.boot.persistence.TenancyPersistenceAutoConfiguration;
import io.tenancykit.boot.persistence.TenancyR2dbcConversionsAutoConfiguration;
import io.tenancykit.boot.persistence.repositories.bad.BadPackage;
import io.tenancykit.boot.persistence.repositories.good.GoodPackage;
import io.tenancykit.boot.persistence.repositories.good.InvoiceRepository;
import io.tenancykit.boot.testsupport.StubDatabase;
import io.tenancykit.persistence.repository.TenantScopedTemplate;
import io.tenancykit.persistence.repository.config.EnableTenantScopedRepositories;
import io.tenancykit.persistence.repository.support.TenantScopedRepositoryFactoryBean;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.r2dbc.convert.R2dbcCustomConversions;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The template, the conversions and the repository interfaces of the auto-configuration
 * packages, wired the Spring Boot way and never touching the database.
 */
class TenantScopedRepositoriesAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TenancyR2dbcConversionsAutoConfiguration.class,
				DataR2dbcAutoConfiguration.class, TenancyPersistenceAutoConfiguration.class))
		.withUserConfiguration(Database.class)
		.withPropertyValues("tenancy.persistence.verifier.enabled=false");

	@Test
	void implementsTheRepositoryInterfacesOfTheAutoConfigurationPackages() {
		this.runner.withUserConfiguration(GoodPackage.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(TenantScopedTemplate.class);
			assertThat(context).hasSingleBean(InvoiceRepository.class);
			assertThat(context).hasBean("invoiceRepository");
		});
	}

	@Test
	void mapsTenantIdToUuidThroughTheConversions() {
		this.runner.run((context) -> {
			R2dbcCustomConversions conversions = context.getBean(R2dbcCustomConversions.class);
			assertThat(conversions.getCustomWriteTarget(TenantId.class)).contains(UUID.class);
			assertThat(conversions.hasCustomReadTarget(UUID.class, TenantId.class)).isTrue();
		});
	}

	@Test
	void keepsTheApplicationsOwnConversions() {
		this.runner.withUserConfiguration(OwnConversions.class).run((context) -> {
			assertThat(context.getBean(R2dbcCustomConversions.class)).isSameAs(OwnConversions.CONVERSIONS);
		});
	}

	@Test
	void failsStartupNamingAQueryMethodWithoutTheContext() {
		this.runner.withUserConfiguration(BadPackage.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining(
						"ContextlessRepository.findByNumber(String) must take a TenantContext as its first"
								+ " parameter");
		});
	}

	@Test
	void scansNothingWhenDisabled() {
		this.runner.withUserConfiguration(GoodPackage.class)
			.withPropertyValues("tenancy.persistence.repositories.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(InvoiceRepository.class);
				assertThat(context).hasSingleBean(TenantScopedTemplate.class);
			});
	}

	@Test
	void backsOffForEnableTenantScopedRepositories() {
		// The bad package is an auto-configuration package here, but only the package
		// named by the annotation is scanned.
		this.runner.withUserConfiguration(BadPackage.class, ExplicitScan.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(InvoiceRepository.class);
			assertThat(context.getBeansOfType(TenantScopedRepositoryFactoryBean.class)).hasSize(1);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class Database {

		@Bean
		ConnectionFactory connectionFactory() {
			return StubDatabase.refusingConnectionFactory();
		}

		@Bean
		DatabaseClient databaseClient(ConnectionFactory connectionFactory) {
			return DatabaseClient.create(connectionFactory);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnConversions {

		static final R2dbcCustomConversions CONVERSIONS = R2dbcCustomConversions
			.of(org.springframework.data.r2dbc.dialect.PostgresDialect.INSTANCE, java.util.List.of());

		@Bean
		R2dbcCustomConversions r2dbcCustomConversions() {
			return CONVERSIONS;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableTenantScopedRepositories(basePackageClasses = InvoiceRepository.class)
	static class ExplicitScan {

	}

}
