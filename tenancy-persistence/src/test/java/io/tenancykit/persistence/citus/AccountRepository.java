package io.tenancykit.persistence.citus;

import io.tenancykit.api.TenantContext;
import io.tenancykit.persistence.repository.TenantScopedCrudRepository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.Sort;
import org.springframework.data.r2dbc.repository.Modifying;
import org.springframework.data.r2dbc.repository.Query;

interface AccountRepository extends TenantScopedCrudRepository<Account, Long> {

	Flux<Account> findByNameStartingWith(TenantContext tenant, String prefix, Sort sort);

	Mono<Long> countByName(TenantContext tenant, String name);

	Mono<Long> deleteByName(TenantContext tenant, String name);

	@Query("SELECT * FROM citus_account WHERE tenant_id = :tenant_id AND name LIKE :pattern ORDER BY id")
	Flux<Account> search(TenantContext tenant, String pattern);

	@Modifying
	@Query("UPDATE citus_account SET name = upper(name) WHERE tenant_id = :tenant_id AND name LIKE :pattern")
	Mono<Integer> shout(TenantContext tenant, String pattern);

}
