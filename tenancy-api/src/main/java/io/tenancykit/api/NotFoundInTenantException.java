package io.tenancykit.api;

/**
 * Signalled when tenant-scoped work names a row that the tenant of its
 * {@link TenantContext} cannot see: a missing row, another tenant's row, or a reference
 * (a composite foreign key {@code (tenant_id, other_id)}) to either. The three are
 * deliberately indistinguishable, so the message names neither a tenant nor a value; the
 * web module answers every one of them with the same 404 problem.
 * <p>
 * Not final: a module that refuses tenant-scoped work for a reason that must look like a
 * missing row subclasses it, so that the web module, which depends on this module only,
 * answers it the same way. {@code TenantMismatchException} of {@code tenancy-persistence}
 * (an entity of another tenant handed to or read by a repository) is one. A subclass's
 * message must follow the same rule.
 */
public class NotFoundInTenantException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create the exception.
	 * @param message what was not found, without tenant ids or user input, for example
	 * {@code "project not found"}
	 */
	public NotFoundInTenantException(String message) {
		super(message);
	}

	/**
	 * Create the exception for a database failure that means "not found", such as a
	 * foreign key violation on insert.
	 * @param message what was not found, without tenant ids or user input
	 * @param cause the database failure
	 */
	public NotFoundInTenantException(String message, Throwable cause) {
		super(message, cause);
	}

}
