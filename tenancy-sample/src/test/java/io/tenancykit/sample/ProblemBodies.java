package io.tenancykit.sample;

import org.jspecify.annotations.Nullable;

/**
 * Reads the kit's problem {@code code} member from a response body as the clients of the
 * sample's suites receive it, without a JSON parser: a body that is not a problem has
 * none.
 */
final class ProblemBodies {

	private static final String CODE_MEMBER = "\"code\":\"";

	private ProblemBodies() {
	}

	/**
	 * Return the value of the first {@code "code"} member of a body.
	 * @param body the body
	 * @return the code, or {@literal null} when the body has none
	 */
	static @Nullable String code(String body) {
		int at = body.indexOf(CODE_MEMBER);
		if (at < 0) {
			return null;
		}
		int from = at + CODE_MEMBER.length();
		return body.substring(from, body.indexOf('"', from));
	}

}
