package io.tenancykit.web.resolution;

import java.util.Locale;

/**
 * The built-in sources of a tenant, listed in {@link TenantResolutionSettings#chain()} in
 * the order they are consulted.
 */
public enum TenantSource {

	/** A claim of the authenticated principal; see {@link ClaimTenantResolver}. */
	CLAIM,

	/** A request header; see {@link HeaderTenantResolver}. */
	HEADER,

	/** The first label of the host name; see {@link SubdomainTenantResolver}. */
	SUBDOMAIN,

	/**
	 * A path prefix such as {@code /t/{tenant}}; see {@link PathPrefixTenantResolver}.
	 */
	PATH;

	private final String sourceName = name().toLowerCase(Locale.ROOT);

	/**
	 * Return the name used in logs and metrics.
	 * @return the lowercase name
	 */
	public String sourceName() {
		return this.sourceName;
	}

}
