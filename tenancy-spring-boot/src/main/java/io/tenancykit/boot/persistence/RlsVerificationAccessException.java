package io.tenancykit.boot.persistence;

import io.r2dbc.spi.R2dbcException;
import org.jspecify.annotations.Nullable;

/**
 * Signalled by {@link RlsStartupVerification} when PostgreSQL refuses the application
 * role access to something the verifier reads (SQLSTATE
 * {@value #INSUFFICIENT_PRIVILEGE}): a schema or a tenant-owned table. The message keeps
 * the server's, which names the object; it carries no client input, since verification
 * runs before any request.
 */
final class RlsVerificationAccessException extends IllegalStateException {

	static final String INSUFFICIENT_PRIVILEGE = "42501";

	private static final long serialVersionUID = 1L;

	private RlsVerificationAccessException(R2dbcException cause) {
		super("Tenant isolation could not be verified: PostgreSQL refused the application role (SQLSTATE "
				+ cause.getSqlState() + ": " + cause.getMessage() + ")", cause);
	}

	/**
	 * Return the refusal of access in a failure's cause chain as this exception.
	 * @param failure the failure of the verification
	 * @return the exception, or {@literal null} when the failure is not a refusal of
	 * access
	 */
	static @Nullable RlsVerificationAccessException from(Throwable failure) {
		int depth = 0;
		for (Throwable cause = failure; cause != null && depth < 16; cause = cause.getCause(), depth++) {
			if (cause instanceof R2dbcException r2dbc && INSUFFICIENT_PRIVILEGE.equals(r2dbc.getSqlState())) {
				return new RlsVerificationAccessException(r2dbc);
			}
		}
		return null;
	}

}
