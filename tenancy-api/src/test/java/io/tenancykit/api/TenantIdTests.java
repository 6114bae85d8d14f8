package io.tenancykit.api;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Tests for {@link TenantId}.
 */
class TenantIdTests {

	private static final String CANONICAL = "0f8fad5b-d9cb-469f-a165-70867728950e";

	@ParameterizedTest
	@ValueSource(strings = { "0f8fad5b-d9cb-469f-a165-70867728950e", "0F8FAD5B-D9CB-469F-A165-70867728950E",
			"0f8FaD5b-D9cB-469f-A165-70867728950E" })
	void parsesCanonicalUuidInAnyCase(String text) {
		TenantId id = TenantId.parse(text);
		assertThat(id.value()).isEqualTo(UUID.fromString(CANONICAL));
		assertThat(id).isEqualTo(TenantId.parse(CANONICAL));
	}

	@Test
	void parsesNilAndMaxUuid() {
		assertThat(TenantId.parse("00000000-0000-0000-0000-000000000000").value()).isEqualTo(new UUID(0, 0));
		assertThat(TenantId.parse("ffffffff-ffff-ffff-ffff-ffffffffffff").value()).isEqualTo(new UUID(-1, -1));
	}

	@Test
	void printsCanonicalLowercaseForm() {
		assertThat(TenantId.parse("0F8FAD5B-D9CB-469F-A165-70867728950E")).hasToString(CANONICAL);
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "1-1-1-1-1", "00000000-0000-0000-0000-00000000000", "00000000-0000-0000-0000-0000000000000",
					"{0f8fad5b-d9cb-469f-a165-70867728950e}", " 0f8fad5b-d9cb-469f-a165-70867728950e",
					"0f8fad5b-d9cb-469f-a165-70867728950e ", "0f8fad5b-d9cb-469f-a165-70867728950",
					"0f8fad5b-d9cb-469f-a165 70867728950e", "0f8fad5g-d9cb-469f-a165-70867728950e",
					"0f8fad5b-d9cb-469f-a165-7086772895xz", "0f8fad5bd-9cb-469f-a165-70867728950e",
					"0f8fad5b-d9cb4-69f-a165-70867728950e", "0f8fad5b-d9cb-469f-a16-570867728950e",
					"0f8fad5b-d9cb-469f-a165-70867728950-", "0f8fad5bd9cb469fa16570867728950e",
					"0f8fad5b-d9cb-469f-a165-70867728950e\n", "0f8fad5b_d9cb_469f_a165_70867728950e",
					"0f8fad5b-d9cb-469f-a165-7086772895０e", "+f8fad5b-d9cb-469f-a165-70867728950e",
					"0x8fad5b-d9cb-469f-a165-70867728950e", "------------------------------------" })
	void rejectsNonCanonicalTextWithoutEchoingIt(String text) {
		assertThatExceptionOfType(TenantResolutionException.Malformed.class).isThrownBy(() -> TenantId.parse(text))
			.satisfies((ex) -> {
				assertThat(ex.getMessage()).doesNotContain(text).doesNotContain(text.strip());
				assertThat(ex.inputLength()).isEqualTo(text.length());
				assertThat(ex.code()).isEqualTo("tenant-malformed");
			});
	}

	@ParameterizedTest
	@NullAndEmptySource
	void rejectsNullAndEmptyAsMalformed(String text) {
		assertThatExceptionOfType(TenantResolutionException.Malformed.class).isThrownBy(() -> TenantId.parse(text))
			.satisfies((ex) -> assertThat(ex.inputLength()).isZero());
	}

	@Test
	void isCanonicalUuidAgreesWithParse() {
		assertThat(TenantId.isCanonicalUuid(CANONICAL)).isTrue();
		assertThat(TenantId.isCanonicalUuid("1-1-1-1-1")).isFalse();
	}

	@Test
	void refusesNullValue() {
		assertThatNullPointerException().isThrownBy(() -> new TenantId(null)).withMessageContaining("'value'");
	}

	@Test
	void isEqualByValue() {
		UUID uuid = UUID.randomUUID();
		assertThat(new TenantId(uuid)).isEqualTo(new TenantId(uuid))
			.hasSameHashCodeAs(new TenantId(uuid))
			.isNotEqualTo(new TenantId(new UUID(uuid.getMostSignificantBits(), ~uuid.getLeastSignificantBits())));
	}

}
