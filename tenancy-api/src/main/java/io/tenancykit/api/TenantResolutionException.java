package io.tenancykit.api;

import org.jspecify.annotations.Nullable;

/**
 * Why the tenant of a unit of work could not be resolved. The family is sealed so that
 * every failure has a stable, machine-readable {@link #code() code} that the web layer
 * maps to a problem type. Messages never contain the raw input: they are safe to log and
 * to show.
 */
public abstract sealed class TenantResolutionException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String code;

	private TenantResolutionException(String code, String message, @Nullable Throwable cause) {
		super(message, cause, false, false);
		this.code = code;
	}

	/**
	 * Return the stable machine-readable code of this failure, for example
	 * {@code tenant-missing}.
	 * @return the code
	 */
	public String code() {
		return this.code;
	}

	/**
	 * No source supplied a tenant.
	 */
	public static final class Missing extends TenantResolutionException {

		private static final long serialVersionUID = 1L;

		/** The stable code of this failure. */
		public static final String CODE = "tenant-missing";

		public Missing() {
			super(CODE, "no tenant was supplied", null);
		}

	}

	/**
	 * A tenant was supplied but is not in canonical form. Only the length of the input is
	 * kept.
	 */
	public static final class Malformed extends TenantResolutionException {

		private static final long serialVersionUID = 1L;

		/** The stable code of this failure. */
		public static final String CODE = "tenant-malformed";

		private final int inputLength;

		public Malformed(String reason, int inputLength) {
			super(CODE, reason + " (input length " + inputLength + ")", null);
			this.inputLength = inputLength;
		}

		/**
		 * Return the length of the rejected input.
		 * @return the length in UTF-16 code units
		 */
		public int inputLength() {
			return this.inputLength;
		}

	}

	/**
	 * The supplied tenant does not exist, or the caller may not use it: both look the
	 * same.
	 */
	public static final class Unknown extends TenantResolutionException {

		private static final long serialVersionUID = 1L;

		/** The stable code of this failure. */
		public static final String CODE = "tenant-unknown";

		public Unknown() {
			super(CODE, "tenant not found", null);
		}

	}

	/**
	 * The tenant exists but is suspended.
	 */
	public static final class Suspended extends TenantResolutionException {

		private static final long serialVersionUID = 1L;

		/** The stable code of this failure. */
		public static final String CODE = "tenant-suspended";

		public Suspended() {
			super(CODE, "tenant is suspended", null);
		}

	}

	/**
	 * The caller is authenticated, but its credential does not name a tenant, and
	 * client-supplied sources may not name one for it. Says nothing about any tenant.
	 */
	public static final class ClaimMissing extends TenantResolutionException {

		private static final long serialVersionUID = 1L;

		/** The stable code of this failure. */
		public static final String CODE = "tenant-claim-missing";

		public ClaimMissing() {
			super(CODE, "the authenticated principal carries no tenant claim", null);
		}

	}

	/**
	 * Two sources resolved different tenants for the same unit of work.
	 */
	public static final class Conflicting extends TenantResolutionException {

		private static final long serialVersionUID = 1L;

		/** The stable code of this failure. */
		public static final String CODE = "tenant-conflicting";

		public Conflicting(String firstSource, String secondSource) {
			super(CODE, "sources '" + firstSource + "' and '" + secondSource + "' supplied different tenants", null);
		}

	}

	/**
	 * The tenant directory could not answer in time.
	 */
	public static final class DirectoryUnavailable extends TenantResolutionException {

		private static final long serialVersionUID = 1L;

		/** The stable code of this failure. */
		public static final String CODE = "tenant-directory-unavailable";

		public DirectoryUnavailable(Throwable cause) {
			super(CODE, "tenant directory is unavailable", cause);
		}

	}

}
