package io.tenancykit.api;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The public, human-chosen identifier of a tenant, as used in headers, subdomains and
 * paths: a lowercase DNS label of 1 to 63 characters, {@code [a-z0-9]} with inner
 * hyphens.
 * <p>
 * There is exactly one textual form per tenant. Input that is not already canonical
 * (upper case, surrounding whitespace, punycode {@code xn--} labels) is rejected rather
 * than normalised, so that one tenant never has two cache keys.
 *
 * @param value the canonical key, never {@literal null}
 */
public record TenantKey(String value) {

	/** The maximum length of a DNS label. */
	public static final int MAX_LENGTH = 63;

	public TenantKey {
		Objects.requireNonNull(value, "'value' must not be null");
		if (!isCanonical(value)) {
			throw new IllegalArgumentException("'value' must be a lowercase DNS label");
		}
	}

	/**
	 * Parse a tenant key from untrusted input.
	 * @param text the text to parse, may be {@literal null}
	 * @return the key
	 * @throws TenantResolutionException.Malformed if the text is not a canonical key; the
	 * exception carries the input length, never the input
	 */
	public static TenantKey parse(@Nullable String text) {
		if (text == null) {
			throw new TenantResolutionException.Malformed("tenant key is missing", 0);
		}
		if (!isCanonical(text)) {
			throw new TenantResolutionException.Malformed("tenant key is not a lowercase DNS label", text.length());
		}
		return new TenantKey(text);
	}

	/**
	 * Return whether the given text is a canonical tenant key.
	 * @param text the text to check
	 * @return whether {@link #parse(String)} accepts it
	 */
	public static boolean isCanonical(String text) {
		int length = text.length();
		if (length == 0 || length > MAX_LENGTH) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
			boolean innerHyphen = c == '-' && i > 0 && i < length - 1;
			if (!alphanumeric && !innerHyphen) {
				return false;
			}
		}
		// Labels with hyphens in positions 3 and 4 are reserved for IDNA ("xn--"
		// punycode) and would
		// let two spellings name one tenant.
		return !(length >= 4 && text.charAt(2) == '-' && text.charAt(3) == '-');
	}

	@Override
	public String toString() {
		return this.value;
	}

}
