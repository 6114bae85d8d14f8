package io.tenancykit.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Tests for {@link TenantKey}.
 */
class TenantKeyTests {

	private static final String LONGEST = "a".repeat(TenantKey.MAX_LENGTH);

	@ParameterizedTest
	@ValueSource(strings = { "a", "0", "acme", "acme-corp", "a-b", "a1-2b-c3", "abc--d", "x-n" })
	void parsesLowercaseDnsLabels(String text) {
		TenantKey key = TenantKey.parse(text);
		assertThat(key.value()).isEqualTo(text);
		assertThat(key).hasToString(text).isEqualTo(new TenantKey(text));
	}

	@Test
	void parsesLabelOfMaximumLength() {
		assertThat(TenantKey.parse(LONGEST).value()).hasSize(63);
		assertThat(TenantKey.parse("abc" + "-".repeat(59) + "d").value()).hasSize(63);
	}

	@ParameterizedTest
	@ValueSource(strings = { "Acme", "ACME", "acMe", " acme", "acme ", "ac me", "\tacme", "acme\n", "-acme", "acme-",
			"-", "--", "acme_corp", "acme.corp", "acmé", "ａｃｍｅ", "acmı", "acme\u0000", "acme\u200b", "xn--acme",
			"xn--mnchen-3ya", "ab--cd", "a1--b", "----", "XN--acme", "acme/corp", "acme%20", "a\u0301", "\u212aelvin" })
	void rejectsNonCanonicalTextWithoutEchoingIt(String text) {
		assertThatExceptionOfType(TenantResolutionException.Malformed.class).isThrownBy(() -> TenantKey.parse(text))
			.satisfies((ex) -> {
				if (text.length() > 3) {
					assertThat(ex.getMessage()).doesNotContain(text);
				}
				assertThat(ex.inputLength()).isEqualTo(text.length());
				assertThat(ex.code()).isEqualTo("tenant-malformed");
			});
	}

	@Test
	void rejectsLabelLongerThan63Characters() {
		String tooLong = LONGEST + "a";
		assertThatExceptionOfType(TenantResolutionException.Malformed.class).isThrownBy(() -> TenantKey.parse(tooLong))
			.satisfies((ex) -> {
				assertThat(ex.inputLength()).isEqualTo(64);
				assertThat(ex.getMessage()).doesNotContain(tooLong);
			});
	}

	@ParameterizedTest
	@NullAndEmptySource
	void rejectsNullAndEmptyAsMalformed(String text) {
		assertThatExceptionOfType(TenantResolutionException.Malformed.class).isThrownBy(() -> TenantKey.parse(text))
			.satisfies((ex) -> assertThat(ex.inputLength()).isZero());
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "Acme", " acme", "acme-", "xn--acme", "acme_corp" })
	void constructorRejectsNonCanonicalValue(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> new TenantKey(text))
			.withMessage("'value' must be a lowercase DNS label");
	}

	@Test
	void constructorRefusesNull() {
		assertThatNullPointerException().isThrownBy(() -> new TenantKey(null)).withMessageContaining("'value'");
	}

	@Test
	void isEqualByValue() {
		assertThat(new TenantKey("acme")).isEqualTo(TenantKey.parse("acme"))
			.hasSameHashCodeAs(TenantKey.parse("acme"))
			.isNotEqualTo(new TenantKey("acme2"));
	}

}
