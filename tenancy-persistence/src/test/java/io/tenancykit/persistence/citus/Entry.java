package io.tenancykit.persistence.citus;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Column;
import org.springframework.data.relational.core.mapping.Table;

/**
 * An entry of the distributed fixture table {@code citus_entry}: no version, and a
 * composite foreign key to its account.
 */
@Table("citus_entry")
record Entry(@Id UUID id, @Column("tenant_id") @Nullable UUID owner, long accountId, int amount) {

}
