package io.tenancykit.test;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CredentialsTests {

	@Test
	void toStringNamesTheUserButHidesThePassword() {
		Credentials credentials = new Credentials("tk_0123456789ab_app", "s3cret-password");

		assertThat(credentials.toString()).contains("tk_0123456789ab_app").doesNotContain("s3cret-password");
	}

	@Test
	void rejectsBlankUsernameAndPassword() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Credentials(" ", "secret"))
			.withMessageContaining("'username'");
		assertThatIllegalArgumentException().isThrownBy(() -> new Credentials("user", ""))
			.withMessageContaining("'password'");
	}

}
