package io.tenancykit.api;

/**
 * The lifecycle status of a tenant. Only {@link #ACTIVE} tenants can be served.
 */
public enum TenantStatus {

	/** The tenant is served. */
	ACTIVE,

	/** The tenant exists but is refused service. */
	SUSPENDED

}
