package io.tenancykit.boot.persistence;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.tenancykit.persistence.rls.RowLevelSecurity;
import io.tenancykit.persistence.rls.TenantSettingMode;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Configuration properties of the kit's persistence, under {@value #PREFIX}. Values are
 * checked when they are used; an invalid one fails startup with an
 * {@link InvalidConfigurationPropertyValueException} naming the property.
 */
@ConfigurationProperties(TenancyPersistenceProperties.PREFIX)
public final class TenancyPersistenceProperties {

	/** The prefix of the persistence properties. */
	public static final String PREFIX = "tenancy.persistence";

	private final Rls rls = new Rls();

	private final Directory directory = new Directory();

	private final Verifier verifier = new Verifier();

	/**
	 * Limits how long one SQL statement of the application's R2DBC connections may run,
	 * waiting for locks included, before PostgreSQL cancels it and the request answers
	 * 503 database-unavailable. Set as the driver's statementTimeout option of the
	 * connection factory Spring Boot creates, unless that option is set already. Zero
	 * turns the timeout off.
	 */
	private Duration statementTimeout = Duration.ofSeconds(5);

	public Rls getRls() {
		return this.rls;
	}

	public Directory getDirectory() {
		return this.directory;
	}

	public Verifier getVerifier() {
		return this.verifier;
	}

	public Duration getStatementTimeout() {
		return this.statementTimeout;
	}

	public void setStatementTimeout(Duration statementTimeout) {
		this.statementTimeout = statementTimeout;
	}

	/**
	 * Return the validated statement timeout.
	 * @return the timeout, zero for none
	 * @throws InvalidConfigurationPropertyValueException if it is negative
	 */
	public Duration statementTimeout() {
		if (this.statementTimeout.isNegative()) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + ".statement-timeout", this.statementTimeout,
					"must not be negative");
		}
		return this.statementTimeout;
	}

	/**
	 * Return the row-level security mode named by
	 * {@code tenancy.persistence.rls.enabled}.
	 * @return the mode
	 */
	public RowLevelSecurity rowLevelSecurity() {
		return this.rls.isEnabled() ? RowLevelSecurity.ENABLED : RowLevelSecurity.DISABLED;
	}

	/**
	 * Return the validated timeout of directory lookups.
	 * @return the timeout
	 * @throws InvalidConfigurationPropertyValueException if it is not positive
	 */
	public Duration directoryTimeout() {
		return requirePositive(PREFIX + ".directory.timeout", this.directory.getTimeout());
	}

	/**
	 * Return the validated timeout of the startup verification.
	 * @return the timeout
	 * @throws InvalidConfigurationPropertyValueException if it is not positive
	 */
	public Duration verifierTimeout() {
		return requirePositive(PREFIX + ".verifier.timeout", this.verifier.getTimeout());
	}

	/**
	 * Return the validated tables the startup verification checks.
	 * @return the table names, empty to check every table with a {@code tenant_id} column
	 * @throws InvalidConfigurationPropertyValueException if a name is blank
	 */
	public List<String> verifierTables() {
		List<String> tables = List.copyOf(this.verifier.getTables());
		for (String table : tables) {
			if (table.isBlank()) {
				throw new InvalidConfigurationPropertyValueException(PREFIX + ".verifier.tables", tables,
						"must not contain blank table names");
			}
		}
		return tables;
	}

	private static Duration requirePositive(String property, Duration duration) {
		if (duration.isNegative() || duration.isZero()) {
			throw new InvalidConfigurationPropertyValueException(property, duration, "must be positive");
		}
		return duration;
	}

	/**
	 * PostgreSQL row-level security.
	 */
	public static final class Rls {

		/**
		 * Whether PostgreSQL row-level security is the second wall between tenants: the
		 * RowLevelSecurity bean, which repositories take, makes them set the tenant of
		 * each transaction, and the startup verifier requires forced row-level security
		 * on every tenant-owned table. When disabled, the repository's tenant_id
		 * predicate is the only wall.
		 */
		private boolean enabled = true;

		/**
		 * Selects how repositories set the tenant of row-level security: inline in each
		 * statement (one PostgreSQL server), citus (reads inline, writes with SET LOCAL
		 * at the head of a transaction, which Citus replays on the worker holding the
		 * shard), or auto to choose citus when the database has the citus extension and
		 * inline otherwise, asking once before the first write.
		 */
		private TenantSettingMode setting = TenantSettingMode.AUTO;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public TenantSettingMode getSetting() {
			return this.setting;
		}

		public void setSetting(TenantSettingMode setting) {
			this.setting = setting;
		}

	}

	/**
	 * The tenant directory over the tenancy_tenant table.
	 */
	public static final class Directory {

		/**
		 * Limits how long a query of the tenancy_tenant table may take before the lookup
		 * fails as unavailable.
		 */
		private Duration timeout = Duration.ofSeconds(2);

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * The check of the database's tenant isolation made at startup.
	 */
	public static final class Verifier {

		/**
		 * Lists the tenant-owned tables to verify, optionally schema-qualified. When
		 * empty, every table with a tenant_id column in the schemas of the application
		 * role's search path is verified.
		 */
		private List<String> tables = new ArrayList<>();

		/**
		 * Limits how long the verification may take before startup fails.
		 */
		private Duration timeout = Duration.ofSeconds(30);

		public List<String> getTables() {
			return this.tables;
		}

		public void setTables(List<String> tables) {
			this.tables = tables;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

}
