package io.tenancykit.web.metrics;

import java.util.Locale;

import io.tenancykit.api.TenantResolutionException;

/**
 * The outcome of resolving the tenant of one request, used as the {@code outcome} tag of
 * {@value TenantResolutionMetrics#METER_NAME}.
 */
public enum ResolutionOutcome {

	/** A tenant was resolved and the request was served for it. */
	RESOLVED,

	/** The request needed a tenant but supplied none. */
	MISSING,

	/** A supplied tenant was not in canonical form. */
	MALFORMED,

	/** The tenant does not exist or may not be used by the caller. */
	UNKNOWN,

	/** The tenant is suspended. */
	SUSPENDED,

	/** An authenticated caller's credential named no tenant, and one is required. */
	CLAIM_MISSING,

	/** Two sources supplied different tenants. */
	CONFLICTING,

	/** The tenant directory did not answer in time. */
	UNAVAILABLE,

	/** The path needs no tenant. */
	EXCLUDED;

	private final String tagValue = name().toLowerCase(Locale.ROOT);

	/**
	 * Return the value used as the {@code outcome} tag.
	 * @return the lowercase tag value
	 */
	public String tagValue() {
		return this.tagValue;
	}

	/**
	 * Return the outcome of a resolution failure.
	 * @param failure the failure, must not be {@literal null}
	 * @return the outcome
	 */
	public static ResolutionOutcome of(TenantResolutionException failure) {
		return switch (failure.code()) {
			case TenantResolutionException.Missing.CODE -> MISSING;
			case TenantResolutionException.Malformed.CODE -> MALFORMED;
			case TenantResolutionException.Unknown.CODE -> UNKNOWN;
			case TenantResolutionException.Suspended.CODE -> SUSPENDED;
			case TenantResolutionException.ClaimMissing.CODE -> CLAIM_MISSING;
			case TenantResolutionException.Conflicting.CODE -> CONFLICTING;
			case TenantResolutionException.DirectoryUnavailable.CODE -> UNAVAILABLE;
			default -> throw new IllegalArgumentException("Unexpected code '" + failure.code() + "'");
		};
	}

}
