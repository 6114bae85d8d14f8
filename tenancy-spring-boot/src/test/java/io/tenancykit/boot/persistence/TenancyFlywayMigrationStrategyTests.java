package io.tenancykit.boot.persistence;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

import io.tenancykit.persistence.migration.TenancyMigrations;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TenancyFlywayMigrationStrategyTests {

	@Test
	void migratesTheKitsLocationIntoItsOwnHistoryTable() {
		Flyway application = Flyway.configure()
			.locations("classpath:db/migration", "classpath:db/other")
			.table("app_history")
			.schemas("app")
			.target("3")
			.sqlMigrationPrefix("M")
			.callbacks(new NoOpCallback())
			.load();
		Flyway kit = TenancyFlywayMigrationStrategy.kitFlyway(application.getConfiguration());
		assertThat(kit.getConfiguration().getLocations()).extracting(Location::getDescriptor)
			.containsExactly(TenancyMigrations.LOCATION);
		assertThat(kit.getConfiguration().getTable()).isEqualTo(TenancyMigrations.HISTORY_TABLE);
		assertThat(kit.getConfiguration().isBaselineOnMigrate()).isTrue();
		assertThat(kit.getConfiguration().getBaselineVersion()).isEqualTo(MigrationVersion.fromVersion("0"));
		assertThat(kit.getConfiguration().getSchemas()).containsExactly("app");
		assertThat(kit.getConfiguration().getTarget()).isEqualTo(MigrationVersion.LATEST);
		assertThat(kit.getConfiguration().getSqlMigrationPrefix()).isEqualTo("V");
		assertThat(kit.getConfiguration().getCallbacks()).isEmpty();
		assertThat(kit.getConfiguration().getJavaMigrations()).isEmpty();
		// The application's own configuration is left alone.
		assertThat(application.getConfiguration().getTable()).isEqualTo("app_history");
	}

	@ParameterizedTest
	@ValueSource(strings = { "classpath:db/tenancy", "classpath:/db/tenancy/", "classpath:db", "classpath:" })
	void refusesApplicationLocationsThatIncludeTheKits(String location) {
		Flyway application = Flyway.configure().locations("classpath:db/migration", location).load();
		AtomicReference<Flyway> next = new AtomicReference<>();
		TenancyFlywayMigrationStrategy strategy = new TenancyFlywayMigrationStrategy(next::set);
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> strategy.migrate(application))
			.satisfies((ex) -> assertThat(ex.getName()).isEqualTo("spring.flyway.locations"))
			.withMessageContaining(TenancyMigrations.LOCATION);
		assertThat(next).hasNullValue();
	}

	@Test
	void letsTheApplicationsFirstMigrationRunOnABaselineAtVersionZero() {
		Flyway application = Flyway.configure().locations("classpath:db/migration").load();
		Flyway migrated = TenancyFlywayMigrationStrategy.applicationFlyway(application);
		assertThat(migrated.getConfiguration().isBaselineOnMigrate()).isTrue();
		assertThat(migrated.getConfiguration().getBaselineVersion()).isEqualTo(MigrationVersion.fromVersion("0"));
		assertThat(Arrays.asList(migrated.getConfiguration().getLocations()))
			.isEqualTo(Arrays.asList(application.getConfiguration().getLocations()));
	}

	@Test
	void keepsABaselineTheApplicationConfigured() {
		Flyway application = Flyway.configure().baselineOnMigrate(true).baselineVersion("7").load();
		assertThat(TenancyFlywayMigrationStrategy.applicationFlyway(application)).isSameAs(application);
	}

	static class NoOpCallback implements Callback {

		@Override
		public boolean supports(Event event, Context context) {
			return false;
		}

		@Override
		public boolean canHandleInTransaction(Event event, Context context) {
			return true;
		}

		@Override
		public void handle(Event event, Context context) {
		}

		@Override
		public String getCallbackName() {
			return "no-op";
		}

	}

}
