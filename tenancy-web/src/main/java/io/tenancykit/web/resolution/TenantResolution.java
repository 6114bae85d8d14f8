package io.tenancykit.web.resolution;

import java.util.Objects;

import io.tenancykit.api.TenantResolutionException;

/**
 * What one {@link TenantResolver} found in a request: a tenant reference, nothing
 * applicable, or a rejection.
 */
public sealed interface TenantResolution {

	/**
	 * Return a resolution for a reference supplied by the client.
	 * @param reference the reference, must not be {@literal null}
	 * @return the resolution
	 */
	static TenantResolution resolved(TenantReference reference) {
		return new Resolved(reference, false);
	}

	/**
	 * Return a resolution for a reference that was verified, such as a claim of an
	 * authenticated principal. A verified reference wins over client-supplied ones: any
	 * client-supplied tenant that differs is refused as unknown.
	 * @param reference the reference, must not be {@literal null}
	 * @return the resolution
	 */
	static TenantResolution verified(TenantReference reference) {
		return new Resolved(reference, true);
	}

	/**
	 * Return the resolution of a source that does not apply to the request.
	 * @return the resolution
	 */
	static TenantResolution notApplicable() {
		return NotApplicable.INSTANCE;
	}

	/**
	 * Return a rejection.
	 * @param reason why the supplied value was rejected, must not be {@literal null}
	 * @return the resolution
	 */
	static TenantResolution rejected(TenantResolutionException reason) {
		return new Rejected(reason);
	}

	/**
	 * The source supplied a tenant.
	 *
	 * @param reference the supplied tenant
	 * @param verified whether the reference comes from a verified credential
	 */
	record Resolved(TenantReference reference, boolean verified) implements TenantResolution {

		public Resolved {
			Objects.requireNonNull(reference, "'reference' must not be null");
		}

	}

	/**
	 * The source does not apply to the request.
	 */
	final class NotApplicable implements TenantResolution {

		static final NotApplicable INSTANCE = new NotApplicable();

		private NotApplicable() {
		}

		@Override
		public String toString() {
			return "NotApplicable";
		}

	}

	/**
	 * The source applies but its value is unacceptable.
	 *
	 * @param reason the failure; its message never contains the raw input
	 */
	record Rejected(TenantResolutionException reason) implements TenantResolution {

		public Rejected {
			Objects.requireNonNull(reason, "'reason' must not be null");
		}

	}

}
