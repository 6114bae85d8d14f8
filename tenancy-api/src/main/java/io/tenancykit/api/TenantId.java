package io.tenancykit.api;

import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The internal, immutable identifier of a tenant: the value stored in every
 * {@code tenant_id} column.
 *
 * @param value the UUID, never {@literal null}
 */
public record TenantId(UUID value) {

	private static final int CANONICAL_LENGTH = 36;

	public TenantId {
		Objects.requireNonNull(value, "'value' must not be null");
	}

	/**
	 * Parse the canonical textual form of a UUID: 36 characters, hex digits in groups of
	 * 8-4-4-4-12 separated by hyphens, either case. Shorter forms that
	 * {@link UUID#fromString(String)} would accept (such as {@code 1-1-1-1-1}) are
	 * rejected.
	 * @param text the text to parse, may be {@literal null}
	 * @return the tenant id
	 * @throws TenantResolutionException.Malformed if the text is not a canonical UUID
	 */
	public static TenantId parse(@Nullable String text) {
		if (text == null) {
			throw new TenantResolutionException.Malformed("tenant id is missing", 0);
		}
		if (!isCanonicalUuid(text)) {
			throw new TenantResolutionException.Malformed("tenant id is not a canonical UUID", text.length());
		}
		return new TenantId(UUID.fromString(text));
	}

	/**
	 * Return whether the given text is a canonical 36-character UUID.
	 * @param text the text to check
	 * @return whether it can be parsed by {@link #parse(String)}
	 */
	public static boolean isCanonicalUuid(String text) {
		if (text.length() != CANONICAL_LENGTH) {
			return false;
		}
		for (int i = 0; i < CANONICAL_LENGTH; i++) {
			char c = text.charAt(i);
			boolean hyphenPosition = i == 8 || i == 13 || i == 18 || i == 23;
			if (hyphenPosition ? c != '-' : !isHexDigit(c)) {
				return false;
			}
		}
		return true;
	}

	private static boolean isHexDigit(char c) {
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	}

	/**
	 * Return the canonical lowercase form, as stored in the database.
	 * @return the canonical string
	 */
	@Override
	public String toString() {
		return this.value.toString();
	}

}
