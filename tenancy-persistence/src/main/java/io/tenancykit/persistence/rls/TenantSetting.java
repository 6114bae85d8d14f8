package io.tenancykit.persistence.rls;

/**
 * The transaction-local PostgreSQL setting that row-level security policies compare
 * {@code tenant_id} with, and the SQL that sets it. It is only ever set with
 * {@code set_config(name, value, true)}, so it ends with the transaction and a pooled
 * connection never carries a tenant to its next borrower.
 */
public final class TenantSetting {

	/** The name of the setting, as read by the {@code tenancy_isolation} policies. */
	public static final String NAME = "tenancy.tenant_id";

	/**
	 * A statement that sets the tenant of the current transaction; its only parameter
	 * ({@code $1}) is the tenant id as text.
	 */
	public static final String SET_LOCAL = "SELECT set_config('" + NAME + "', $1, true)";

	private TenantSetting() {
	}

	/**
	 * Return a boolean SQL condition that sets the tenant of the current transaction and
	 * is always true. Added to the {@code WHERE} clause of a statement it makes the
	 * statement set its own tenant: PostgreSQL evaluates the uncorrelated sub-select as
	 * an init plan in a one-time filter, before any row is read or written, so the
	 * policies of the same statement see the tenant. Should a plan ever evaluate a policy
	 * first, the policy sees no tenant and the statement sees no rows: it fails closed.
	 * @param textExpression a SQL expression of type {@code text} holding the tenant id,
	 * usually a bind marker such as {@code CAST(:tenant_id AS text)}; must not be
	 * {@literal null}
	 * @return the condition
	 */
	public static String inlineCondition(String textExpression) {
		return "(SELECT set_config('" + NAME + "', " + textExpression + ", true)) IS NOT NULL";
	}

}
