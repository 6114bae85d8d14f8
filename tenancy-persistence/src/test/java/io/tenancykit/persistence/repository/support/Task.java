package io.tenancykit.persistence.repository.support;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Column;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A task: a database-generated id, a version, and the tenant column mapped under another
 * property name.
 */
@Table("test_task")
record Task(@Id @Nullable Long id, @Column("tenant_id") @Nullable UUID owner, String title, boolean done, int priority,
		@Version @Nullable Long version) {

	static Task of(String title, boolean done, int priority) {
		return new Task(null, null, title, done, priority, null);
	}

	Task withTitle(String newTitle) {
		return new Task(this.id, this.owner, newTitle, this.done, this.priority, this.version);
	}

}
