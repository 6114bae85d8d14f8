package io.tenancykit.boot.persistence.repositories.bad;

import java.util.UUID;

import io.tenancykit.boot.persistence.repositories.good.Invoice;
import io.tenancykit.persistence.repository.TenantScopedCrudRepository;
import reactor.core.publisher.Flux;

public interface ContextlessRepository extends TenantScopedCrudRepository<Invoice, UUID> {

	Flux<Invoice> findByNumber(String number);

}
