package io.tenancykit.persistence.support;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.spi.Parameters;
import io.tenancykit.api.TenantContext;
import io.tenancykit.api.TenantId;
import io.tenancykit.persistence.repository.TenantScopedRepository;
import io.tenancykit.persistence.repository.TenantTable;
import io.tenancykit.persistence.rls.RowLevelSecurity;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.Sort;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The repository of the {@code test_note} fixture table, written as the guide shows.
 */
public class NoteRepository extends TenantScopedRepository<Note, UUID> {

	public static final TenantTable<Note, UUID> TABLE = new TenantTable<>("test_note", "id", List.of("body"), Note::id,
			(row) -> new Note(new TenantId(row.get("tenant_id", UUID.class)), row.get("id", UUID.class),
					row.get("body", String.class)),
			(note) -> Map.of("body", Parameters.in(note.body())));

	public NoteRepository(DatabaseClient client) {
		super(client, TABLE);
	}

	public NoteRepository(DatabaseClient client, RowLevelSecurity rowLevelSecurity) {
		super(client, TABLE, rowLevelSecurity);
	}

	public Flux<Note> findByBodyPrefix(TenantContext context, String prefix) {
		return query(context, "SELECT tenant_id, id, body FROM test_note WHERE tenant_id = :tenant_id"
				+ " AND body LIKE :prefix ORDER BY id", Map.of("prefix", prefix + "%"));
	}

	public Flux<String> findBodies(TenantContext context) {
		return query(context, "SELECT body FROM test_note WHERE tenant_id = :tenant_id ORDER BY body", Map.of(),
				(row) -> row.get("body", String.class));
	}

	public Flux<Note> findByBodyInOr(TenantContext context, Collection<String> bodies, String orBody) {
		return select(context, Criteria.where("body").in(bodies).or("body").is(orBody), Sort.by("id"), 100);
	}

	public Mono<Long> replaceBody(TenantContext context, String from, String to) {
		return execute(context, "UPDATE test_note SET body = :to WHERE tenant_id = :tenant_id AND body = :from",
				Map.of("from", from, "to", to));
	}

	public Flux<Note> rawQuery(TenantContext context, String sql, Map<String, ?> parameters) {
		return query(context, sql, parameters);
	}

	public Flux<Note> rawSelect(TenantContext context, Criteria criteria, int limit) {
		return select(context, criteria, Sort.by("id"), limit);
	}

	public Mono<Long> rawExecute(TenantContext context, String sql, Map<String, ?> parameters) {
		return execute(context, sql, parameters);
	}

}
