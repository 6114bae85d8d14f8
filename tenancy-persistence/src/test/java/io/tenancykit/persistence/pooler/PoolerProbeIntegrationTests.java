package io.tenancykit.persistence.pooler;

import java.time.Duration;

import io.r2dbc.pool.ConnectionPool;
import io.tenancykit.test.PostgresDatabase;
import io.tenancykit.test.PostgresTest;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * The probe on a direct connection: no transaction pooler, and the driver's statement
 * cache seen as it is set.
 */
@PostgresTest
class PoolerProbeIntegrationTests {

	@Test
	void seesNoPoolerAndTheDriversNamedStatementsOnADirectConnection(PostgresDatabase db) {
		expect(db, PoolerConnections.DRIVER_DEFAULT, new PoolerReport(false, true));
	}

	@Test
	void seesNoPoolerAndUnnamedStatementsWithTheCacheOff(PostgresDatabase db) {
		expect(db, PoolerConnections.UNNAMED, new PoolerReport(false, false));
	}

	private static void expect(PostgresDatabase db, int preparedStatementCacheQueries, PoolerReport expected) {
		ConnectionPool pool = PoolerConnections.pool(db, db.host(), db.port(), preparedStatementCacheQueries);
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
