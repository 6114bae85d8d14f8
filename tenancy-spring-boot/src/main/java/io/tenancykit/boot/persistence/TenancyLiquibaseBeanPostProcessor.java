package io.tenancykit.boot.persistence;

import java.util.Objects;

import io.tenancykit.persistence.migration.TenancyMigrations;
import liquibase.exception.LiquibaseException;
import liquibase.integration.spring.SpringLiquibase;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.ResourceLoader;

/**
 * Runs the kit's Liquibase changelog ({@link TenancyMigrations#LIQUIBASE_CHANGELOG},
 * recorded in {@link TenancyMigrations#LIQUIBASE_HISTORY_TABLE}) on the data source of
 * every {@link SpringLiquibase} bean, just before that bean runs the application's
 * changelog. The application's changeSets can therefore call
 * {@code tenancy_enable_rls(...)}, and the two histories never mix.
 */
public final class TenancyLiquibaseBeanPostProcessor implements BeanPostProcessor {

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) throws BeansException {
		if (bean instanceof SpringLiquibase application) {
			requireSupported(application);
			try {
				kitLiquibase(application).afterPropertiesSet();
			}
			catch (LiquibaseException ex) {
				throw new BeanInitializationException("The kit's changelog " + TenancyMigrations.LIQUIBASE_CHANGELOG
						+ " failed before '" + beanName + "' could run the application's", ex);
			}
		}
		return bean;
	}

	/**
	 * Create the {@link SpringLiquibase} of the kit's changelog: the application's data
	 * source, resource loader, schemas, tablespace and Liquibase settings, but the kit's
	 * changelog and changelog tables and none of the application's contexts, labels,
	 * parameters, tag or rollback settings.
	 * @param application the application's Liquibase, must not be {@literal null}
	 * @return the kit's Liquibase, not yet run
	 */
	public static SpringLiquibase kitLiquibase(SpringLiquibase application) {
		Objects.requireNonNull(application, "'application' must not be null");
		SpringLiquibase kit = new SpringLiquibase();
		kit.setBeanName("tenancyLiquibase");
		kit.setDataSource(application.getDataSource());
		ResourceLoader resourceLoader = application.getResourceLoader();
		kit.setResourceLoader((resourceLoader != null) ? resourceLoader : new DefaultResourceLoader());
		kit.setChangeLog(TenancyMigrations.LIQUIBASE_CHANGELOG);
		kit.setDatabaseChangeLogTable(TenancyMigrations.LIQUIBASE_HISTORY_TABLE);
		kit.setDatabaseChangeLogLockTable(TenancyMigrations.LIQUIBASE_LOCK_TABLE);
		kit.setDefaultSchema(application.getDefaultSchema());
		kit.setLiquibaseSchema(application.getLiquibaseSchema());
		kit.setLiquibaseTablespace(application.getLiquibaseTablespace());
		kit.setUiService(application.getUiService());
		kit.setAnalyticsEnabled(application.getAnalyticsEnabled());
		kit.setLicenseKey(application.getLicenseKey());
		return kit;
	}

	// The kit's changeSets recorded in the application's history, or the application's in
	// the kit's, would be applied twice or taken for the kit's own. Liquibase's drop-all
	// drops tables but keeps functions: before the kit's changelog it makes that
	// fail, after it (in the application's run) it drops the kit's tables.
	private static void requireSupported(SpringLiquibase application) {
		if (application.isDropFirst()) {
			throw new InvalidConfigurationPropertyValueException("spring.liquibase.drop-first", true,
					"must be false: Liquibase's drop-all keeps the kit's functions, so the kit's changelog could"
							+ " not run again; drop and recreate the schema instead");
		}
		String changeLog = application.getChangeLog();
		if (changeLog != null && normalized(changeLog).equals(normalized(TenancyMigrations.LIQUIBASE_CHANGELOG))) {
			throw new InvalidConfigurationPropertyValueException("spring.liquibase.change-log", changeLog,
					"must not be the kit's changelog, which the kit runs itself with its own changelog table "
							+ TenancyMigrations.LIQUIBASE_HISTORY_TABLE);
		}
		requireNotTheKits("spring.liquibase.database-change-log-table", application.getDatabaseChangeLogTable());
		requireNotTheKits("spring.liquibase.database-change-log-lock-table",
				application.getDatabaseChangeLogLockTable());
	}

	private static void requireNotTheKits(String property, String table) {
		if (TenancyMigrations.LIQUIBASE_HISTORY_TABLE.equalsIgnoreCase(table)
				|| TenancyMigrations.LIQUIBASE_LOCK_TABLE.equalsIgnoreCase(table)) {
			throw new InvalidConfigurationPropertyValueException(property, table,
					"must not be one of the kit's changelog tables " + TenancyMigrations.LIQUIBASE_HISTORY_TABLE
							+ " and " + TenancyMigrations.LIQUIBASE_LOCK_TABLE);
		}
	}

	private static String normalized(String changeLog) {
		String path = changeLog.startsWith("classpath:") ? changeLog.substring("classpath:".length()) : changeLog;
		int start = 0;
		while (start < path.length() && path.charAt(start) == '/') {
			start++;
		}
		return path.substring(start);
	}

}
