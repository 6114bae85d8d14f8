package io.tenancykit.boot.persistence;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.tenancykit.api.NotFoundInTenantException;
import io.tenancykit.api.TenantContext;
import io.tenancykit.boot.persistence.liquibase.LiquibaseApplication;
import io.tenancykit.boot.persistence.liquibase.Note;
import io.tenancykit.boot.persistence.liquibase.NoteRepository;
import io.tenancykit.persistence.migration.TenancyMigrations;
import io.tenancykit.test.PostgresDatabase;
import io.tenancykit.test.PostgresTest;
import io.tenancykit.test.TestTenants;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application that migrates with Liquibase, on Spring Boot's R2DBC, Spring Data R2DBC
 * and Liquibase auto-configuration and a real PostgreSQL: the kit's changelog runs before
 * the application's, as the owner, each with its own history; the application connects as
 * the non-owner application role, passes the startup verifier and keeps tenants apart.
 * Each nested class gets a database of its own.
 */
@PostgresTest
class TenancyLiquibaseMigrationsIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	static ApplicationContextRunner runner(PostgresDatabase db, String changeLog) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(R2dbcAutoConfiguration.class, LiquibaseAutoConfiguration.class,
					TenancyR2dbcConversionsAutoConfiguration.class, DataR2dbcAutoConfiguration.class,
					TenancyPersistenceAutoConfiguration.class))
			.withUserConfiguration(LiquibaseApplication.class)
			.withPropertyValues("spring.r2dbc.url=" + db.r2dbcUrl(),
					"spring.r2dbc.username=" + db.application().username(),
					"spring.r2dbc.password=" + db.application().password(), "spring.liquibase.url=" + db.jdbcUrl(),
					"spring.liquibase.user=" + db.owner().username(),
					"spring.liquibase.password=" + db.owner().password(),
					"spring.liquibase.change-log=classpath:db/liquibase-it/" + changeLog,
					"spring.liquibase.parameters.application_role=" + db.application().username());
	}

	static List<String> column(PostgresDatabase db, String query) throws SQLException {
		List<String> values = new ArrayList<>();
		try (Connection connection = db.openJdbc(db.owner());
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(query)) {
			while (rows.next()) {
				values.add(rows.getString(1));
			}
		}
		return values;
	}

	static List<String> changeSets(PostgresDatabase db, String table) throws SQLException {
		return column(db, "SELECT id FROM " + table + " ORDER BY orderexecuted");
	}

	static boolean exists(PostgresDatabase db, String relation) throws SQLException {
		return column(db, "SELECT to_regclass('" + relation + "') IS NOT NULL").equals(List.of("t"));
	}

	@Nested
	class ApplicationChangelog {

		@Test
		void runsTheKitsChangelogBeforeTheApplicationsWithSeparateHistories(PostgresDatabase db) throws SQLException {
			runner(db, "app-changelog.yaml").run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(TenancyLiquibaseBeanPostProcessor.class);
				assertThat(context.getBean(RlsStartupVerification.class).verify().tables()).containsExactly("note");
			});
			assertThat(changeSets(db, TenancyMigrations.LIQUIBASE_HISTORY_TABLE)).containsExactly("tenancy-1",
					"tenancy-2", "tenancy-3", "tenancy-4", "tenancy-5");
			assertThat(changeSets(db, "databasechangelog")).containsExactly("note-table", "note-row-level-security",
					"application-role-grants");
			// The application's changeSets called tenancy_enable_rls, so they ran
			// after the kit's; their timestamps say so too.
			assertThat(column(db, "SELECT (SELECT max(dateexecuted) FROM " + TenancyMigrations.LIQUIBASE_HISTORY_TABLE
					+ ") <= (SELECT min(dateexecuted) FROM databasechangelog)"))
				.containsExactly("t");
			assertThat(exists(db, TenancyMigrations.HISTORY_TABLE)).as("no Flyway history").isFalse();
		}

		@Test
		void keepsTenantsApartThroughTheRepository(PostgresDatabase db) {
			runner(db, "app-changelog.yaml").run((context) -> {
				assertThat(context).hasNotFailed();
				TestTenants tenants = new TestTenants(db);
				TenantContext acme = tenants.create("acme");
				TenantContext globex = tenants.create("globex");
				NoteRepository notes = context.getBean(NoteRepository.class);
				Note saved = notes.save(acme, new Note(acme.tenantId(), null, "acme's note")).block(TIMEOUT);
				assertThat(saved).isNotNull();
				assertThat(saved.id()).isNotNull();
				StepVerifier.create(notes.findById(globex, saved.id())).expectComplete().verify(TIMEOUT);
				StepVerifier.create(notes.count(globex)).expectNext(0L).expectComplete().verify(TIMEOUT);
				StepVerifier.create(notes.save(globex, new Note(globex.tenantId(), saved.id(), "globex was here")))
					.expectError(NotFoundInTenantException.class)
					.verify(TIMEOUT);
				StepVerifier.create(notes.deleteById(globex, saved.id()))
					.expectNext(0L)
					.expectComplete()
					.verify(TIMEOUT);
				StepVerifier.create(notes.findById(acme, saved.id()))
					.assertNext((note) -> assertThat(note.body()).isEqualTo("acme's note"))
					.expectComplete()
					.verify(TIMEOUT);
			});
		}

		@Test
		void refusesToDropFirst(PostgresDatabase db) {
			runner(db, "app-changelog.yaml").withPropertyValues("spring.liquibase.drop-first=true").run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasMessageContaining("spring.liquibase.drop-first");
			});
		}

		@Test
		void failsWhenTheApplicationsChangelogIsTheKits(PostgresDatabase db) {
			runner(db, "app-changelog.yaml")
				.withPropertyValues("spring.liquibase.change-log=" + TenancyMigrations.LIQUIBASE_CHANGELOG)
				.run((context) -> {
					assertThat(context).hasFailed();
					assertThat(context.getStartupFailure()).rootCause()
						.isInstanceOf(InvalidConfigurationPropertyValueException.class)
						.hasMessageContaining("spring.liquibase.change-log");
				});
		}

		@Test
		void failsWhenTheApplicationsChangelogTableIsTheKits(PostgresDatabase db) {
			runner(db, "app-changelog.yaml")
				.withPropertyValues(
						"spring.liquibase.database-change-log-table=" + TenancyMigrations.LIQUIBASE_HISTORY_TABLE)
				.run((context) -> {
					assertThat(context).hasFailed();
					assertThat(context.getStartupFailure()).rootCause()
						.isInstanceOf(InvalidConfigurationPropertyValueException.class)
						.hasMessageContaining("spring.liquibase.database-change-log-table");
				});
		}

	}

	@Nested
	class FlywayToo {

		@Test
		void migratesTheKitsSchemaOnceWhenFlywayMigratesToo(PostgresDatabase db) throws SQLException {
			runner(db, "app-changelog.yaml").withConfiguration(AutoConfigurations.of(FlywayAutoConfiguration.class))
				.withPropertyValues("spring.flyway.url=" + db.jdbcUrl(), "spring.flyway.user=" + db.owner().username(),
						"spring.flyway.password=" + db.owner().password(),
						"spring.flyway.locations=classpath:db/boot-it/compliant")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(context.getBean(RlsStartupVerification.class).verify().tables())
						.containsExactlyInAnyOrder("invoice", "note");
				});
			assertThat(changeSets(db, TenancyMigrations.LIQUIBASE_HISTORY_TABLE)).hasSize(5);
			assertThat(exists(db, TenancyMigrations.HISTORY_TABLE)).as("the kit's schema migrated once").isFalse();
			// Spring Boot ran Liquibase first; the application's Flyway started on a
			// baseline.
			assertThat(column(db, "SELECT version FROM flyway_schema_history ORDER BY installed_rank"))
				.containsExactly("0", "1");
		}

	}

	@Nested
	class MigrationsDisabled {

		@Test
		void runsNoKitChangelogWhenMigrationsAreDisabled(PostgresDatabase db) throws SQLException {
			runner(db, "plain-changelog.yaml")
				.withPropertyValues("tenancy.persistence.migrations.enabled=false",
						"tenancy.persistence.verifier.enabled=false")
				.run((context) -> assertThat(context).hasNotFailed()
					.doesNotHaveBean(TenancyLiquibaseBeanPostProcessor.class));
			assertThat(changeSets(db, "databasechangelog")).containsExactly("plain-table");
			assertThat(exists(db, TenancyMigrations.LIQUIBASE_HISTORY_TABLE)).isFalse();
			assertThat(exists(db, "tenancy_tenant")).isFalse();
		}

	}

}
