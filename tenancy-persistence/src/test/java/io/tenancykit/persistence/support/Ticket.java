package io.tenancykit.persistence.support;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A row of the {@code test_ticket} fixture table: a mutable class with setters, whose
 * uuid id the database generates and whose tenant property is a plain {@link UUID} found
 * by its column {@code tenant_id}.
 */
@Table("test_ticket")
public class Ticket {

	@Id
	private @Nullable UUID id;

	private @Nullable UUID tenantId;

	@Version
	private @Nullable Long version;

	private String title;

	private @Nullable UUID notebookId;

	private @Nullable Instant openedAt;

	public Ticket(String title) {
		this.title = title;
	}

	public @Nullable UUID getId() {
		return this.id;
	}

	public void setId(@Nullable UUID id) {
		this.id = id;
	}

	public @Nullable UUID getTenantId() {
		return this.tenantId;
	}

	public void setTenantId(@Nullable UUID tenantId) {
		this.tenantId = tenantId;
	}

	public @Nullable Long getVersion() {
		return this.version;
	}

	public void setVersion(@Nullable Long version) {
		this.version = version;
	}

	public String getTitle() {
		return this.title;
	}

	public void setTitle(String title) {
		this.title = title;
	}

	public @Nullable UUID getNotebookId() {
		return this.notebookId;
	}

	public void setNotebookId(@Nullable UUID notebookId) {
		this.notebookId = notebookId;
	}

	public @Nullable Instant getOpenedAt() {
		return this.openedAt;
	}

	public void setOpenedAt(@Nullable Instant openedAt) {
		this.openedAt = openedAt;
	}

	@Override
	public String toString() {
		return "Ticket[id=" + this.id + ", tenantId=" + this.tenantId + ", version=" + this.version + ", title="
				+ this.title + ", notebookId=" + this.notebookId + ", openedAt=" + this.openedAt + "]";
	}

}
