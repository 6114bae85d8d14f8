package io.tenancykit.boot.persistence;

import io.tenancykit.api.TenantDirectory;
import io.r2dbc.spi.ConnectionFactory;
import io.tenancykit.persistence.directory.R2dbcTenantDirectory;
import io.tenancykit.persistence.pooler.PoolerProbe;
import io.tenancykit.persistence.repository.TenantScopedTemplate;
import io.tenancykit.persistence.repository.support.TenantScopedRepositoryFactoryBean;
import io.tenancykit.persistence.rls.RowLevelSecurity;
import io.tenancykit.persistence.rls.TenantSettingMode;
import io.tenancykit.persistence.verify.RlsVerifier;
import liquibase.integration.spring.SpringLiquibase;
import org.flywaydb.core.Flyway;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.data.mapping.callback.ReactiveEntityCallbacks;
import org.springframework.data.r2dbc.convert.R2dbcConverter;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the kit's persistence over the application's
 * {@link DatabaseClient}: the {@link RowLevelSecurity} mode, the
 * {@link TenantScopedTemplate} over Spring Data's converter, entity callbacks and
 * transaction manager, setting the tenant as {@link TenantSettingMode} says, the
 * tenant-scoped repository interfaces of the auto-configuration packages, the
 * {@link R2dbcTenantDirectory}, the check for a transaction pooler that the driver's
 * settings do not suit ({@link PoolerStartupCheck}), the {@link RlsVerifier} and its
 * check at startup, and the kit's migrations run before the application's, by Flyway or,
 * when the application has a {@link SpringLiquibase}, by Liquibase. Every bean backs off
 * when the application defines its own.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration",
		"org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration",
		"org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration" })
@ConditionalOnClass({ DatabaseClient.class, R2dbcTenantDirectory.class })
@ConditionalOnBean(DatabaseClient.class)
@EnableConfigurationProperties(TenancyPersistenceProperties.class)
public final class TenancyPersistenceAutoConfiguration {

	private static final String LIQUIBASE = "liquibase.integration.spring.SpringLiquibase";

	@Bean
	@ConditionalOnMissingBean
	RowLevelSecurity tenancyRowLevelSecurity(TenancyPersistenceProperties properties) {
		return properties.rowLevelSecurity();
	}

	// With tenancy.persistence.rls.setting left at auto, the template asks the database
	// once, before its first operation, whether it is Citus.
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(R2dbcConverter.class)
	TenantScopedTemplate tenantScopedTemplate(DatabaseClient client, R2dbcConverter converter,
			RowLevelSecurity rowLevelSecurity, TenancyPersistenceProperties properties,
			ObjectProvider<ReactiveTransactionManager> transactionManager, BeanFactory beanFactory) {
		return new TenantScopedTemplate(client, converter, rowLevelSecurity, properties.getRls().getSetting(),
				ReactiveEntityCallbacks.create(beanFactory), transactionManager.getIfUnique());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "tenancy.persistence.repositories.enabled", matchIfMissing = true)
	@ConditionalOnMissingBean(TenantScopedRepositoryFactoryBean.class)
	@Import(AutoConfiguredTenantScopedRepositoriesRegistrar.class)
	static class RepositoriesConfiguration {

	}

	// Backs off for any TenantDirectory, so that an application's own directory is the
	// only one and the web layer resolves tenants with it.
	@Bean
	@ConditionalOnMissingBean(TenantDirectory.class)
	R2dbcTenantDirectory tenancyR2dbcTenantDirectory(DatabaseClient client, TenancyPersistenceProperties properties) {
		return new R2dbcTenantDirectory(client, properties.directoryTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	RlsVerifier tenancyRlsVerifier(DatabaseClient client, RowLevelSecurity rowLevelSecurity) {
		return new RlsVerifier(client, rowLevelSecurity);
	}

	// The check probes when it is created, so that it warns before the startup
	// verification (once every singleton exists) that the pooler makes fail: declaring
	// it first does not order the two.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "tenancy.persistence.pooler-check.enabled", matchIfMissing = true)
	@ConditionalOnBean(ConnectionFactory.class)
	static class PoolerCheckConfiguration {

		@Bean
		@ConditionalOnMissingBean
		PoolerStartupCheck tenancyPoolerStartupCheck(ConnectionFactory connectionFactory) {
			return new PoolerStartupCheck(new PoolerProbe(connectionFactory));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "tenancy.persistence.verifier.enabled", matchIfMissing = true)
	static class StartupVerificationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RlsStartupVerification tenancyRlsStartupVerification(RlsVerifier verifier,
				TenancyPersistenceProperties properties) {
			return new RlsStartupVerification(verifier, properties.verifierTables(), properties.verifierTimeout());
		}

	}

	// With Liquibase in the context too, Liquibase owns the kit's schema: Spring Boot
	// runs every SpringLiquibase before Flyway's migrations, and the kit's changelog
	// runs before the first of them. Flyway then migrates only the application's.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Flyway.class, FlywayMigrationStrategy.class })
	@ConditionalOnBooleanProperty(name = "tenancy.persistence.migrations.enabled", matchIfMissing = true)
	static class MigrationsConfiguration {

		@Bean
		@ConditionalOnMissingBean(value = FlywayMigrationStrategy.class, type = LIQUIBASE)
		FlywayMigrationStrategy tenancyFlywayMigrationStrategy() {
			return new TenancyFlywayMigrationStrategy();
		}

		@Bean
		@ConditionalOnMissingBean(FlywayMigrationStrategy.class)
		@ConditionalOnBean(type = LIQUIBASE)
		FlywayMigrationStrategy tenancyApplicationFlywayMigrationStrategy() {
			return (flyway) -> TenancyFlywayMigrationStrategy.applicationFlyway(flyway).migrate();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SpringLiquibase.class)
	@ConditionalOnBooleanProperty(name = "tenancy.persistence.migrations.enabled", matchIfMissing = true)
	static class LiquibaseMigrationsConfiguration {

		// Static: a post-processor is created before the beans it processes, and so
		// before this configuration could be.
		@Bean
		@ConditionalOnMissingBean
		static TenancyLiquibaseBeanPostProcessor tenancyLiquibaseBeanPostProcessor() {
			return new TenancyLiquibaseBeanPostProcessor();
		}

	}

}
