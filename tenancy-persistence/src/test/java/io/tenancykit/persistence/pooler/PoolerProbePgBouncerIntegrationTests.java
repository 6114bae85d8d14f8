package io.tenancykit.persistence.pooler;

import java.time.Duration;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcException;
import io.tenancykit.test.PgBouncer;
import io.tenancykit.test.PostgresDatabase;
import io.tenancykit.test.PostgresTest;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Through PgBouncer 1.18 in transaction pooling mode: the failure the guide
 * (docs/guides/behind-a-connection-pooler.md) documents, two clients' named prepared
 * statements colliding on one server connection, is real and
 * {@code preparedStatementCacheQueries=0} avoids it; and the probe sees the pooler and
 * the driver's setting. Runs with {@code ./mvnw -Ppgbouncer verify}.
 */
@PostgresTest
class PoolerProbePgBouncerIntegrationTests {

	@Test
	void namedPreparedStatementsOfTwoClientsCollideOnOneServerConnection(PostgresDatabase db) {
		try (PgBouncer pgBouncer = PgBouncer.start(db, 1)) {
			ConnectionPool pool = PoolerConnections.pool(db, "127.0.0.1", pgBouncer.port(),
					PoolerConnections.DRIVER_DEFAULT);
			try {
				StepVerifier.create(twoClientsPreparing(pool))
					.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(R2dbcException.class)
						.hasMessage("prepared statement \"S_0\" already exists")
						.extracting((failure) -> ((R2dbcException) failure).getSqlState())
						.isEqualTo("42P05"))
					.verify(Duration.ofSeconds(10));
			}
			finally {
				pool.dispose();
			}
		}
	}

	@Test
	void unnamedStatementsOfTwoClientsShareOneServerConnection(PostgresDatabase db) {
		try (PgBouncer pgBouncer = PgBouncer.start(db, 1)) {
			ConnectionPool pool = PoolerConnections.pool(db, "127.0.0.1", pgBouncer.port(), PoolerConnections.UNNAMED);
			try {
				StepVerifier.create(twoClientsPreparing(pool))
					.expectNext(2)
					.expectComplete()
					.verify(Duration.ofSeconds(10));
			}
			finally {
				pool.dispose();
			}
		}
	}

	@Test
	void seesTheTransactionPoolerAndTheDriversNamedStatements(PostgresDatabase db) {
		expect(db, PoolerConnections.DRIVER_DEFAULT, new PoolerReport(true, true));
	}

	@Test
	void seesTheTransactionPoolerAndUnnamedStatementsWithTheCacheOff(PostgresDatabase db) {
		expect(db, PoolerConnections.UNNAMED, new PoolerReport(true, false));
	}

	private static void expect(PostgresDatabase db, int preparedStatementCacheQueries, PoolerReport expected) {
		try (PgBouncer pgBouncer = PgBouncer.start(db, 3)) {
			ConnectionPool pool = PoolerConnections.pool(db, "127.0.0.1", pgBouncer.port(),
					preparedStatementCacheQueries);
			try {
				StepVerifier.create(new PoolerProbe(pool).probe())
					.expectNext(expected)
					.expectComplete()
					.verify(Duration.ofSeconds(10));
			}
			finally {
				pool.dispose();
			}
		}
	}

	/**
	 * Two connections held at once, each running its first statement with a parameter:
	 * the driver names both {@code S_0}, and PgBouncer's one server connection gets both.
	 */
	private static Mono<Integer> twoClientsPreparing(ConnectionPool pool) {
		return Mono.usingWhen(pool.create(),
				(first) -> Mono.usingWhen(pool.create(),
						(second) -> select(first, "SELECT $1::int AS answer")
							.then(select(second, "SELECT $1::int + 0 AS answer"))
							.thenReturn(2),
						Connection::close),
				Connection::close);
	}

	private static Mono<Integer> select(Connection connection, String sql) {
		return Flux.from(connection.createStatement(sql).bind("$1", 1).execute())
			.flatMap((result) -> result.map((row) -> row.get(0, Integer.class)))
			.single();
	}

}
