package io.tenancykit.persistence.repository;

import io.tenancykit.api.NotFoundInTenantException;

/**
 * Signalled when an entity handed to or read by a {@link TenantScopedRepository} belongs
 * to another tenant than the {@link io.tenancykit.api.TenantContext} of the call. Nothing
 * is written when it is signalled for a write. The message names no tenant.
 * <p>
 * To the caller, another tenant's entity is one that does not exist: this is a
 * {@link NotFoundInTenantException}, so the web layer answers it with the same 404
 * problem as a missing row.
 */
public final class TenantMismatchException extends NotFoundInTenantException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create the exception.
	 * @param operation the repository operation that refused the entity
	 */
	public TenantMismatchException(String operation) {
		super(operation + ": the entity belongs to another tenant than the context");
	}

}
