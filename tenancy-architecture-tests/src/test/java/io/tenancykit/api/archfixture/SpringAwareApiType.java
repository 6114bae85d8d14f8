package io.tenancykit.api.archfixture;

import org.springframework.util.Assert;

/**
 * Violates the kit rule that the API depends on no framework.
 */
public final class SpringAwareApiType {

	public void check(String key) {
		Assert.hasText(key, "'key' must not be empty");
	}

}
