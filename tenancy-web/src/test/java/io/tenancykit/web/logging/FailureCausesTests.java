package io.tenancykit.web.logging;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Masking of failure messages before they are logged.
 */
class FailureCausesTests {

	@Test
	void masksEveryQuotedPartIncludingAnUnterminatedOne() {
		assertThat(FailureCauses.mask("duplicate key value violates unique constraint \"project_name\""))
			.isEqualTo("duplicate key value violates unique constraint \"…\"");
		assertThat(FailureCauses.mask("value 'secret' and \"open")).isEqualTo("value '…' and \"…\"");
	}

	@Test
	void replacesControlCharactersAndCutsLongMessages() {
		assertThat(FailureCauses.mask("first\r\nsecond\tthird")).isEqualTo("first  second third");
		assertThat(FailureCauses.mask("x".repeat(1000))).hasSize(FailureCauses.MAX_MESSAGE_LENGTH + 1).endsWith("…");
	}

	@Test
	void aMissingMessageIsEmpty() {
		assertThat(FailureCauses.mask(null)).isEmpty();
	}

}
