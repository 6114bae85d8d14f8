package io.tenancykit.web.resolution;

/**
 * The form in which a source supplies a tenant.
 */
public enum TenantReferenceFormat {

	/** A canonical {@link io.tenancykit.api.TenantKey}. */
	KEY,

	/** A canonical 36-character {@link io.tenancykit.api.TenantId}. */
	ID,

	/**
	 * A canonical tenant id when the value is a 36-character UUID, otherwise a tenant
	 * key. Keys shaped like UUIDs can then only be addressed by id.
	 */
	KEY_OR_ID

}
