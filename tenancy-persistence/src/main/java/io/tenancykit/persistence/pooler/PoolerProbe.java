package io.tenancykit.persistence.pooler;

import java.util.Objects;
import java.util.Set;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Finds out, with a handful of one-row queries on two connections of the application's
 * {@link ConnectionFactory}, whether a transaction pooler stands between the application
 * and PostgreSQL and whether the driver names its prepared statements, which such a
 * pooler (PgBouncer before 1.21, or later without {@code max_prepared_statements}) mixes
 * up across clients.
 * <p>
 * A transaction pooler shows in the backend process ids: with two connections held open
 * at once, a direct connection (or a session pooler) gives each its own server process
 * for its whole life, while a transaction pooler hands a server process back after every
 * transaction and, as PgBouncer does by default, gives the one just released to the next
 * client. The probe asks connection A, then B, then A again for {@code pg_backend_pid()}:
 * the same id on A and B, or two ids on A, is a transaction pooler. A pooler that hands
 * out its server processes in another order may go unnoticed; the probe never reports one
 * that is not there. Named prepared statements show in {@code pg_prepared_statements},
 * which lists the statement being executed when the driver named it, and never the
 * unnamed one; a probe query that collides with another client's statement of the same
 * name is counted as named too.
 */
public final class PoolerProbe {

	/** A comment in the probe's own statement, which it looks for in the catalog. */
	static final String MARKER = "tenancy-kit named statement probe";

	private static final String BACKEND_PID = "SELECT pg_catalog.pg_backend_pid()";

	private static final String NAMED_STATEMENTS = "/* " + MARKER + " */ SELECT count(*)"
			+ " FROM pg_catalog.pg_prepared_statements WHERE NOT from_sql AND statement LIKE $1";

	/** Duplicate and unknown prepared statement: a pooler mixing up named statements. */
	private static final Set<String> STATEMENT_MIX_UP_STATES = Set.of("42P05", "26000");

	private final ConnectionFactory connectionFactory;

	/**
	 * Create a probe.
	 * @param connectionFactory the application's connection factory, usually a pool; must
	 * not be {@literal null}
	 */
	public PoolerProbe(ConnectionFactory connectionFactory) {
		this.connectionFactory = Objects.requireNonNull(connectionFactory, "'connectionFactory' must not be null");
	}

	/**
	 * Probe the connections. Two connections are held for the probe's duration and closed
	 * (returned to a pool) afterwards.
	 * @return the report
	 */
	public Mono<PoolerReport> probe() {
		return Mono.usingWhen(this.connectionFactory.create(), (first) -> Mono
			.usingWhen(this.connectionFactory.create(), (second) -> probe(first, second), Connection::close),
				Connection::close);
	}

	private static Mono<PoolerReport> probe(Connection first, Connection second) {
		return backendPid(first).flatMap((a1) -> backendPid(second).flatMap((b1) -> backendPid(first).flatMap((a2) -> {
			boolean transactionPooler = a1.equals(b1) || !a1.equals(a2);
			return namedPreparedStatements(first).map((named) -> new PoolerReport(transactionPooler, named));
		})));
	}

	// Without bind parameters r2dbc-postgresql uses the simple query protocol: this
	// query prepares nothing, so it cannot collide with a statement of another client.
	private static Mono<Integer> backendPid(Connection connection) {
		return Flux.from(connection.createStatement(BACKEND_PID).execute())
			.flatMap((result) -> result.map((row) -> Objects.requireNonNull(row.get(0, Integer.class))))
			.single();
	}

	private static Mono<Boolean> namedPreparedStatements(Connection connection) {
		return Flux.from(connection.createStatement(NAMED_STATEMENTS).bind("$1", "%" + MARKER + "%").execute())
			.flatMap((result) -> result.map((row) -> Objects.requireNonNull(row.get(0, Long.class))))
			.single()
			.map((count) -> count > 0)
			.onErrorResume(PoolerProbe::isStatementMixUp, (ex) -> Mono.just(true));
	}

	private static boolean isStatementMixUp(Throwable ex) {
		return ex instanceof R2dbcException r2dbc && STATEMENT_MIX_UP_STATES.contains(r2dbc.getSqlState());
	}

}
