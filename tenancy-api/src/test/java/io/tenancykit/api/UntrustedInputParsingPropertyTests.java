package io.tenancykit.api;

import java.util.Locale;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Feeds untrusted text to {@link TenantKey#parse(String)} and
 * {@link TenantId#parse(String)}: each either returns a value or throws
 * {@link TenantResolutionException.Malformed} whose message is a function of the input
 * length only, and accepts exactly what the specification's grammar accepts.
 */
class UntrustedInputParsingPropertyTests {

	@Test
	void anyUnicodeStringParsesOrIsMalformed() {
		RandomInputs.forAll(10000, RandomInputs::anyString,
				UntrustedInputParsingPropertyTests::assertParsesOrIsMalformed);
	}

	@Test
	void nearMissStringParsesOrIsMalformed() {
		RandomInputs.forAll(10000, RandomInputs::nearMissString,
				UntrustedInputParsingPropertyTests::assertParsesOrIsMalformed);
	}

	@Test
	void nearMissUuidParsesOrIsMalformed() {
		RandomInputs.forAll(10000, RandomInputs::nearMissUuid,
				UntrustedInputParsingPropertyTests::assertParsesOrIsMalformed);
	}

	@Test
	void hostileStringParsesOrIsMalformed() {
		RandomInputs.forAll(10000, RandomInputs::hostileString,
				UntrustedInputParsingPropertyTests::assertParsesOrIsMalformed);
	}

	static void assertParsesOrIsMalformed(String text) {
		assertKeyOutcome(text);
		assertIdOutcome(text);
	}

	private static void assertKeyOutcome(String text) {
		Object outcome = outcome(TenantKey::parse, text);
		if (RandomInputs.isCanonicalKey(text)) {
			assertThat(outcome).isEqualTo(new TenantKey(text));
		}
		else {
			assertMalformedWithoutInput(outcome, RandomInputs.KEY_REASON, text);
		}
	}

	private static void assertIdOutcome(String text) {
		Object outcome = outcome(TenantId::parse, text);
		if (RandomInputs.isCanonicalUuid(text)) {
			assertThat(outcome).isInstanceOf(TenantId.class).hasToString(text.toLowerCase(Locale.ROOT));
		}
		else {
			assertMalformedWithoutInput(outcome, RandomInputs.ID_REASON, text);
		}
	}

	private static Object outcome(Function<String, ?> parser, String text) {
		Throwable thrown = catchThrowable(() -> parser.apply(text));
		return (thrown != null) ? thrown : parser.apply(text);
	}

	private static void assertMalformedWithoutInput(Object outcome, String reason, String text) {
		assertThat(outcome).isExactlyInstanceOf(TenantResolutionException.Malformed.class);
		TenantResolutionException.Malformed malformed = (TenantResolutionException.Malformed) outcome;
		// The exact message depends on the length only, so it cannot carry the input;
		// the substring check is the direct form of the same guarantee.
		String expected = reason + " (input length " + text.length() + ")";
		assertThat(malformed).hasMessage(expected);
		assertThat(malformed.inputLength()).isEqualTo(text.length());
		if (text.length() > 3 && !expected.contains(text)) {
			assertThat(malformed.getMessage()).doesNotContain(text);
		}
	}

}
