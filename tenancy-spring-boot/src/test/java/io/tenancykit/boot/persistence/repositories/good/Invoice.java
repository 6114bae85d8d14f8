package io.tenancykit.boot.persistence.repositories.good;

import java.util.UUID;

import io.tenancykit.api.TenantId;
import io.tenancykit.persistence.repository.TenantOwned;
import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

@Table("invoice")
public record Invoice(TenantId tenantId, @Id @Nullable UUID id, String number) implements TenantOwned {
}
