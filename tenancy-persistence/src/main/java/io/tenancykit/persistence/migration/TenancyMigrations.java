package io.tenancykit.persistence.migration;

import java.util.Objects;

import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * The migrations of the kit: the {@code tenancy_tenant} directory table and the row-level
 * security functions {@code tenancy_current_tenant()} and
 * {@code tenancy_enable_rls(regclass)}. For Flyway they live in their own
 * {@link #LOCATION} and are recorded in their own {@link #HISTORY_TABLE}, so their
 * version numbers never collide with an application's. For Liquibase the
 * {@link #LIQUIBASE_CHANGELOG} runs the same SQL files, one changeSet each, recorded in
 * its own {@link #LIQUIBASE_HISTORY_TABLE} and locked with its own
 * {@link #LIQUIBASE_LOCK_TABLE}. Either way, run them before the application's
 * migrations, which call {@code tenancy_enable_rls}.
 */
public final class TenancyMigrations {

	/** The Flyway location of the kit's migrations. */
	public static final String LOCATION = "classpath:db/tenancy";

	/** The Flyway schema history table of the kit's migrations. */
	public static final String HISTORY_TABLE = "tenancy_schema_history";

	/**
	 * The Liquibase changelog of the kit's migrations: one changeSet per migration of
	 * {@link #LOCATION}, running its SQL file.
	 */
	public static final String LIQUIBASE_CHANGELOG = "classpath:db/tenancy/changelog/tenancy-changelog.xml";

	/** The Liquibase changelog table of the kit's migrations. */
	public static final String LIQUIBASE_HISTORY_TABLE = "tenancy_databasechangelog";

	/** The Liquibase changelog lock table of the kit's migrations. */
	public static final String LIQUIBASE_LOCK_TABLE = "tenancy_databasechangeloglock";

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
