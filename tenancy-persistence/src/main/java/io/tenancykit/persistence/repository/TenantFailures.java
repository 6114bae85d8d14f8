package io.tenancykit.persistence.repository;

import io.r2dbc.spi.R2dbcException;
import io.tenancykit.api.NotFoundInTenantException;

/**
 * Translates what the database reports about rows the tenant cannot see into the "not
 * found" of the kit: a row of another tenant behaves exactly like a missing one.
 */
final class TenantFailures {

	private static final String FOREIGN_KEY_VIOLATION = "23503";

	private TenantFailures() {
	}

	/**
	 * Return the failure of an operation on an entity the tenant has not.
	 * @param meta the entity
	 * @return the failure
	 */
	static NotFoundInTenantException notFound(TenantEntity<?> meta) {
		return new NotFoundInTenantException(meta.name() + " not found");
	}

	/**
	 * Return a foreign-key violation as the failure of an operation that references a row
	 * the tenant cannot see (a missing one, or another tenant's).
	 * @param operation the operation
	 * @param cause the violation
	 * @return the failure
	 */
	static NotFoundInTenantException referenceNotFound(String operation, Throwable cause) {
		return new NotFoundInTenantException(operation + ": a referenced row was not found", cause);
	}

	/**
	 * Return whether a failure is, or is caused by, a foreign-key violation.
	 * @param failure the failure
	 * @return whether it is
	 */
	static boolean isForeignKeyViolation(Throwable failure) {
		Throwable candidate = failure;
		for (int depth = 0; candidate != null && depth < 16; depth++) {
			if (candidate instanceof R2dbcException ex && FOREIGN_KEY_VIOLATION.equals(ex.getSqlState())) {
				return true;
			}
			candidate = candidate.getCause();
		}
		return false;
	}

}
