package io.tenancykit.persistence.repository;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import org.springframework.data.r2dbc.mapping.OutboundRow;
import org.springframework.r2dbc.core.Parameter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lone-surrogate check against an oracle: text is stored unchanged exactly when it
 * survives a round trip through UTF-8 (the encoder writes {@code ?} for a lone surrogate,
 * as the driver does). Seeded: {@code -Dtenancy.text.seed=…} replays a run.
 */
class StorableTextTests {

	private static final long SEED = Long.getLong("tenancy.text.seed", System.nanoTime());

	private static final char[] ALPHABET = { 'a', 'Z', '0', ' ', '?', '\u00e9', '\u4e2d', '\uD800', '\uDBFF', '\uDC00',
			'\uDFFF', '\uFFFD', '\uFEFF' };

	@Test
	void findsALoneSurrogateExactlyWhenTheTextDoesNotSurviveUtf8() {
		Random random = new Random(SEED);
		int refused = 0;
		for (int n = 0; n < 20_000; n++) {
			char[] chars = new char[random.nextInt(8)];
			for (int i = 0; i < chars.length; i++) {
				chars[i] = ALPHABET[random.nextInt(ALPHABET.length)];
			}
			String text = new String(chars);
			boolean survives = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(text);
			int index = StorableText.loneSurrogate(text);
			assertThat(index >= 0).as("seed %d: %s", SEED, Arrays.toString(text.chars().toArray()))
				.isEqualTo(!survives);
			if (index >= 0) {
				refused++;
				assertThat(Character.isSurrogate(text.charAt(index))).isTrue();
				assertThat(StorableText.loneSurrogate(text.substring(0, index))).as("the first lone one").isEqualTo(-1);
			}
		}
		assertThat(refused).as("seed %d: texts refused", SEED).isPositive();
	}

	@Test
	void looksIntoArraysAndIterablesOfText() {
		assertThat(StorableText.loneSurrogate(new String[] { "ok", "b\uDC00" })).isEqualTo(1);
		assertThat(StorableText.loneSurrogate(List.of("ok", new StringBuilder("\uD800")))).isZero();
		assertThat(StorableText.loneSurrogate(new String[] { "ok", "\uD83D\uDEA2" })).isEqualTo(-1);
		assertThat(StorableText.loneSurrogate(42L)).isEqualTo(-1);
		assertThat(StorableText.loneSurrogate(null)).isEqualTo(-1);
	}

	@Test
	@SuppressWarnings("deprecation")
	void namesTheColumnAndNeverTheText() {
		OutboundRow row = new OutboundRow();
		row.put("id", Parameter.from(1L));
		row.put("name", Parameter.from("secret\uD800"));
		UnstorableTextException refused = StorableText.check("insert", row);
		assertThat(refused).isNotNull();
		assertThat(refused.getColumn()).isEqualTo("name");
		assertThat(refused.getSqlState()).isEqualTo(UnstorableTextException.SQL_STATE);
		assertThat(refused.getMessage()).contains("'name'", "index 6").doesNotContain("secret");
		OutboundRow fine = new OutboundRow();
		fine.put("name", Parameter.from("\uD83D\uDEA2"));
		fine.put("note", Parameter.empty(String.class));
		assertThat(StorableText.check("insert", fine)).isNull();
	}

}
