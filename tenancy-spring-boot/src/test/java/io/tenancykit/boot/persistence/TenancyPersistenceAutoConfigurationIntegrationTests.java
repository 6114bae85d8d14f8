package io.tenancykit.boot.persistence;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.r2dbc.spi.ConnectionFactory;
import io.tenancykit.api.TenantDirectory;
import io.tenancykit.api.TenantKey;
import io.tenancykit.boot.testsupport.FailureAnalyses;
import io.tenancykit.persistence.migration.TenancyMigrations;
import io.tenancykit.persistence.pooler.PoolerProbe;
import io.tenancykit.persistence.verify.RlsVerificationException;
import io.tenancykit.persistence.verify.Violation;
import io.tenancykit.test.PostgresDatabase;
import io.tenancykit.test.PostgresTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The persistence auto-configuration with Spring Boot's R2DBC and Flyway
 * auto-configuration on a real PostgreSQL: Flyway migrates as the owner, the application
 * connects as the non-owner application role.
 */
@PostgresTest
class TenancyPersistenceAutoConfigurationIntegrationTests {

	static ApplicationContextRunner runner(PostgresDatabase db, String migrations) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(R2dbcAutoConfiguration.class, FlywayAutoConfiguration.class,
					TenancyPersistenceAutoConfiguration.class))
			.withPropertyValues("spring.r2dbc.url=" + db.r2dbcUrl(),
					"spring.r2dbc.username=" + db.application().username(),
					"spring.r2dbc.password=" + db.application().password(), "spring.flyway.url=" + db.jdbcUrl(),
					"spring.flyway.user=" + db.owner().username(), "spring.flyway.password=" + db.owner().password(),
					"spring.flyway.locations=classpath:db/boot-it/" + migrations);
	}

	static List<String> appliedVersions(PostgresDatabase db, String historyTable) throws SQLException {
		List<String> versions = new ArrayList<>();
		try (Connection connection = db.openJdbc(db.owner());
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT version FROM " + historyTable
						+ " WHERE success AND version IS NOT NULL ORDER BY installed_rank")) {
			while (rows.next()) {
				versions.add(rows.getString(1));
			}
		}
		return versions;
	}

	@Nested
	class CompliantSchema {

		@Test
		void runsTheKitsMigrationsBeforeTheApplicationsAndStarts(PostgresDatabase db) throws SQLException {
			runner(db, "compliant").run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(RlsStartupVerification.class);
				assertThat(context.getBean(RlsStartupVerification.class).verify().tables()).containsExactly("invoice");
			});
			assertThat(appliedVersions(db, TenancyMigrations.HISTORY_TABLE)).containsExactly("1", "2", "3", "4", "5");
			// The application's invoice migration called tenancy_enable_rls, so it
			// ran after the kit's; it started on a baseline at version 0.
			assertThat(appliedVersions(db, "flyway_schema_history")).containsExactly("0", "1");
		}

		@Test
		void checksForATransactionPoolerAtStartupUnlessTurnedOff(PostgresDatabase db) {
			runner(db, "compliant").run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(PoolerStartupCheck.class);
				// A direct connection: no pooler, whatever the driver does with
				// statements.
				StepVerifier.create(new PoolerProbe(context.getBean(ConnectionFactory.class)).probe())
					.assertNext((report) -> assertThat(report.transactionPooler()).isFalse())
					.expectComplete()
					.verify(Duration.ofSeconds(10));
			});
			runner(db, "compliant").withPropertyValues("tenancy.persistence.pooler-check.enabled=false")
				.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PoolerStartupCheck.class));
		}

		@Test
		void looksTenantsUpAsTheApplicationRole(PostgresDatabase db) throws SQLException {
			runner(db, "compliant").run((context) -> {
				assertThat(context).hasNotFailed();
				db.executeAsOwner("INSERT INTO tenancy_tenant (id, key, display_name)"
						+ " VALUES ('6a3b5a9e-0c1d-4e2f-8a9b-0c1d2e3f4a5b', 'acme', 'Acme')");
				StepVerifier.create(context.getBean(TenantDirectory.class).findByKey(new TenantKey("acme")))
					.assertNext((tenant) -> assertThat(tenant.displayName()).isEqualTo("Acme"))
					.expectComplete()
					.verify(Duration.ofSeconds(10));
			});
		}

		@Test
		void failsWhenTheApplicationsLocationsIncludeTheKits(PostgresDatabase db) {
			runner(db, "compliant").withPropertyValues("spring.flyway.locations=classpath:db").run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasMessageContaining("spring.flyway.locations")
					.hasMessageContaining(TenancyMigrations.LOCATION);
			});
		}

		@Test
		void failsWhenAConfiguredTableDoesNotExist(PostgresDatabase db) {
			runner(db, "compliant").withPropertyValues("tenancy.persistence.verifier.tables=invoice,missing")
				.run((context) -> {
					assertThat(context).hasFailed();
					assertThat(context.getStartupFailure()).isInstanceOf(RlsVerificationException.class)
						.hasMessageContaining("missing: " + Violation.Kind.TABLE_NOT_FOUND);
				});
		}

	}

	@Nested
	class SchemaWithoutRowLevelSecurity {

		@Test
		void failsStartupNamingTheTable(PostgresDatabase db) {
			runner(db, "leaky").run((context) -> {
				assertThat(context).hasFailed();
				Throwable failure = context.getStartupFailure();
				assertThat(failure).isInstanceOf(RlsVerificationException.class)
					.hasMessageContaining("leaky: " + Violation.Kind.RLS_NOT_ENABLED)
					.hasMessageContaining("leaky: " + Violation.Kind.RLS_NOT_FORCED)
					.hasMessageContaining("leaky: " + Violation.Kind.TENANT_POLICY_MISSING);
			});
		}

		@Test
		void startsWhenTheVerifierIsDisabled(PostgresDatabase db) {
			runner(db, "leaky").withPropertyValues("tenancy.persistence.verifier.enabled=false")
				.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(RlsStartupVerification.class));
		}

		@Test
		void checksOnlyKeysWhenRowLevelSecurityIsDisabled(PostgresDatabase db) {
			runner(db, "leaky").withPropertyValues("tenancy.persistence.rls.enabled=false")
				.run((context) -> assertThat(context).hasNotFailed());
		}

	}

	@Nested
	class DatabaseSharedWithAnotherApplication {

		@Test
		void verifiesOnlyTheApplicationsOwnSchemasAndStarts(PostgresDatabase db) {
			runner(db, "foreign-schema").run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(RlsStartupVerification.class).verify().tables()).containsExactly("invoice");
			});
		}

		@Test
		void stillVerifiesAnotherSchemaNamedInTheTablesProperty(PostgresDatabase db) {
			runner(db, "foreign-schema")
				.withPropertyValues("tenancy.persistence.verifier.tables=invoice,other_app.ledger")
				.run((context) -> {
					assertThat(context).hasFailed();
					FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
					assertThat(analysis).isNotNull();
					assertThat(analysis.getDescription()).contains("SQLSTATE 42501")
						.contains("permission denied for schema other_app");
					assertThat(analysis.getAction()).contains("tenancy.persistence.verifier.tables")
						.contains("USAGE on the schema");
				});
		}

	}

	@Nested
	class TableTheApplicationRoleMayNotRead {

		@Test
		void failsStartupExplainingWhatTheRoleLacksAndWhichPropertyToSet(PostgresDatabase db) {
			runner(db, "ungranted").run((context) -> {
				assertThat(context).hasFailed();
				Throwable failure = context.getStartupFailure();
				assertThat(failure).isInstanceOf(RlsVerificationAccessException.class);
				FailureAnalysis analysis = FailureAnalyses.analyze(failure);
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).isEqualTo(
						"Tenant isolation could not be verified: PostgreSQL refused the application role (SQLSTATE "
								+ "42501: permission denied for table invoice)");
				assertThat(analysis.getAction()).contains("spring.r2dbc.username")
					.contains("SELECT on the table named above")
					.contains("tenancy.persistence.verifier.tables");
			});
		}

	}

}
