package io.tenancykit.persistence.repository;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tenancykit.persistence.support.Note;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TenantTableTests {

	@Test
	void listsTenantIdAndIdBeforeTheOtherColumns() {
		assertThat(table("app.note", "id", List.of("body", "title")).allColumns()).containsExactly("tenant_id", "id",
				"body", "title");
	}

	@Test
	void rejectsTenantIdAsAColumnTheSubclassWrites() {
		assertThatIllegalArgumentException().isThrownBy(() -> table("note", "id", List.of("tenant_id")))
			.withMessageContaining("tenant_id");
		assertThatIllegalArgumentException().isThrownBy(() -> table("note", "tenant_id", List.of("body")));
	}

	@Test
	void rejectsIdentifiersThatCouldCarrySql() {
		assertThatIllegalArgumentException().isThrownBy(() -> table("note; DROP TABLE x", "id", List.of("body")));
		assertThatIllegalArgumentException().isThrownBy(() -> table("note", "id", List.of("body = body --")));
		assertThatIllegalArgumentException().isThrownBy(() -> table("Note", "id", List.of("body")));
		assertThatIllegalArgumentException().isThrownBy(() -> table("note", "\"id\"", List.of("body")));
	}

	@Test
	void rejectsEmptyOrDuplicateColumns() {
		assertThatIllegalArgumentException().isThrownBy(() -> table("note", "id", List.of()));
		assertThatIllegalArgumentException().isThrownBy(() -> table("note", "id", List.of("body", "body")));
		assertThatIllegalArgumentException().isThrownBy(() -> table("note", "id", List.of("id", "body")));
	}

	private static TenantTable<Note, UUID> table(String name, String idColumn, List<String> columns) {
		return new TenantTable<>(name, idColumn, columns, Note::id, (row) -> {
			throw new UnsupportedOperationException();
		}, (note) -> Map.of());
	}

}
