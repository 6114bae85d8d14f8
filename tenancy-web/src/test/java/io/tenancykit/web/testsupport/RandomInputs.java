package io.tenancykit.web.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Seeded random, hostile tenant input for the fuzz tests of this module.
 * <p>
 * {@link #forAll} draws every input of one property from a {@link Random} seeded with the
 * system property {@value #SEED_PROPERTY}, or with a fresh seed when it is not set, and
 * names the seed in every failure; {@code -Dtenancy.test.seed=<seed>} replays the same
 * inputs. {@code java.util.Random} is used because its algorithm is specified, so a seed
 * replays identically on every JDK.
 */
public final class RandomInputs {

	/** The system property that fixes the seed of every property. */
	public static final String SEED_PROPERTY = "tenancy.test.seed";

	/**
	 * Inputs that have broken tenant resolvers elsewhere: surrounding whitespace, case,
	 * CRLF injection, NUL and its percent-encoding, a UUID and the short form
	 * {@code UUID.fromString} accepts, punycode, homoglyphs, the 63-character limit and
	 * far beyond, stray hyphens and separators, path traversal, emoji, a byte order mark,
	 * zero-width and soft hyphens, fullwidth letters, a trailing dot and percent-encoded
	 * letters.
	 */
	private static final List<String> SPECIAL = List.of("", " ", "acme ", " acme", "ACME", "Acme", "acme\r\nX-Evil: 1",
			"acme\n", "acme\u0000", "%00", "acme%00", "1-1-1-1-1", "00000001-0001-0001-0001-000000000001", "xn--acme",
			"xn--80ak6aa92e", "\u0430\u0441me", "acm\u00e9", "\u212acme", "a".repeat(63), "a".repeat(64),
			"a".repeat(10_000), "-acme", "acme-", "ac--me", "acme.globex", "acme,globex", "acme;x=1", "../acme",
			"acme/../globex", "\t", "\uD83D\uDE00", "\uFEFFacme", "acme\u200b", "acme\u00ad", "\u00a0acme",
			"acme\u3000", "\uff41\uff43\uff4d\uff45", "acme.", "%61cme", "acm%65", "acme%20", "acme%0d%0aX-Evil:%201",
			"%2e%2e", "acme\u0435");

	private static final String LOWERCASE = "abcdefghijklmnopqrstuvwxyz0123456789-.";

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
	public static <T> void forAll(int tries, Function<Random, T> generator, Consumer<T> property) {
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

	/**
	 * Hostile tenant input for a header, a host label or a path segment: one of the
	 * special inputs listed above (3 in 11), a string of up to 70 characters of
	 * {@code [a-z0-9-.]} (2 in 11), any UTF-16 string of up to about 80 characters (2 in
	 * 11), any ASCII string of up to 80 characters (2 in 11), or a known key with one
	 * targeted corruption (2 in 11).
	 * @param random the source of randomness
	 * @param knownKeys keys of tenants that exist, in a fixed order so that a seed
	 * replays
	 * @return a hostile input
	 */
	public static String hostile(Random random, List<String> knownKeys) {
		int roll = random.nextInt(11);
		if (roll < 3) {
			return SPECIAL.get(random.nextInt(SPECIAL.size()));
		}
		if (roll < 5) {
			return string(random, 0, 70, (r) -> pick(r, LOWERCASE));
		}
		if (roll < 7) {
			return anyString(random);
		}
		if (roll < 9) {
			return string(random, 0, 80, (r) -> (char) r.nextInt(128));
		}
		return corrupted(random, knownKeys.get(random.nextInt(knownKeys.size())));
	}

	/**
	 * A list of {@code min} to {@code max} elements.
	 * @param <T> the type of element
	 * @param random the source of randomness
	 * @param min the minimum size
	 * @param max the maximum size
	 * @param element draws one element
	 * @return the list
	 */
	public static <T> List<T> listOf(Random random, int min, int max, Function<Random, T> element) {
		int size = min + random.nextInt(max - min + 1);
		List<T> list = new ArrayList<>(size);
		for (int i = 0; i < size; i++) {
			list.add(element.apply(random));
		}
		return list;
	}

	private static String corrupted(Random random, String key) {
		int at = random.nextInt(key.length() + 1);
		String head = key.substring(0, at);
		String tail = key.substring(at);
		return switch (random.nextInt(9)) {
			case 0 -> head + pick(random, LOOKALIKES) + (tail.isEmpty() ? "" : tail.substring(1));
			case 1 -> head + pick(random, LOOKALIKES) + tail;
			case 2 -> head + string(random, 1, 3, (r) -> pick(r, WHITESPACE)) + tail;
			case 3 -> head + controlCharacter(random) + tail;
			case 4 -> head + tail.toUpperCase(Locale.ROOT);
			case 5 -> head + PERCENT_ENCODINGS.get(random.nextInt(PERCENT_ENCODINGS.size())) + tail;
			case 6 -> (tail.isEmpty()) ? key
					: head + String.format(Locale.ROOT, "%%%02X", (int) tail.charAt(0)) + tail.substring(1);
			case 7 -> (random.nextBoolean()) ? "xn--" + key : key + "-" + key;
			default -> head + SEPARATORS.get(random.nextInt(SEPARATORS.size())) + tail;
		};
	}

	/**
	 * Arbitrary UTF-16 strings of up to about 80 characters: control characters,
	 * printable ASCII, Unicode whitespace, look-alikes, lone and paired surrogates,
	 * non-characters and any other BMP character.
	 */
	private static String anyString(Random random) {
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

}
