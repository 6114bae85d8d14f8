package io.tenancykit.api;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Seeded random inputs for the property tests of this module, and the independent oracles
 * that classify them: regular expressions written from the specification, not from the
 * code under test.
 * <p>
 * {@link #forAll} draws every input of one property from a {@link Random} seeded with the
 * system property {@value #SEED_PROPERTY}, or with a fresh seed when it is not set, and
 * names the seed in every failure; {@code -Dtenancy.test.seed=<seed>} replays the same
 * inputs. {@code java.util.Random} is used because its algorithm is specified, so a seed
 * replays identically on every JDK.
 */
final class RandomInputs {

	/** The system property that fixes the seed of every property. */
	static final String SEED_PROPERTY = "tenancy.test.seed";

	/**
	 * A lowercase DNS label: 1 to 63 of {@code [a-z0-9-]}, no leading/trailing hyphen.
	 */
	private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

	private static final Pattern CANONICAL_UUID = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	static final String KEY_REASON = "tenant key is not a lowercase DNS label";

	static final String ID_REASON = "tenant id is not a canonical UUID";

	private static final String ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyz0123456789";

	private static final String HEX = "0123456789abcdefABCDEF";

	private static final String NEAR_MISS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_ .";

	private static final String NEAR_MISS_UUID = HEX + "----g {}";

	/** Every character that {@link Character#isWhitespace} or Unicode calls a space. */
	private static final String WHITESPACE = " \t\n\r\u000b\f\u001c\u001d\u001e\u001f\u0085\u00a0\u1680"
			+ "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000";

	/**
	 * Characters that look like, or vanish next to, the characters of a key: Cyrillic and
	 * Greek homoglyphs, case-mapping traps (Kelvin sign, dotless and dotted i, long s),
	 * fullwidth forms, hyphen and dot look-alikes, zero-width and bidi controls, a
	 * combining accent, the byte order mark, the replacement character and the
	 * non-characters.
	 */
	private static final String LOOKALIKES = "\u0430\u0435\u043e\u0440\u0441\u0445\u0443\u0456\u0458\u0501"
			+ "\u03b1\u03bf\u03bd\u212a\u212b\u0131\u0130\u017f\u00e9\uff41\uff4d\uff10\uff0d\uff0e\u3002"
			+ "\u2010\u2011\u2012\u2013\u2212\ufe63\u2024\u00ad\u200b\u200c\u200d\u2060\u202e\u2066\u0301\ufeff"
			+ "\ufffd\ufffe\uffff";

	private static final List<String> PERCENT_ENCODINGS = List.of("%00", "%0d%0a", "%20", "%2e", "%2E", "%2f", "%2F",
			"%25", "%61", "%41", "%2d", "%c0%ae", "%e2%80%8b", "%ef%bb%bf", "%", "%z", "%%");

	private static final List<String> SEPARATORS = List.of(".", ",", ";", ":", "/", "\\", "../", "=", "@", "#", "?",
			"\r\nX-Evil: 1", "\u0000", "\"", "'", "*");

	/** Lengths around the 63-character limit and well past it. */
	private static final int[] OVERLONG_LENGTHS = { 63, 64, 65, 127, 128, 253, 254, 255, 256, 1024, 8192, 10_000 };

	/** Long values at the edges of the range: nil and all-ones UUIDs, sign boundaries. */
	private static final long[] EDGE_LONGS = { 0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE };

	private RandomInputs() {
	}

	/**
	 * Check a property against {@code tries} inputs drawn from one seeded {@link Random}.
	 * A failure is rethrown as an {@link AssertionError} naming the seed, the try and the
	 * input, with the original failure as its cause.
	 * @param <T> the type of input
	 * @param tries how many inputs to check
	 * @param generator draws one input
	 * @param property asserts the property of one input
	 */
	static <T> void forAll(int tries, Function<Random, T> generator, Consumer<T> property) {
		long seed = seed();
		Random random = new Random(seed);
		for (int i = 1; i <= tries; i++) {
			T input;
			try {
				input = generator.apply(random);
			}
			catch (RuntimeException ex) {
				throw new AssertionError(failure(seed, i, tries, "generating the input failed", ex), ex);
			}
			try {
				property.accept(input);
			}
			catch (RuntimeException | AssertionError ex) {
				throw new AssertionError(failure(seed, i, tries, "input " + render(input), ex), ex);
			}
		}
	}

	private static long seed() {
		String configured = System.getProperty(SEED_PROPERTY);
		if (configured == null || configured.isBlank()) {
			return ThreadLocalRandom.current().nextLong();
		}
		try {
			return Long.parseLong(configured.strip());
		}
		catch (NumberFormatException ex) {
			throw new IllegalStateException(
					"System property '" + SEED_PROPERTY + "' must be a decimal long, was '" + configured + "'", ex);
		}
	}

	private static String failure(long seed, int attempt, int tries, String what, Throwable cause) {
		return "Try " + attempt + " of " + tries + " failed with seed " + seed + " (rerun with -D" + SEED_PROPERTY + "="
				+ seed + "), " + what + ":\n" + cause.getMessage();
	}

	/**
	 * Render an input readably: control and non-ASCII characters escaped as
	 * {@code \}{@code uXXXX}, long strings shortened with their length.
	 */
	private static String render(Object input) {
		if (input instanceof String text) {
			return "\"" + escape(text) + "\"";
		}
		if (input instanceof List<?> list) {
			return list.stream().map(RandomInputs::render).toList().toString();
		}
		return escape(String.valueOf(input));
	}

	private static String escape(String text) {
		int shown = Math.min(text.length(), 120);
		StringBuilder escaped = new StringBuilder();
		for (int i = 0; i < shown; i++) {
			char c = text.charAt(i);
			if (c == '\\' || c == '"') {
				escaped.append('\\').append(c);
			}
			else if (c >= ' ' && c <= '~') {
				escaped.append(c);
			}
			else {
				escaped.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
			}
		}
		return (shown < text.length()) ? escaped + "...(" + text.length() + " chars)" : escaped.toString();
	}

	static boolean isCanonicalKey(String text) {
		// Hyphens in positions 3 and 4 are reserved for IDNA ("xn--") labels.
		return DNS_LABEL.matcher(text).matches() && !text.startsWith("--", 2);
	}

	static boolean isCanonicalUuid(String text) {
		return CANONICAL_UUID.matcher(text).matches();
	}

	/**
	 * Any UUID, including the nil UUID and the all-ones UUID.
	 * @param random the source of randomness
	 * @return a UUID
	 */
	static UUID uuid(Random random) {
		return new UUID(anyLong(random), anyLong(random));
	}

	/**
	 * The canonical form of any UUID with a random choice of upper and lower case for
	 * each hex digit.
	 * @param random the source of randomness
	 * @return a mixed-case canonical UUID
	 */
	static String mixedCaseUuid(Random random) {
		char[] chars = uuid(random).toString().toCharArray();
		long mask = random.nextLong();
		for (int i = 0; i < chars.length; i++) {
			if ((mask >>> (i % 64) & 1) == 1) {
				chars[i] = Character.toUpperCase(chars[i]);
			}
		}
		return new String(chars);
	}

	/**
	 * Canonical keys built from the grammar: an alphanumeric first and last character
	 * around up to 61 characters of {@code [a-z0-9-]}, or a single alphanumeric
	 * character. Hyphens are frequent so that runs of them occur.
	 * @param random the source of randomness
	 * @return a canonical key of 1 to 63 characters
	 */
	static String canonicalKey(Random random) {
		String key;
		do {
			key = (random.nextInt(8) == 0) ? String.valueOf(alphanumeric(random))
					: alphanumeric(random) + string(random, 0, 61, RandomInputs::keyCharacter) + alphanumeric(random);
		}
		while (key.startsWith("--", 2));
		return key;
	}

	/**
	 * Labels that are well formed except for hyphens in positions 3 and 4, which are
	 * reserved for IDNA.
	 * @param random the source of randomness
	 * @return a reserved label of 4 to 63 characters
	 */
	static String reservedLabel(Random random) {
		return string(random, 2, 2, RandomInputs::alphanumeric) + "--"
				+ string(random, 0, 59, RandomInputs::keyCharacter);
	}

	/**
	 * One to three whitespace characters, ASCII and Unicode.
	 * @param random the source of randomness
	 * @return whitespace
	 */
	static String whitespace(Random random) {
		return string(random, 1, 3, (r) -> pick(r, WHITESPACE));
	}

	/**
	 * Strings over the alphabet that a careless client is likely to send:
	 * {@code [a-zA-Z0-9-_ .]}, up to 70 characters so that the 63-character limit is
	 * crossed.
	 * @param random the source of randomness
	 * @return a near-miss string
	 */
	static String nearMissString(Random random) {
		return string(random, 0, 70, (r) -> pick(r, NEAR_MISS));
	}

	/**
	 * Strings that are not canonical keys: near-miss, arbitrary or hostile strings.
	 * @param random the source of randomness
	 * @return a non-canonical key
	 */
	static String nonCanonicalKey(Random random) {
		String text;
		do {
			text = switch (random.nextInt(3)) {
				case 0 -> nearMissString(random);
				case 1 -> anyString(random);
				default -> hostileString(random);
			};
		}
		while (isCanonicalKey(text));
		return text;
	}

	/**
	 * Strings that are canonical UUIDs or close to one: 34 to 38 characters over the UUID
	 * alphabet plus a few intruders; an upper-case UUID with one character replaced; or a
	 * UUID with a character inserted or deleted, a hyphen moved or dropped, braces, a
	 * {@code urn:uuid:} prefix, surrounding whitespace or the short form that
	 * {@link UUID#fromString(String)} accepts.
	 * @param random the source of randomness
	 * @return a near-miss UUID
	 */
	static String nearMissUuid(Random random) {
		return switch (random.nextInt(3)) {
			case 0 -> string(random, 34, 38, (r) -> pick(r, NEAR_MISS_UUID));
			case 1 -> {
				StringBuilder text = new StringBuilder(uuid(random).toString().toUpperCase(Locale.ROOT));
				char replacement = switch (random.nextInt(3)) {
					case 0 -> pick(random, HEX + "-");
					default -> anyCodeUnit(random);
				};
				text.setCharAt(random.nextInt(36), replacement);
				yield text.toString();
			}
			default -> uuidVariant(random, mixedCaseUuid(random));
		};
	}

	private static String uuidVariant(Random random, String uuid) {
		int at = random.nextInt(uuid.length());
		return switch (random.nextInt(9)) {
			case 0 -> uuid.substring(0, at) + uuid.substring(at + 1);
			case 1 -> uuid.substring(0, at) + pick(random, HEX + "-") + uuid.substring(at);
			case 2 -> "{" + uuid + "}";
			case 3 -> "urn:uuid:" + uuid;
			case 4 -> uuid.replace("-", "");
			case 5 -> whitespace(random) + uuid + ((random.nextBoolean()) ? whitespace(random) : "");
			case 6 -> uuid.substring(0, 7) + "-" + uuid.charAt(7) + uuid.substring(9);
			case 7 -> String.join("-", hexDigits(random, 8), hexDigits(random, 4), hexDigits(random, 4),
					hexDigits(random, 4), hexDigits(random, 12));
			default -> uuid + pick(random, HEX);
		};
	}

	/**
	 * Arbitrary UTF-16 strings of up to about 80 characters: control characters,
	 * printable ASCII, Unicode whitespace, look-alikes, lone and paired surrogates,
	 * non-characters and any other BMP character.
	 * @param random the source of randomness
	 * @return any string
	 */
	static String anyString(Random random) {
		int length = length(random, 0, 80);
		StringBuilder text = new StringBuilder(length + 1);
		while (text.length() < length) {
			if (random.nextInt(16) == 0) {
				// A valid surrogate pair: a supplementary character such as an emoji.
				text.appendCodePoint(Character.MIN_SUPPLEMENTARY_CODE_POINT
						+ random.nextInt(Character.MAX_CODE_POINT - Character.MIN_SUPPLEMENTARY_CODE_POINT + 1));
			}
			else {
				text.append(anyCodeUnit(random));
			}
		}
		return text.toString();
	}

	/**
	 * Hostile input aimed at the key grammar: a canonical key with one targeted
	 * corruption (a look-alike, an upper-case letter, whitespace, a control character, a
	 * percent-encoding, a punycode prefix, a stray separator), a concatenation of such
	 * fragments, or a string of 63 to 10 000 characters.
	 * @param random the source of randomness
	 * @return a hostile string
	 */
	static String hostileString(Random random) {
		return switch (random.nextInt(4)) {
			case 0, 1 -> corruptedKey(random);
			case 2 -> fragments(random);
			default -> overlong(random);
		};
	}

	private static String corruptedKey(Random random) {
		String key = canonicalKey(random);
		int at = random.nextInt(key.length() + 1);
		String head = key.substring(0, at);
		String tail = key.substring(at);
		return switch (random.nextInt(10)) {
			case 0 -> head + pick(random, LOOKALIKES) + (tail.isEmpty() ? "" : tail.substring(1));
			case 1 -> head + pick(random, LOOKALIKES) + tail;
			case 2 -> head + whitespace(random) + tail;
			case 3 -> head + controlCharacter(random) + tail;
			case 4 -> key.toUpperCase(Locale.ROOT);
			case 5 -> head + tail.toUpperCase(Locale.ROOT);
			case 6 -> head + PERCENT_ENCODINGS.get(random.nextInt(PERCENT_ENCODINGS.size())) + tail;
			case 7 -> (tail.isEmpty()) ? key : head + percentEncode(random, tail.charAt(0)) + tail.substring(1);
			case 8 -> (random.nextBoolean()) ? "xn--" + key : key.charAt(0) + "x--" + key.substring(1);
			default -> head + SEPARATORS.get(random.nextInt(SEPARATORS.size())) + tail;
		};
	}

	private static String fragments(Random random) {
		int count = 1 + random.nextInt(6);
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < count; i++) {
			text.append(switch (random.nextInt(7)) {
				case 0 -> canonicalKey(random);
				case 1 -> whitespace(random);
				case 2 -> String.valueOf(pick(random, LOOKALIKES));
				case 3 -> PERCENT_ENCODINGS.get(random.nextInt(PERCENT_ENCODINGS.size()));
				case 4 -> String.valueOf(controlCharacter(random));
				case 5 -> SEPARATORS.get(random.nextInt(SEPARATORS.size()));
				default -> uuid(random).toString();
			});
		}
		return text.toString();
	}

	private static String overlong(Random random) {
		int length = (random.nextBoolean()) ? OVERLONG_LENGTHS[random.nextInt(OVERLONG_LENGTHS.length)]
				: 64 + random.nextInt(2000);
		String unit = (random.nextBoolean()) ? "a" : canonicalKey(random) + "-";
		StringBuilder text = new StringBuilder(length + unit.length());
		while (text.length() < length) {
			text.append(unit);
		}
		text.setLength(length);
		// End on a letter, not a hyphen, so that the length is the only thing wrong.
		if (text.charAt(length - 1) == '-') {
			text.setCharAt(length - 1, 'z');
		}
		return text.toString();
	}

	private static String percentEncode(Random random, char c) {
		String hex = String.format(Locale.ROOT, "%%%02x", c & 0xff);
		return (random.nextBoolean()) ? hex : hex.toUpperCase(Locale.ROOT);
	}

	/**
	 * One UTF-16 code unit of any kind, weighted towards the kinds that break parsers.
	 */
	private static char anyCodeUnit(Random random) {
		return switch (random.nextInt(10)) {
			case 0 -> controlCharacter(random);
			case 1, 2, 3 -> (char) (' ' + random.nextInt('~' - ' ' + 1));
			case 4 -> pick(random, WHITESPACE);
			case 5 -> pick(random, LOOKALIKES);
			case 6 -> (char) (Character.MIN_SURROGATE
					+ random.nextInt(Character.MAX_SURROGATE - Character.MIN_SURROGATE + 1));
			default -> (char) random.nextInt(Character.MAX_VALUE + 1);
		};
	}

	/** A C0 control, DEL or a C1 control. */
	private static char controlCharacter(Random random) {
		int index = random.nextInt(0x20 + 1 + 0x20);
		return (char) ((index < 0x20) ? index : (index == 0x20) ? 0x7f : 0x80 + index - 0x21);
	}

	private static String hexDigits(Random random, int maxLength) {
		return string(random, 1, maxLength, (r) -> pick(r, HEX));
	}

	private static char alphanumeric(Random random) {
		return pick(random, ALPHANUMERIC);
	}

	private static char keyCharacter(Random random) {
		return (random.nextInt(6) == 0) ? '-' : alphanumeric(random);
	}

	private static char pick(Random random, String alphabet) {
		return alphabet.charAt(random.nextInt(alphabet.length()));
	}

	private static String string(Random random, int minLength, int maxLength, Function<Random, Character> character) {
		int length = length(random, minLength, maxLength);
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append(character.apply(random).charValue());
		}
		return text.toString();
	}

	/**
	 * A length between the bounds, each bound being drawn often so that edges are hit.
	 */
	private static int length(Random random, int min, int max) {
		return switch (random.nextInt(8)) {
			case 0 -> min;
			case 1 -> max;
			default -> min + random.nextInt(max - min + 1);
		};
	}

	private static long anyLong(Random random) {
		return (random.nextInt(8) == 0) ? EDGE_LONGS[random.nextInt(EDGE_LONGS.length)] : random.nextLong();
	}

}
