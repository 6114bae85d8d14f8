package io.tenancykit.persistence.rls;

/**
 * Whether PostgreSQL row-level security is the second wall of tenant isolation. When
 * {@link #ENABLED}, every repository statement sets the {@linkplain TenantSetting tenant
 * setting} of its transaction and the catalog verifier requires forced RLS with a tenant
 * policy on every tenant-owned table. When {@link #DISABLED}, the repository's
 * {@code tenant_id} predicate is the only wall.
 */
public enum RowLevelSecurity {

	/** Row-level security is used and verified; the default. */
	ENABLED,

	/** Row-level security is neither used nor verified. */
	DISABLED;

	/**
	 * Return whether row-level security is used.
	 * @return whether this is {@link #ENABLED}
	 */
	public boolean isEnabled() {
		return this == ENABLED;
	}

}
