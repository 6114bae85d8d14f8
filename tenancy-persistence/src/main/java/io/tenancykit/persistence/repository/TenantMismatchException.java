package io.tenancykit.persistence.repository;

/**
 * Signalled when an entity handed to or read by a {@link TenantScopedRepository} belongs
 * to another tenant than the {@link io.tenancykit.api.TenantContext} of the call. Nothing
 * is written when it is signalled for a write. The message names no tenant.
 */
public final class TenantMismatchException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create the exception.
	 * @param operation the repository operation that refused the entity
	 */
	public TenantMismatchException(String operation) {
		super(operation + ": the entity belongs to another tenant than the context");
	}

}
