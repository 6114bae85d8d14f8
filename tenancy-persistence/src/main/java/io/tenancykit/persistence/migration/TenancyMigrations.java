package io.tenancykit.persistence.migration;

import java.util.Objects;

import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * The Flyway migrations of the kit: the {@code tenancy_tenant} directory table and the
 * row-level security functions {@code tenancy_current_tenant()} and
 * {@code tenancy_enable_rls(regclass)}. They live in their own {@link #LOCATION} and are
 * recorded in their own {@link #HISTORY_TABLE}, so their version numbers never collide
 * with an application's. Run them before the application's migrations, which call
 * {@code tenancy_enable_rls}.
 */
public final class TenancyMigrations {

	/** The Flyway location of the kit's migrations. */
	public static final String LOCATION = "classpath:db/tenancy";

	/** The Flyway schema history table of the kit's migrations. */
	public static final String HISTORY_TABLE = "tenancy_schema_history";

	private TenancyMigrations() {
	}

	/**
	 * Configure a dedicated Flyway instance for the kit's migrations: its location and
	 * history table, and a baseline at version 0 so that it also migrates a schema that
	 * already holds the application's tables.
	 * @param configuration the configuration with the data source already set, must not
	 * be {@literal null}
	 * @return the same configuration
	 */
	public static FluentConfiguration configure(FluentConfiguration configuration) {
		Objects.requireNonNull(configuration, "'configuration' must not be null");
		return configuration.locations(LOCATION).table(HISTORY_TABLE).baselineOnMigrate(true).baselineVersion("0");
	}

}
