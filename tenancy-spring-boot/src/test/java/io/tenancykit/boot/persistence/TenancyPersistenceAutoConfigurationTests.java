package io.tenancykit.boot.persistence;

import java.time.Duration;
import java.util.List;

import io.tenancykit.api.TenantDirectory;
import io.tenancykit.boot.testsupport.StubDatabase;
import io.tenancykit.persistence.directory.R2dbcTenantDirectory;
import io.tenancykit.persistence.rls.RowLevelSecurity;
import io.tenancykit.persistence.verify.RlsVerifier;
import liquibase.integration.spring.SpringLiquibase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

class TenancyPersistenceAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TenancyPersistenceAutoConfiguration.class));

	// The stub database refuses connections, so the startup verification is off unless
	// a test is about it.
	private final ApplicationContextRunner withDatabaseClient = this.runner
		.withUserConfiguration(StubDatabase.DatabaseClientConfiguration.class)
		.withPropertyValues("tenancy.persistence.verifier.enabled=false");

	@Test
	void providesPersistenceBeansWhenADatabaseClientExists() {
		this.withDatabaseClient.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(RowLevelSecurity.class);
			assertThat(context.getBean(RowLevelSecurity.class)).isEqualTo(RowLevelSecurity.ENABLED);
			assertThat(context).hasSingleBean(R2dbcTenantDirectory.class);
			assertThat(context).hasSingleBean(TenantDirectory.class);
			assertThat(context).hasSingleBean(RlsVerifier.class);
			assertThat(context).hasSingleBean(TenancyPersistenceProperties.class);
			assertThat(context).getBean(FlywayMigrationStrategy.class)
				.isInstanceOf(TenancyFlywayMigrationStrategy.class);
		});
	}

	@Test
	void disablesRowLevelSecurityWhenPropertyIsFalse() {
		this.withDatabaseClient.withPropertyValues("tenancy.persistence.rls.enabled=false")
			.run((context) -> assertThat(context.getBean(RowLevelSecurity.class)).isEqualTo(RowLevelSecurity.DISABLED));
	}

	@Test
	void backsOffWithoutDatabaseClientBean() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(RowLevelSecurity.class);
			assertThat(context).doesNotHaveBean(TenantDirectory.class);
			assertThat(context).doesNotHaveBean(RlsVerifier.class);
			assertThat(context).doesNotHaveBean(FlywayMigrationStrategy.class);
		});
	}

	@Test
	void backsOffWithoutR2dbcOnTheClasspath() {
		this.withDatabaseClient.withClassLoader(new FilteredClassLoader(DatabaseClient.class)).run((context) -> {
			assertThat(context).doesNotHaveBean(RowLevelSecurity.class);
			assertThat(context).doesNotHaveBean(RlsVerifier.class);
		});
	}

	@Test
	void backsOffWithoutTenancyPersistenceOnTheClasspath() {
		this.withDatabaseClient.withClassLoader(new FilteredClassLoader(R2dbcTenantDirectory.class))
			.run((context) -> assertThat(context).doesNotHaveBean(RlsVerifier.class));
	}

	@Test
	void runsNoKitMigrationsWithoutFlywayOnTheClasspath() {
		this.withDatabaseClient.withClassLoader(new FilteredClassLoader(Flyway.class)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(FlywayMigrationStrategy.class);
			assertThat(context).hasSingleBean(RlsVerifier.class);
		});
	}

	@Test
	void runsNoKitMigrationsWithoutSpringBootFlywayOnTheClasspath() {
		this.withDatabaseClient.withClassLoader(new FilteredClassLoader(FlywayMigrationStrategy.class))
			.run((context) -> assertThat(context).doesNotHaveBean("tenancyFlywayMigrationStrategy"));
	}

	@Test
	void runsNoKitMigrationsWhenDisabled() {
		this.withDatabaseClient.withPropertyValues("tenancy.persistence.migrations.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(FlywayMigrationStrategy.class)
				.doesNotHaveBean(TenancyLiquibaseBeanPostProcessor.class));
	}

	@Test
	void runsTheKitsChangelogBeforeEveryLiquibaseWithLiquibaseOnTheClasspath() {
		this.withDatabaseClient
			.run((context) -> assertThat(context).hasSingleBean(TenancyLiquibaseBeanPostProcessor.class));
	}

	@Test
	void runsNoKitChangelogWithoutLiquibaseOnTheClasspath() {
		this.withDatabaseClient.withClassLoader(new FilteredClassLoader(SpringLiquibase.class)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(TenancyLiquibaseBeanPostProcessor.class);
			assertThat(context).getBean(FlywayMigrationStrategy.class)
				.isInstanceOf(TenancyFlywayMigrationStrategy.class);
		});
	}

	@Test
	void leavesTheKitsSchemaToLiquibaseWhenTheApplicationHasBoth() {
		this.withDatabaseClient.withUserConfiguration(ApplicationLiquibase.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(TenancyLiquibaseBeanPostProcessor.class);
			assertThat(context).hasSingleBean(FlywayMigrationStrategy.class)
				.hasBean("tenancyApplicationFlywayMigrationStrategy")
				.doesNotHaveBean(TenancyFlywayMigrationStrategy.class);
		});
	}

	@Test
	void backsOffForApplicationBeans() {
		this.withDatabaseClient.withUserConfiguration(ApplicationBeans.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(RowLevelSecurity.class)).isEqualTo(RowLevelSecurity.DISABLED);
			assertThat(context).getBean(RlsVerifier.class).isSameAs(context.getBean("applicationVerifier"));
			assertThat(context).getBean(FlywayMigrationStrategy.class)
				.isSameAs(context.getBean("applicationMigrationStrategy"));
		});
	}

	@Test
	void backsOffTheR2dbcDirectoryForAnyApplicationDirectory() {
		this.withDatabaseClient.withUserConfiguration(StubDatabase.DirectoryConfiguration.class).run((context) -> {
			assertThat(context).doesNotHaveBean(R2dbcTenantDirectory.class);
			assertThat(context).getBean(TenantDirectory.class).isSameAs(context.getBean("userTenantDirectory"));
		});
	}

	@Test
	void verifiesTheDatabaseAtStartupByDefault() {
		this.runner.withUserConfiguration(StubDatabase.DatabaseClientConfiguration.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(StubDatabase.REFUSAL);
		});
	}

	@Test
	void backsOffTheStartupVerificationForAnApplicationBean() {
		this.runner.withUserConfiguration(StubDatabase.DatabaseClientConfiguration.class, ApplicationVerification.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBeanNamesForType(RlsStartupVerification.class))
					.containsExactly("applicationStartupVerification");
			});
	}

	@Test
	void bindsVerifierSettings() {
		this.withDatabaseClient
			.withPropertyValues("tenancy.persistence.verifier.tables=invoice,billing.payment",
					"tenancy.persistence.verifier.timeout=5s", "tenancy.persistence.directory.timeout=750ms")
			.run((context) -> {
				TenancyPersistenceProperties properties = context.getBean(TenancyPersistenceProperties.class);
				assertThat(properties.verifierTables()).containsExactly("invoice", "billing.payment");
				assertThat(properties.verifierTimeout()).isEqualTo(Duration.ofSeconds(5));
				assertThat(properties.directoryTimeout()).isEqualTo(Duration.ofMillis(750));
			});
	}

	@Test
	void failsOnNonPositiveDirectoryTimeout() {
		this.withDatabaseClient.withPropertyValues("tenancy.persistence.directory.timeout=-1s")
			.run((context) -> assertInvalid(context.getStartupFailure(), "tenancy.persistence.directory.timeout"));
	}

	@Test
	void failsOnZeroVerifierTimeout() {
		this.runner.withUserConfiguration(StubDatabase.DatabaseClientConfiguration.class)
			.withPropertyValues("tenancy.persistence.verifier.timeout=0s")
			.run((context) -> assertInvalid(context.getStartupFailure(), "tenancy.persistence.verifier.timeout"));
	}

	@Test
	void failsOnBlankVerifierTable() {
		this.runner.withUserConfiguration(StubDatabase.DatabaseClientConfiguration.class)
			.withPropertyValues("tenancy.persistence.verifier.tables[0]=invoice",
					"tenancy.persistence.verifier.tables[1]= ")
			.run((context) -> assertInvalid(context.getStartupFailure(), "tenancy.persistence.verifier.tables"));
	}

	@Test
	void defaultPropertiesMatchTheDocumentedDefaults() {
		TenancyPersistenceProperties properties = new TenancyPersistenceProperties();
		assertThat(properties.rowLevelSecurity()).isEqualTo(RowLevelSecurity.ENABLED);
		assertThat(properties.directoryTimeout()).isEqualTo(R2dbcTenantDirectory.DEFAULT_TIMEOUT);
		assertThat(properties.verifierTables()).isEqualTo(List.of());
		assertThat(properties.verifierTimeout()).isEqualTo(Duration.ofSeconds(30));
	}

	static void assertInvalid(Throwable failure, String property) {
		assertThat(failure).isNotNull();
		assertThat(failure).rootCause()
			.isInstanceOf(InvalidConfigurationPropertyValueException.class)
			.hasMessageContaining("Property " + property + " ");
		Throwable cause = failure;
		while (!(cause instanceof InvalidConfigurationPropertyValueException)) {
			cause = cause.getCause();
		}
		assertThat(((InvalidConfigurationPropertyValueException) cause).getName()).isEqualTo(property);
	}

	@Configuration(proxyBeanMethods = false)
	static class ApplicationBeans {

		@Bean
		RowLevelSecurity applicationRowLevelSecurity() {
			return RowLevelSecurity.DISABLED;
		}

		@Bean
		RlsVerifier applicationVerifier(DatabaseClient client) {
			return new RlsVerifier(client, RowLevelSecurity.DISABLED);
		}

		@Bean
		FlywayMigrationStrategy applicationMigrationStrategy() {
			return Flyway::migrate;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ApplicationVerification {

		// Lazy, so that it is never run and the stub database is never asked.
		@Bean
		@Lazy
		RlsStartupVerification applicationStartupVerification(DatabaseClient client) {
			return new RlsStartupVerification(new RlsVerifier(client), List.of(), Duration.ofSeconds(1));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ApplicationLiquibase {

		// Never initialized: the test only asks which migration beans the kit defines.
		@Bean
		@Lazy
		SpringLiquibase applicationLiquibase() {
			return new SpringLiquibase();
		}

	}

}
