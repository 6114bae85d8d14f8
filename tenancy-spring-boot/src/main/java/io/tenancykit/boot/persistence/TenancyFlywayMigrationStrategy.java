package io.tenancykit.boot.persistence;

import java.util.Arrays;
import java.util.Objects;

import io.tenancykit.persistence.migration.TenancyMigrations;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.resolver.MigrationResolver;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;

/**
 * Migrates the kit's own migrations ({@link TenancyMigrations#LOCATION}, recorded in
 * {@link TenancyMigrations#HISTORY_TABLE}) on the application's Flyway data source, then
 * hands the application's Flyway to the next strategy, by default
 * {@link Flyway#migrate()}. The application's migrations can therefore call
 * {@code tenancy_enable_rls(...)}. The application's migrations start on a baseline at
 * version 0 unless the application configured a baseline itself (see
 * {@link #applicationFlyway(Flyway)}).
 */
public final class TenancyFlywayMigrationStrategy implements FlywayMigrationStrategy {

	private static final String CLASSPATH_PREFIX = "classpath:";

	private final FlywayMigrationStrategy next;

	/**
	 * Create a strategy that migrates the application's Flyway after the kit's.
	 */
	public TenancyFlywayMigrationStrategy() {
		this(Flyway::migrate);
	}

	/**
	 * Create a strategy that hands the application's Flyway to another strategy after the
	 * kit's migrations.
	 * @param next the strategy for the application's migrations, must not be
	 * {@literal null}
	 */
	public TenancyFlywayMigrationStrategy(FlywayMigrationStrategy next) {
		this.next = Objects.requireNonNull(next, "'next' must not be null");
	}

	@Override
	public void migrate(Flyway flyway) {
		Configuration application = flyway.getConfiguration();
		requireSeparateLocation(application);
		kitFlyway(application).migrate();
		this.next.migrate(applicationFlyway(flyway));
	}

	/**
	 * Return the Flyway of the application's migrations. After the kit's migrations the
	 * schema is no longer empty, which Flyway refuses to migrate without a history table
	 * unless it may baseline: so, unless the application configured a baseline itself,
	 * its first migration is run on a baseline at version 0.
	 * @param flyway the application's Flyway, must not be {@literal null}
	 * @return the same Flyway, or one that may baseline at version 0
	 */
	public static Flyway applicationFlyway(Flyway flyway) {
		Configuration application = flyway.getConfiguration();
		if (application.isBaselineOnMigrate()) {
			return flyway;
		}
		return Flyway.configure(application.getClassLoader())
			.configuration(application)
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.load();
	}

	/**
	 * Create the Flyway instance of the kit's migrations: the application's connection
	 * and schemas, but the kit's location, history table, naming and no application
	 * callbacks, Java migrations, resolvers or target.
	 * @param application the application's Flyway configuration, must not be
	 * {@literal null}
	 * @return the kit's Flyway
	 */
	public static Flyway kitFlyway(Configuration application) {
		Objects.requireNonNull(application, "'application' must not be null");
		FluentConfiguration configuration = Flyway.configure(application.getClassLoader())
			.configuration(application)
			.javaMigrations()
			.resolvers(new MigrationResolver[0])
			.callbacks(new Callback[0])
			.target(MigrationVersion.LATEST)
			.sqlMigrationPrefix("V")
			.sqlMigrationSeparator("__")
			.sqlMigrationSuffixes(".sql")
			.repeatableSqlMigrationPrefix("R");
		return TenancyMigrations.configure(configuration).load();
	}

	// Flyway scans locations recursively, so a parent such as classpath:db would apply
	// the kit's migrations a second time, recorded in the application's history table.
	private static void requireSeparateLocation(Configuration application) {
		String kit = classpathPath(TenancyMigrations.LOCATION);
		boolean shared = Arrays.stream(application.getLocations())
			.map(Location::getDescriptor)
			.filter((descriptor) -> descriptor.startsWith(CLASSPATH_PREFIX))
			.map(TenancyFlywayMigrationStrategy::classpathPath)
			.anyMatch((path) -> path.isEmpty() || kit.equals(path) || kit.startsWith(path + "/"));
		if (shared) {
			throw new InvalidConfigurationPropertyValueException("spring.flyway.locations",
					Arrays.toString(application.getLocations()),
					"must not include " + TenancyMigrations.LOCATION
							+ ", which the kit migrates itself with its own history table "
							+ TenancyMigrations.HISTORY_TABLE);
		}
	}

	private static String classpathPath(String descriptor) {
		String path = descriptor.substring(CLASSPATH_PREFIX.length());
		int start = 0;
		int end = path.length();
		while (start < end && path.charAt(start) == '/') {
			start++;
		}
		while (end > start && path.charAt(end - 1) == '/') {
			end--;
		}
		return path.substring(start, end);
	}

}
