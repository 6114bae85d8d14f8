package io.tenancykit.api;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of {@link TenantKey#parse(String)} and
 * {@link TenantId#parse(String)} with Jazzer: each input either parses to exactly what
 * the grammar accepts or is refused as {@link TenantResolutionException.Malformed}
 * without echoing it (the property of {@link UntrustedInputParsingPropertyTests}). The
 * normal build runs it in regression mode, on the inputs in
 * {@code UntrustedInputFuzzTestsInputs}; to fuzz, run
 * {@code JAZZER_FUZZ=1 ./mvnw -pl tenancy-api test -Dtest=UntrustedInputFuzzTests} and
 * keep any input it reports there.
 */
class UntrustedInputFuzzTests {

	@FuzzTest(maxDuration = "60s")
	void parsesOrIsMalformed(FuzzedDataProvider data) {
		UntrustedInputParsingPropertyTests.assertParsesOrIsMalformed(data.consumeRemainingAsString());
	}

}
