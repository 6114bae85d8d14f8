package io.tenancykit.persistence.migration;

import java.util.Arrays;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TenancyMigrationsTests {

	@Test
	void configuresItsOwnLocationHistoryTableAndBaseline() {
		FluentConfiguration configuration = TenancyMigrations.configure(Flyway.configure());
		assertThat(Arrays.stream(configuration.getLocations()).map(Object::toString))
			.containsExactly("classpath:db/tenancy");
		assertThat(configuration.getTable()).isEqualTo("tenancy_schema_history");
		assertThat(configuration.isBaselineOnMigrate()).isTrue();
		assertThat(configuration.getBaselineVersion().getVersion()).isEqualTo("0");
	}

	@Test
	void shipsTheMigrationsOnTheClasspath() {
		ClassLoader loader = getClass().getClassLoader();
		assertThat(loader.getResource("db/tenancy/V1__tenancy_tenant_directory.sql")).isNotNull();
		assertThat(loader.getResource("db/tenancy/V2__tenancy_rls_support.sql")).isNotNull();
	}

}
