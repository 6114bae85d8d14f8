package io.tenancykit.web.resolution;

/**
 * Where the {@link SubdomainTenantResolver} reads the host name the client used. Choose a
 * forwarded header only when every request passes a proxy that overwrites it; otherwise
 * any client can choose its tenant through it.
 */
public enum HostSource {

	/** The {@code Host} header (or the request URI's host when there is none). */
	HOST,

	/**
	 * The first entry of {@code X-Forwarded-Host}, falling back to {@link #HOST} when it
	 * is absent.
	 */
	X_FORWARDED_HOST,

	/**
	 * The {@code host} parameter of the first {@code Forwarded} element (RFC 7239),
	 * falling back to {@link #HOST} when it is absent.
	 */
	FORWARDED

}
