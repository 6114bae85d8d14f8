package io.tenancykit.api;

import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators and independent oracles shared by the property tests. The oracles are
 * regular expressions written from the specification, not from the code under test.
 */
final class TenancyArbitraries {

	/**
	 * A lowercase DNS label: 1 to 63 of {@code [a-z0-9-]}, no leading/trailing hyphen.
	 */
	private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

	private static final Pattern CANONICAL_UUID = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	static final String KEY_REASON = "tenant key is not a lowercase DNS label";

	static final String ID_REASON = "tenant id is not a canonical UUID";

	private TenancyArbitraries() {
	}

	static boolean isCanonicalKey(String text) {
		// Hyphens in positions 3 and 4 are reserved for IDNA ("xn--") labels.
		return DNS_LABEL.matcher(text).matches() && !text.startsWith("--", 2);
	}

	static boolean isCanonicalUuid(String text) {
		return CANONICAL_UUID.matcher(text).matches();
	}

	static Arbitrary<UUID> uuids() {
		return Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(UUID::new);
	}

	/**
	 * Canonical keys built from the grammar: an alphanumeric first and last character
	 * around up to 61 characters of {@code [a-z0-9-]}.
	 * @return canonical keys
	 */
	static Arbitrary<String> canonicalKeys() {
		Arbitrary<Character> alphanumeric = Arbitraries.chars().range('a', 'z').range('0', '9');
		Arbitrary<String> inner = Arbitraries.strings()
			.withCharRange('a', 'z')
			.numeric()
			.withChars('-')
			.ofMaxLength(61);
		Arbitrary<String> multi = Combinators.combine(alphanumeric, inner, alphanumeric)
			.as((first, middle, last) -> first + middle + last);
		return Arbitraries.oneOf(alphanumeric.map(String::valueOf), multi).filter((key) -> !key.startsWith("--", 2));
	}

	/**
	 * Strings over the alphabet that a careless client is likely to send:
	 * {@code [a-zA-Z0-9-_ .]}, up to 70 characters so that the 63-character limit is
	 * crossed.
	 * @return near-miss strings
	 */
	static Arbitrary<String> nearMissStrings() {
		return Arbitraries.strings()
			.withCharRange('a', 'z')
			.withCharRange('A', 'Z')
			.numeric()
			.withChars('-', '_', ' ', '.')
			.ofMaxLength(70);
	}

	/**
	 * Strings of 34 to 38 characters over the UUID alphabet plus a few intruders, so that
	 * near-canonical UUIDs are frequent.
	 * @return near-miss UUID strings
	 */
	static Arbitrary<String> nearMissUuids() {
		Arbitrary<String> noise = Arbitraries.strings()
			.withCharRange('0', '9')
			.withCharRange('a', 'f')
			.withCharRange('A', 'F')
			.withChars('-', '-', '-', 'g', ' ', '{', '}')
			.ofMinLength(34)
			.ofMaxLength(38);
		Arbitrary<String> mutated = Combinators
			.combine(uuids(), Arbitraries.integers().between(0, 35), Arbitraries.chars().all())
			.as((uuid, index, replacement) -> {
				StringBuilder text = new StringBuilder(uuid.toString().toUpperCase(Locale.ROOT));
				text.setCharAt(index, replacement);
				return text.toString();
			});
		return Arbitraries.oneOf(noise, mutated);
	}

	/**
	 * Arbitrary unicode strings, including control characters, surrogates and
	 * non-characters.
	 * @return any strings
	 */
	static Arbitrary<String> anyStrings() {
		return Arbitraries.strings().all().ofMaxLength(80);
	}

}
