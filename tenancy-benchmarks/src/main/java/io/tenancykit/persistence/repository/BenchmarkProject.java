package io.tenancykit.persistence.repository;

import java.time.Instant;
import java.util.UUID;

import io.tenancykit.api.TenantId;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.CreatedDate;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.LastModifiedDate;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.InsertOnlyProperty;
import org.springframework.data.relational.core.mapping.Table;

/**
 * The sample's {@code Project}, mapped the same way, for the statement and row-mapping
 * benchmarks (the benchmarks module does not depend on the sample).
 *
 * @param tenantId the owning tenant
 * @param id the id, {@literal null} before insert
 * @param name the name
 * @param version the version, {@literal null} before insert
 * @param createdAt when it was created
 * @param updatedAt when it was last changed
 */
@NullMarked
@Table("project")
public record BenchmarkProject(TenantId tenantId, @Id @Nullable UUID id, String name, @Version @Nullable Long version,
		@CreatedDate @InsertOnlyProperty @Nullable Instant createdAt,
		@LastModifiedDate @Nullable Instant updatedAt) implements TenantOwned {

}
