package io.tenancykit.api;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Property tests for {@link TenantKey}.
 */
class TenantKeyPropertyTests {

	@Property(tries = 2000)
	void canonicalKeyParsesToItself(@ForAll("canonicalKeys") String text) {
		TenantKey key = TenantKey.parse(text);
		assertThat(key.value()).isEqualTo(text);
		assertThat(key).isEqualTo(new TenantKey(text));
		assertThat(TenantKey.parse(key.toString())).isEqualTo(key);
	}

	@Property(tries = 2000)
	void constructorRejectsNonCanonicalValue(@ForAll("nonCanonicalKeys") String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> new TenantKey(text));
	}

	@Property(tries = 2000)
	void uppercasingAnyLetterOfACanonicalKeyMakesItMalformed(@ForAll("canonicalKeys") String text) {
		String upper = text.toUpperCase(java.util.Locale.ROOT);
		if (!upper.equals(text)) {
			assertThatExceptionOfType(TenantResolutionException.Malformed.class)
				.isThrownBy(() -> TenantKey.parse(upper));
		}
	}

	@Property(tries = 1000)
	void labelWithHyphensInPositionsThreeAndFourIsMalformed(@ForAll("reservedLabels") String text) {
		assertThatExceptionOfType(TenantResolutionException.Malformed.class).isThrownBy(() -> TenantKey.parse(text));
	}

	@Property(tries = 1000)
	void surroundingWhitespaceIsRejectedNotTrimmed(@ForAll("canonicalKeys") String text,
			@ForAll("whitespace") String padding) {
		assertThatExceptionOfType(TenantResolutionException.Malformed.class)
			.isThrownBy(() -> TenantKey.parse(padding + text));
		assertThatExceptionOfType(TenantResolutionException.Malformed.class)
			.isThrownBy(() -> TenantKey.parse(text + padding));
	}

	@Provide
	Arbitrary<String> canonicalKeys() {
		return TenancyArbitraries.canonicalKeys();
	}

	@Provide
	Arbitrary<String> nonCanonicalKeys() {
		return Arbitraries.oneOf(TenancyArbitraries.nearMissStrings(), TenancyArbitraries.anyStrings())
			.filter((text) -> !TenancyArbitraries.isCanonicalKey(text));
	}

	@Provide
	Arbitrary<String> reservedLabels() {
		Arbitrary<String> prefix = Arbitraries.strings().withCharRange('a', 'z').numeric().ofLength(2);
		Arbitrary<String> suffix = Arbitraries.strings()
			.withCharRange('a', 'z')
			.numeric()
			.withChars('-')
			.ofMaxLength(59);
		return Combinators.combine(prefix, suffix).as((p, s) -> p + "--" + s);
	}

	@Provide
	Arbitrary<String> whitespace() {
		return Arbitraries.strings()
			.withChars(' ', '\t', '\n', '\r', '\u000b', '\f', '\u00a0', '\u2003', '\u3000')
			.ofMinLength(1)
			.ofMaxLength(3);
	}

}
