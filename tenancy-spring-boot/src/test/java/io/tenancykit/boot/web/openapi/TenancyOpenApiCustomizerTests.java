package io.tenancykit.boot.web.openapi;

import java.util.Random;
import java.util.regex.Pattern;

import io.tenancykit.api.TenantKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TenancyOpenApiCustomizerTests {

	private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789-_.AZ";

	@Test
	void documentedKeyPatternAcceptsExactlyTheCanonicalKeys() {
		long seed = Long.getLong("tenancy.test.seed", System.nanoTime());
		System.out.println("documentedKeyPatternAcceptsExactlyTheCanonicalKeys seed=" + seed
				+ " (rerun with -Dtenancy.test.seed=" + seed + ")");
		Random random = new Random(seed);
		Pattern pattern = Pattern.compile(TenancyOpenApiCustomizer.TENANT_KEY_PATTERN);
		for (String fixed : new String[] { "a", "acme", "a-b", "xn--acme", "ab--c", "-a", "a-", "", "a".repeat(63),
				"a".repeat(64) }) {
			assertThat(pattern.matcher(fixed).matches()).as(fixed).isEqualTo(TenantKey.isCanonical(fixed));
		}
		for (int i = 0; i < 20_000; i++) {
			StringBuilder key = new StringBuilder();
			int length = random.nextInt(70);
			for (int j = 0; j < length; j++) {
				// Mostly key characters, so that canonical keys are drawn often.
				key.append(ALPHABET.charAt(random.nextInt((random.nextInt(10) == 0) ? ALPHABET.length() : 37)));
			}
			String text = key.toString();
			assertThat(pattern.matcher(text).matches()).as("seed %d: '%s'", seed, text)
				.isEqualTo(TenantKey.isCanonical(text));
		}
	}

}
