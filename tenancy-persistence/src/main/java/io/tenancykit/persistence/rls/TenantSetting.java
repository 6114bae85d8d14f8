package io.tenancykit.persistence.rls;

import java.util.Objects;
import java.util.UUID;

/**
 * The transaction-local PostgreSQL setting that row-level security policies compare
 * {@code tenant_id} with, and the SQL that sets it. It is only ever set for the current
 * transaction ({@code set_config(name, value, true)} or {@code SET LOCAL}), so it ends
 * with the transaction and a pooled connection never carries a tenant to its next
 * borrower.
 */
public final class TenantSetting {

	/** The name of the setting, as read by the {@code tenancy_isolation} policies. */
	public static final String NAME = "tenancy.tenant_id";

	/**
	 * A statement that sets the tenant of the current transaction; its only parameter
	 * ({@code $1}) is the tenant id as text.
	 */
	public static final String SET_LOCAL = "SELECT set_config('" + NAME + "', $1, true)";

	/**
	 * The Citus setting that makes a coordinator replay the {@code SET LOCAL} commands of
	 * a transaction on the worker connections the transaction uses.
	 */
	public static final String CITUS_PROPAGATION = "citus.propagate_set_commands";

	private TenantSetting() {
	}

	/**
	 * Return the statements that set the tenant of the current transaction on Citus:
	 * {@code SET LOCAL} of {@value #CITUS_PROPAGATION} to {@code 'local'}, so that the
	 * coordinator replays the next command on the worker connections of the transaction,
	 * and {@code SET LOCAL} of the setting. Outside Citus the first is an unused custom
	 * setting. Both are sent as one simple query, which is one round trip.
	 * <p>
	 * {@code SET} takes no bind parameters, so the tenant id is written as a literal.
	 * That is safe only because it is a {@link UUID} rendered by {@link UUID#toString()}:
	 * 36 characters of hex digits and hyphens, never text from a caller.
	 * @param tenantId the tenant id, must not be {@literal null}
	 * @return the SQL
	 */
	public static String setLocal(UUID tenantId) {
		Objects.requireNonNull(tenantId, "'tenantId' must not be null");
		return "SET LOCAL " + CITUS_PROPAGATION + " TO 'local'; SET LOCAL " + NAME + " TO '" + tenantId + "'";
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
