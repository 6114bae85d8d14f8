package io.tenancykit.boot.persistence.liquibase;

import java.util.UUID;

import io.tenancykit.api.TenantId;
import io.tenancykit.persistence.repository.TenantOwned;
import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

@Table("note")
public record Note(TenantId tenantId, @Id @Nullable UUID id, String body) implements TenantOwned {
}
