package io.tenancykit.web.bind;

import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Only the canonical 36-character form binds to a UUID; blank and look-alike values are
 * refused instead of becoming {@literal null}.
 */
class CanonicalUuidEditorTests {

	private final CanonicalUuidEditor editor = new CanonicalUuidEditor();

	@Test
	void bindsTheCanonicalForm() {
		UUID id = UUID.randomUUID();
		this.editor.setAsText(id.toString());
		assertThat(this.editor.getValue()).isEqualTo(id);
		this.editor.setAsText(id.toString().toUpperCase(Locale.ROOT));
		assertThat(this.editor.getValue()).isEqualTo(id);
		assertThat(this.editor.getAsText()).isEqualTo(id.toString());
	}

	@Test
	void refusesBlankAndNonCanonicalValues() {
		String id = UUID.randomUUID().toString();
		for (String value : new String[] { "", " ", "\u1680", "\u3000", "\t", " " + id, id + " ", "not-a-uuid",
				"1-1-1-1-1", id.replace("-", ""), "{" + id.substring(1) + "}", id.substring(0, 35) + "g",
				id.substring(0, 35) + "\uff10", id.replace('-', '\u2010') }) {
			assertThatIllegalArgumentException().as("'%s'", value)
				.isThrownBy(() -> this.editor.setAsText(value))
				.withMessage("not a canonical UUID");
		}
	}

}
