package io.tenancykit.persistence.verify;

import java.util.Objects;

/**
 * One finding of the {@link RlsVerifier}.
 *
 * @param subject the table (or, for role findings, the role) the finding is about
 * @param kind what is wrong
 * @param detail a human-readable explanation naming the offending object
 */
public record Violation(String subject, Kind kind, String detail) {

	public Violation {
		Objects.requireNonNull(subject, "'subject' must not be null");
		Objects.requireNonNull(kind, "'kind' must not be null");
		Objects.requireNonNull(detail, "'detail' must not be null");
	}

	@Override
	public String toString() {
		return this.subject + ": " + this.kind + " (" + this.detail + ")";
	}

	/**
	 * The kinds of finding.
	 */
	public enum Kind {

		/** A table named for verification does not exist. */
		TABLE_NOT_FOUND,

		/** A table named for verification has no {@code tenant_id} column. */
		TENANT_ID_COLUMN_MISSING,

		/** Row-level security is not enabled on a tenant-owned table. */
		RLS_NOT_ENABLED,

		/** Row-level security is not forced, so the table owner bypasses it. */
		RLS_NOT_FORCED,

		/**
		 * No permissive policy for all commands compares {@code tenant_id} with the
		 * tenant setting in both {@code USING} and {@code WITH CHECK}.
		 */
		TENANT_POLICY_MISSING,

		/**
		 * A permissive policy does not refer to the tenant setting; permissive policies
		 * are combined with {@code OR}, so it would open the table to every tenant.
		 */
		UNSCOPED_POLICY,

		/**
		 * A permissive policy that applies to the application role mentions the tenant
		 * setting but admits rows of other tenants: when no tenant is set, when the
		 * setting is empty, or when another tenant is set; or it calls a
		 * {@code SECURITY DEFINER} function, which may ignore the setting.
		 */
		LEAKY_POLICY,

		/**
		 * The table shows rows to the application role without a tenant set or with an
		 * unknown tenant set.
		 */
		ROWS_VISIBLE_WITHOUT_TENANT,

		/**
		 * A view the application role may read exposes the table with the rights of a
		 * role that bypasses row-level security, or a materialized view copies it.
		 */
		VIEW_BYPASSES_RLS,

		/**
		 * The policies of the table could not be evaluated; the table is not considered
		 * safe.
		 */
		BEHAVIOUR_NOT_VERIFIABLE,

		/** The application role owns (or is a member of the owner of) a tenant table. */
		OWNED_BY_APPLICATION_ROLE,

		/** The application role is a superuser, which bypasses row-level security. */
		APPLICATION_ROLE_IS_SUPERUSER,

		/** The application role has {@code BYPASSRLS}. */
		APPLICATION_ROLE_BYPASSES_RLS,

		/** The primary key does not include {@code tenant_id}. */
		PRIMARY_KEY_WITHOUT_TENANT_ID,

		/** A unique index does not include {@code tenant_id}. */
		UNIQUE_INDEX_WITHOUT_TENANT_ID,

		/** A foreign key does not include {@code tenant_id}. */
		FOREIGN_KEY_WITHOUT_TENANT_ID,

		/**
		 * On Citus, a tenant-owned table is not distributed by {@code tenant_id} (and is
		 * not a local table added on purpose with
		 * {@code citus_add_local_table_to_metadata}).
		 */
		NOT_DISTRIBUTED_BY_TENANT_ID,

		/**
		 * On Citus, a tenant-owned table is not co-located with the other tenant-owned
		 * tables, so a tenant's rows of both are not on one node.
		 */
		NOT_COLOCATED,

		/**
		 * On Citus, a shard placement of a tenant-owned table does not force row-level
		 * security with the {@code tenancy_isolation} policy (or could not be checked).
		 */
		SHARD_WITHOUT_FORCED_RLS

	}

}
