package io.tenancykit.persistence.repository;

import io.tenancykit.api.TenantContext;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;

/**
 * A repository of a tenant-owned entity, declared as an interface: Spring Data's
 * {@code ReactiveCrudRepository} with the {@link TenantContext} first in every method.
 * <pre class="code">
 * interface ProjectRepository extends TenantScopedCrudRepository&lt;Project, UUID&gt; {
 *
 *     Flux&lt;Project&gt; findByNameContaining(TenantContext tenant, String part, Sort sort);
 *
 * }
 * </pre> The kit implements it at startup (see {@code @EnableTenantScopedRepositories}),
 * with derived queries ({@code findBy…}, {@code existsBy…}, {@code countBy…},
 * {@code deleteBy…}, {@code Top}/{@code First}, {@code Sort}, {@code Pageable},
 * {@code Limit}) and {@code @Query} methods whose SQL binds {@code :tenant_id}. Every
 * method takes the context first, and every statement is bound to its tenant as
 * {@link TenantScopedTemplate} describes; startup fails, naming the method, for a method
 * that does not. Entities are mapped by Spring Data from {@code @Table}, {@code @Id},
 * {@code @Column}, {@code @Version} and the rest.
 *
 * @param <T> the entity type
 * @param <ID> the id type
 */
public interface TenantScopedCrudRepository<T, ID> {

	/**
	 * Save an entity: insert it when new (a {@code Persistable} saying so, a
	 * {@literal null} id or version), update it otherwise.
	 * @param <S> the entity type
	 * @param tenant the tenant context, must not be {@literal null}
	 * @param entity the entity, must not be {@literal null}
	 * @return the entity as stored
	 * @see TenantScopedTemplate#save(TenantContext, Object)
	 */
	<S extends T> Mono<S> save(TenantContext tenant, S entity);

	/**
	 * Save entities one after the other, in order.
	 * @param <S> the entity type
	 * @param tenant the tenant context, must not be {@literal null}
	 * @param entities the entities, must not be {@literal null}
	 * @return the entities as stored
	 */
	<S extends T> Flux<S> saveAll(TenantContext tenant, Iterable<S> entities);

	/**
	 * Insert an entity whatever its id, for entities with ids assigned by the
	 * application.
	 * @param <S> the entity type
	 * @param tenant the tenant context, must not be {@literal null}
	 * @param entity the entity, must not be {@literal null}
	 * @return the entity as stored
	 * @see TenantScopedTemplate#insert(TenantContext, Object)
	 */
	<S extends T> Mono<S> insert(TenantContext tenant, S entity);

	/**
	 * Find an entity of the tenant by id.
	 * @param tenant the tenant context, must not be {@literal null}
	 * @param id the id, must not be {@literal null}
	 * @return the entity, or empty when the tenant has none with this id
	 */
	Mono<T> findById(TenantContext tenant, ID id);

	/**
	 * Return whether the tenant has an entity with the given id.
	 * @param tenant the tenant context, must not be {@literal null}
	 * @param id the id, must not be {@literal null}
	 * @return whether it exists for this tenant
	 */
	Mono<Boolean> existsById(TenantContext tenant, ID id);

	/**
	 * Find the tenant's entities with the given ids.
	 * @param tenant the tenant context, must not be {@literal null}
	 * @param ids the ids, must not be {@literal null}
	 * @return the entities found, in id order
	 */
	Flux<T> findAllById(TenantContext tenant, Iterable<ID> ids);

	/**
	 * Find all entities of the tenant, in the given order (with the id as a last key).
	 * @param tenant the tenant context, must not be {@literal null}
	 * @param sort the order, by mapped properties only; must not be {@literal null}
	 * @return the entities, streamed
	 */
	Flux<T> findAll(TenantContext tenant, Sort sort);

	/**
	 * Return one page of the tenant's entities.
	 * @param tenant the tenant context, must not be {@literal null}
	 * @param pageable the page, of at most {@value TenantScopedTemplate#MAX_PAGE_SIZE}
	 * entities, sorted by mapped properties only; must not be {@literal null}
	 * @return the page with the tenant's total
	 */
	Mono<Page<T>> findAll(TenantContext tenant, Pageable pageable);

	/**
	 * Count the tenant's entities.
	 * @param tenant the tenant context, must not be {@literal null}
	 * @return the count
	 */
	Mono<Long> count(TenantContext tenant);

	/**
	 * Delete the tenant's entity with the given id.
	 * @param tenant the tenant context, must not be {@literal null}
	 * @param id the id, must not be {@literal null}
	 * @return the number of deleted rows: 1, or 0 when the tenant has no entity with this
	 * id (also when another tenant has one)
	 */
	Mono<Long> deleteById(TenantContext tenant, ID id);

	/**
	 * Delete an entity of the tenant by id and, when versioned, version.
	 * @param tenant the tenant context, must not be {@literal null}
	 * @param entity the entity, must not be {@literal null}
	 * @return the number of deleted rows; an
	 * {@link org.springframework.dao.OptimisticLockingFailureException} when the tenant's
	 * row has another version
	 */
	Mono<Long> delete(TenantContext tenant, T entity);

	/**
	 * Delete every entity of the tenant, and no other tenant's.
	 * @param tenant the tenant context, must not be {@literal null}
	 * @return the number of deleted rows
	 */
	Mono<Long> deleteAll(TenantContext tenant);

}
