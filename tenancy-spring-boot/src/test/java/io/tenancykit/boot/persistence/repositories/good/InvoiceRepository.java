package io.tenancykit.boot.persistence.repositories.good;

import java.util.UUID;

import io.tenancykit.api.TenantContext;
import io.tenancykit.persistence.repository.TenantScopedCrudRepository;
import reactor.core.publisher.Flux;

public interface InvoiceRepository extends TenantScopedCrudRepository<Invoice, UUID> {

	Flux<Invoice> findByNumberStartingWith(TenantContext tenant, String prefix);

}
