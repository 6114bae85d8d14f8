package io.tenancykit.api;

import java.util.Locale;
import java.util.UUID;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property tests for {@link TenantId}.
 */
class TenantIdPropertyTests {

	@Property(tries = 2000)
	void canonicalFormRoundTrips(@ForAll("uuids") UUID uuid) {
		TenantId id = new TenantId(uuid);
		assertThat(TenantId.parse(id.toString())).isEqualTo(id);
		assertThat(id.toString()).isEqualTo(uuid.toString()).isLowerCase().hasSize(36);
	}

	@Property(tries = 2000)
	void parseIgnoresCaseOfHexDigits(@ForAll("mixedCaseUuids") String text) {
		assertThat(TenantId.parse(text).toString()).isEqualTo(text.toLowerCase(Locale.ROOT));
	}

	@Provide
	Arbitrary<UUID> uuids() {
		return TenancyArbitraries.uuids();
	}

	@Provide
	Arbitrary<String> mixedCaseUuids() {
		return Combinators.combine(TenancyArbitraries.uuids(), Arbitraries.longs()).as((uuid, mask) -> {
			char[] chars = uuid.toString().toCharArray();
			for (int i = 0; i < chars.length; i++) {
				if ((mask >>> (i % 64) & 1) == 1) {
					chars[i] = Character.toUpperCase(chars[i]);
				}
			}
			return new String(chars);
		});
	}

}
