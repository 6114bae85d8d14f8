package io.tenancykit.api;

import java.util.Locale;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Property tests for {@link TenantKey}, over seeded random input from
 * {@link RandomInputs}.
 */
class TenantKeyPropertyTests {

	@Test
	void canonicalKeyParsesToItself() {
		RandomInputs.forAll(2000, RandomInputs::canonicalKey, (text) -> {
			TenantKey key = TenantKey.parse(text);
			assertThat(key.value()).isEqualTo(text);
			assertThat(key).isEqualTo(new TenantKey(text));
			assertThat(TenantKey.parse(key.toString())).isEqualTo(key);
		});
	}

	@Test
	void constructorRejectsNonCanonicalValue() {
		RandomInputs.forAll(2000, RandomInputs::nonCanonicalKey,
				(text) -> assertThatIllegalArgumentException().isThrownBy(() -> new TenantKey(text)));
	}

	@Test
	void uppercasingAnyLetterOfACanonicalKeyMakesItMalformed() {
		RandomInputs.forAll(2000, RandomInputs::canonicalKey, (text) -> {
			String upper = text.toUpperCase(Locale.ROOT);
			if (!upper.equals(text)) {
				assertThatExceptionOfType(TenantResolutionException.Malformed.class)
					.isThrownBy(() -> TenantKey.parse(upper));
			}
		});
	}

	@Test
	void labelWithHyphensInPositionsThreeAndFourIsMalformed() {
		RandomInputs.forAll(1000, RandomInputs::reservedLabel,
				(text) -> assertThatExceptionOfType(TenantResolutionException.Malformed.class)
					.isThrownBy(() -> TenantKey.parse(text)));
	}

	@Test
	void surroundingWhitespaceIsRejectedNotTrimmed() {
		RandomInputs.forAll(1000,
				(random) -> new Padded(RandomInputs.canonicalKey(random), RandomInputs.whitespace(random)),
				(padded) -> {
					assertThatExceptionOfType(TenantResolutionException.Malformed.class)
						.isThrownBy(() -> TenantKey.parse(padded.padding() + padded.key()));
					assertThatExceptionOfType(TenantResolutionException.Malformed.class)
						.isThrownBy(() -> TenantKey.parse(padded.key() + padded.padding()));
				});
	}

	private record Padded(String key, String padding) {
	}

}
