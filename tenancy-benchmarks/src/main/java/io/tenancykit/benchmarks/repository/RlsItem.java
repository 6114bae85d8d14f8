package io.tenancykit.benchmarks.repository;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Column;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A row of the table under row-level security, read and written by the kit with row-level
 * security enabled. Mapped exactly like {@link PlainItem}.
 *
 * @param id the database-generated id, {@literal null} before insert
 * @param tenantId the owning tenant, {@literal null} to let the kit fill it in
 * @param name the name
 * @param quantity a number
 * @param active a flag
 * @param createdAt a timestamp
 */
@Table("bench_rls_item")
public record RlsItem(@Id @Nullable UUID id, @Column("tenant_id") @Nullable UUID tenantId, String name, int quantity,
		boolean active, Instant createdAt) {

}
