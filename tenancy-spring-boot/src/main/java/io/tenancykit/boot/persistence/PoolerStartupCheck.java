package io.tenancykit.boot.persistence;

import java.time.Duration;
import java.util.Objects;

import io.tenancykit.persistence.pooler.PoolerProbe;
import io.tenancykit.persistence.pooler.PoolerReport;
import io.tenancykit.web.logging.FailureCauses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;

/**
 * Runs the {@link PoolerProbe} once at startup and warns when the application reaches
 * PostgreSQL through a transaction pooler while the driver names its prepared statements,
 * which the pooler mixes up across clients. It probes as soon as it is created, and so
 * before the row-level security verification, which runs once every singleton exists and
 * which such a pooler can make fail. It never fails startup: a probe that fails or takes
 * longer than {@link #TIMEOUT} is logged at DEBUG and ignored. See
 * docs/guides/behind-a-connection-pooler.md.
 */
public final class PoolerStartupCheck implements InitializingBean {

	/** The longest the probe may take before it is given up. */
	public static final Duration TIMEOUT = Duration.ofSeconds(5);

	/** The warning logged for a configuration that cannot work. */
	public static final String INCOMPATIBLE_WARNING = "The R2DBC connections reach PostgreSQL through a transaction "
			+ "pooler (such as PgBouncer with pool_mode = transaction) and the driver names its prepared statements, "
			+ "which the pooler mixes up across clients: expect 'prepared statement \"S_0\" already exists' or "
			+ "'does not exist' failures. Set the r2dbc-postgresql option preparedStatementCacheQueries=0 "
			+ "(spring.r2dbc.url ...?preparedStatementCacheQueries=0 or "
			+ "spring.r2dbc.properties.preparedStatementCacheQueries=0), or use PgBouncer 1.21 or later with "
			+ "max_prepared_statements; see docs/guides/behind-a-connection-pooler.md. "
			+ "tenancy.persistence.pooler-check.enabled=false turns this check off.";

	private static final Logger logger = LoggerFactory.getLogger(PoolerStartupCheck.class);

	private final PoolerProbe probe;

	/**
	 * Create the check.
	 * @param probe the probe, must not be {@literal null}
	 */
	public PoolerStartupCheck(PoolerProbe probe) {
		this.probe = Objects.requireNonNull(probe, "'probe' must not be null");
	}

	@Override
	public void afterPropertiesSet() {
		PoolerReport report;
		try {
			report = this.probe.probe().timeout(TIMEOUT).block();
		}
		catch (RuntimeException ex) {
			// The check is advice: whatever keeps it from answering, the startup goes on,
			// and a database that cannot be reached fails the verification after it.
			FailureCauses.withCause(logger.atDebug(), ex)
				.log("Connection pooler check skipped: {}", FailureCauses.describe(ex));
			return;
		}
		if (report == null) {
			return;
		}
		if (report.incompatible()) {
			logger.warn(INCOMPATIBLE_WARNING);
		}
		else if (report.transactionPooler()) {
			logger.info("The R2DBC connections reach PostgreSQL through a transaction pooler; the driver's prepared "
					+ "statements are unnamed, as the pooler needs. Tenant change streams (LISTEN) need a direct "
					+ "connection: see docs/guides/behind-a-connection-pooler.md.");
		}
	}

}
