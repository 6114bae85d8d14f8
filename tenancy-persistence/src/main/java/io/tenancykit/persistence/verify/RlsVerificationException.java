package io.tenancykit.persistence.verify;

/**
 * Signalled by {@link RlsVerifier#verifyOrThrow()} when the database does not keep
 * tenants apart; the message names every offending table.
 */
public final class RlsVerificationException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final transient VerificationReport report;

	/**
	 * Create the exception.
	 * @param report the failed report, must not be {@literal null}
	 */
	public RlsVerificationException(VerificationReport report) {
		super(report.describe());
		this.report = report;
	}

	/**
	 * Return the report.
	 * @return the failed report
	 */
	public VerificationReport report() {
		return this.report;
	}

}
