package io.tenancykit.persistence.repository.support;

import io.tenancykit.api.TenantContext;
import io.tenancykit.persistence.repository.TenantScopedCrudRepository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.r2dbc.repository.Modifying;
import org.springframework.data.r2dbc.repository.Query;

interface TaskRepository extends TenantScopedCrudRepository<Task, Long> {

	Flux<Task> findByTitleContaining(TenantContext tenant, String part, Sort sort);

	Flux<Task> findByDoneOrPriorityGreaterThan(TenantContext tenant, boolean done, int priority);

	Mono<Task> findFirstByDoneOrderByTitleDesc(TenantContext tenant, boolean done);

	Flux<Task> findTop2ByDoneOrderByPriorityDesc(TenantContext tenant, boolean done);

	Flux<Task> findByDone(TenantContext tenant, boolean done, Pageable page);

	Mono<Page<Task>> findPageByDone(TenantContext tenant, boolean done, Pageable page);

	Mono<Slice<Task>> findSliceByDone(TenantContext tenant, boolean done, Pageable page);

	Flux<Task> findByPriorityGreaterThanEqualOrderByPriority(TenantContext tenant, int priority, Limit limit);

	Mono<Task> findByTitle(TenantContext tenant, String title);

	Mono<Boolean> existsByTitle(TenantContext tenant, String title);

	Mono<Long> countByDone(TenantContext tenant, boolean done);

	Mono<Long> deleteByDone(TenantContext tenant, boolean done);

	Mono<Void> deleteByTitle(TenantContext tenant, String title);

	@Query("SELECT * FROM test_task WHERE tenant_id = :tenant_id AND priority >= :min ORDER BY priority DESC, id")
	Flux<Task> highPriority(TenantContext tenant, int min);

	@Query("SELECT count(*) FROM test_task WHERE tenant_id = :tenant_id AND title LIKE :prefix")
	Mono<Long> countTitled(TenantContext tenant, String prefix);

	@Modifying
	@Query("UPDATE test_task SET done = true WHERE tenant_id = :tenant_id AND priority >= :min")
	Mono<Integer> completeFrom(TenantContext tenant, int min);

}
