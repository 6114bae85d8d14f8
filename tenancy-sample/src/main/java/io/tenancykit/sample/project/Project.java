package io.tenancykit.sample.project;

import java.time.Instant;
import java.util.UUID;

import io.tenancykit.api.TenantId;
import io.tenancykit.persistence.repository.TenantOwned;
import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.CreatedDate;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.LastModifiedDate;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.InsertOnlyProperty;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A project of one tenant, mapped by Spring Data. The database generates the id, auditing
 * sets the dates, and the version guards against lost updates.
 *
 * @param tenantId the owning tenant
 * @param id the id, unique within the tenant; {@literal null} until inserted
 * @param name the name, 1 to {@value #MAX_NAME_LENGTH} characters, not blank
 * @param version the version, {@literal null} until inserted
 * @param createdAt when the project was created, written once
 * @param updatedAt when the project was last changed
 */
@Table("project")
public record Project(TenantId tenantId, @Id @Nullable UUID id, String name, @Version @Nullable Long version,
		@CreatedDate @InsertOnlyProperty @Nullable Instant createdAt,
		@LastModifiedDate @Nullable Instant updatedAt) implements TenantOwned {

	/** The longest name a project may have. */
	public static final int MAX_NAME_LENGTH = 200;

	/**
	 * Return a new project of a tenant, to be inserted.
	 * @param tenantId the owning tenant
	 * @param name the name
	 * @return the project
	 */
	static Project create(TenantId tenantId, String name) {
		return new Project(tenantId, null, name, null, null, null);
	}

	/**
	 * Return a copy with another name.
	 * @param newName the new name
	 * @return the renamed project
	 */
	Project rename(String newName) {
		return new Project(this.tenantId, this.id, newName, this.version, this.createdAt, this.updatedAt);
	}

}
