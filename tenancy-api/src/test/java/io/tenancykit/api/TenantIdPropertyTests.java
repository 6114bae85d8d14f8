package io.tenancykit.api;

import java.util.Locale;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property tests for {@link TenantId}, over seeded random input from
 * {@link RandomInputs}.
 */
class TenantIdPropertyTests {

	@Test
	void canonicalFormRoundTrips() {
		RandomInputs.forAll(2000, RandomInputs::uuid, (uuid) -> {
			TenantId id = new TenantId(uuid);
			assertThat(TenantId.parse(id.toString())).isEqualTo(id);
			assertThat(id.toString()).isEqualTo(uuid.toString()).isLowerCase().hasSize(36);
		});
	}

	@Test
	void parseIgnoresCaseOfHexDigits() {
		RandomInputs.forAll(2000, RandomInputs::mixedCaseUuid,
				(text) -> assertThat(TenantId.parse(text).toString()).isEqualTo(text.toLowerCase(Locale.ROOT)));
	}

}
