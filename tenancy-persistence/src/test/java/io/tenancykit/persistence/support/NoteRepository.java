package io.tenancykit.persistence.support;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;

import io.tenancykit.api.TenantContext;
import io.tenancykit.persistence.repository.TenantScopedRepository;
import io.tenancykit.persistence.repository.TenantScopedTemplate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.Sort;
import org.springframework.data.relational.core.query.Criteria;

/**
 * The repository of the {@code test_note} fixture table, written as the guide shows: a
 * one-line constructor and hand-written queries.
 */
public class NoteRepository extends TenantScopedRepository<Note, UUID> {

	public NoteRepository(TenantScopedTemplate template) {
		super(template);
	}

	public Flux<Note> findByBodyPrefix(TenantContext context, String prefix) {
		return query(context, "SELECT * FROM test_note WHERE tenant_id = :tenant_id AND body LIKE :prefix ORDER BY id",
				Map.of("prefix", prefix + "%"));
	}

	public Flux<String> findBodies(TenantContext context) {
		return query(context, "SELECT body FROM test_note WHERE tenant_id = :tenant_id ORDER BY body", Map.of(),
				String.class);
	}

	public Flux<Note> findByBodyInOr(TenantContext context, Collection<String> bodies, String orBody) {
		return select(context, Criteria.where("body").in(bodies).or("body").is(orBody), Sort.by("id"), 100);
	}

	public Mono<Long> replaceBody(TenantContext context, String from, String to) {
		return execute(context, "UPDATE test_note SET body = :to WHERE tenant_id = :tenant_id AND body = :from",
				Map.of("from", from, "to", to));
	}

	public Mono<Long> moveToNotebook(TenantContext context, UUID noteId, UUID notebookId) {
		return execute(context,
				"UPDATE test_note SET notebook_id = :notebook WHERE tenant_id = :tenant_id AND id = :id",
				Map.of("notebook", notebookId, "id", noteId));
	}

	public Flux<Note> rawQuery(TenantContext context, String sql, Map<String, ?> parameters) {
		return query(context, sql, parameters);
	}

	public Flux<Note> rawSelect(TenantContext context, Criteria criteria, Sort sort, int limit) {
		return select(context, criteria, sort, limit);
	}

	public Mono<Long> rawExecute(TenantContext context, String sql, Map<String, ?> parameters) {
		return execute(context, sql, parameters);
	}

}
