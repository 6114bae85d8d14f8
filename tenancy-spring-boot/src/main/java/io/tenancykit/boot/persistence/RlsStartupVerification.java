package io.tenancykit.boot.persistence;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import io.tenancykit.persistence.verify.RlsVerificationException;
import io.tenancykit.persistence.verify.RlsVerifier;
import io.tenancykit.persistence.verify.VerificationReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Runs the {@link RlsVerifier} once every singleton, including Flyway's migration
 * initializer, has been created and before the web server starts, and fails the startup
 * of the application with an {@link RlsVerificationException} naming every offending
 * table when the database does not keep tenants apart, or with an
 * {@link IllegalStateException} naming the refused object when PostgreSQL refuses the
 * application role access to what it verifies (SQLSTATE 42501).
 */
public final class RlsStartupVerification implements SmartInitializingSingleton {

	private static final Logger logger = LoggerFactory.getLogger(RlsStartupVerification.class);

	private final RlsVerifier verifier;

	private final List<String> tables;

	private final Duration timeout;

	/**
	 * Create the startup verification.
	 * @param verifier the verifier, must not be {@literal null}
	 * @param tables the tables to verify, empty to verify every table with a
	 * {@code tenant_id} column; must not be {@literal null}
	 * @param timeout how long the verification may take, must not be {@literal null}
	 */
	public RlsStartupVerification(RlsVerifier verifier, List<String> tables, Duration timeout) {
		this.verifier = Objects.requireNonNull(verifier, "'verifier' must not be null");
		this.tables = List.copyOf(Objects.requireNonNull(tables, "'tables' must not be null"));
		this.timeout = Objects.requireNonNull(timeout, "'timeout' must not be null");
	}

	@Override
	public void afterSingletonsInstantiated() {
		VerificationReport report = verify();
		logger.atInfo().addKeyValue("role", report.role()).log(report.describe());
	}

	/**
	 * Verify the database now, blocking the calling thread.
	 * @return the satisfied report
	 * @throws RlsVerificationException if tenant isolation is not guaranteed
	 * @throws IllegalStateException if the application role may not read what is verified
	 * @throws IllegalStateException if the verification does not complete in time
	 */
	public VerificationReport verify() {
		Mono<VerificationReport> verification = this.tables.isEmpty() ? this.verifier.verifyOrThrow()
				: this.verifier.verifyOrThrow(this.tables);
		VerificationReport report = verification
			.timeout(this.timeout,
					Mono.error(() -> new IllegalStateException("Tenant isolation could not be verified within "
							+ this.timeout + " (tenancy.persistence.verifier.timeout)")))
			.onErrorMap((ex) -> Objects.requireNonNullElse(RlsVerificationAccessException.from(ex), ex))
			.block();
		if (report == null) {
			throw new IllegalStateException("Tenant isolation verification completed without a report");
		}
		return report;
	}

}
