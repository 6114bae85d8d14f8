package io.tenancykit.benchmarks.e2e;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The project statements of the hand-written baseline, one round trip each (a page is a
 * count and a select, one after the other, as the kit's repository does). Every statement
 * names the tenant in its {@code tenant_id} predicate. With a transactional operator (the
 * textbook variant) each request is also wrapped in a transaction that first sets
 * {@code tenancy.tenant_id} for the kit's row-level security policy.
 */
final class ProjectStatements {

	private static final String COLUMNS = "id, name, created_at, updated_at";

	private final DatabaseClient client;

	private final @Nullable TransactionalOperator transactions;

	ProjectStatements(DatabaseClient client, @Nullable TransactionalOperator transactions) {
		this.client = client;
		this.transactions = transactions;
	}

	Mono<ProjectJson> findById(UUID tenant, UUID id) {
		return inTenant(tenant,
				() -> this.client.sql("SELECT " + COLUMNS + " FROM project WHERE tenant_id = $1 AND id = $2")
					.bind(0, tenant)
					.bind(1, id)
					.map(ProjectStatements::project)
					.one());
	}

	Mono<ProjectJson.Page> findPage(UUID tenant, int page, int size) {
		return inTenant(tenant, () -> this.client.sql("SELECT count(*) FROM project WHERE tenant_id = $1")
			.bind(0, tenant)
			.map((row) -> row.get(0, Long.class))
			.one()
			.flatMap((total) -> this.client
				.sql("SELECT " + COLUMNS + " FROM project WHERE tenant_id = $1 ORDER BY created_at LIMIT $2 OFFSET $3")
				.bind(0, tenant)
				.bind(1, size)
				.bind(2, (long) page * size)
				.map(ProjectStatements::project)
				.all()
				.collectList()
				.map((List<ProjectJson> items) -> new ProjectJson.Page(items, page, size, total))));
	}

	Mono<ProjectJson> insert(UUID tenant, String name) {
		return inTenant(tenant,
				() -> this.client.sql("INSERT INTO project (tenant_id, name) VALUES ($1, $2) RETURNING " + COLUMNS)
					.bind(0, tenant)
					.bind(1, name)
					.map(ProjectStatements::project)
					.one());
	}

	Mono<ProjectJson> rename(UUID tenant, UUID id, String name) {
		return inTenant(tenant,
				() -> this.client
					.sql("UPDATE project SET name = $3, updated_at = now(), version = version + 1"
							+ " WHERE tenant_id = $1 AND id = $2 RETURNING " + COLUMNS)
					.bind(0, tenant)
					.bind(1, id)
					.bind(2, name)
					.map(ProjectStatements::project)
					.one());
	}

	private <T> Mono<T> inTenant(UUID tenant, Supplier<Mono<T>> work) {
		TransactionalOperator operator = this.transactions;
		if (operator == null) {
			return Mono.defer(work);
		}
		Mono<T> setThenWork = this.client.sql("SELECT set_config('tenancy.tenant_id', $1, true)")
			.bind(0, tenant.toString())
			.then()
			.then(Mono.defer(work));
		return operator.transactional(setThenWork);
	}

	private static ProjectJson project(Readable row) {
		return new ProjectJson(row.get("id", UUID.class), required(row.get("name", String.class)),
				row.get("created_at", Instant.class), row.get("updated_at", Instant.class));
	}

	private static <T> T required(@Nullable T value) {
		if (value == null) {
			throw new IllegalStateException("A NOT NULL column was null");
		}
		return value;
	}

}
