package io.tenancykit.persistence.pooler;

import java.time.Duration;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.tenancykit.persistence.support.TestDatabases;
import io.tenancykit.test.PostgresDatabase;

/**
 * Pools of the application role's connections, directly or through a pooler, with the
 * driver's default statement cache or with {@code preparedStatementCacheQueries=0}.
 */
final class PoolerConnections {

	/** r2dbc-postgresql's default: every statement with parameters is named and kept. */
	static final int DRIVER_DEFAULT = -1;

	/** The setting the guide documents for a transaction pooler: unnamed statements. */
	static final int UNNAMED = 0;

	private PoolerConnections() {
	}

	static ConnectionPool pool(PostgresDatabase db, String host, int port, int preparedStatementCacheQueries) {
		return TestDatabases.pool(new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
			.host(host)
			.port(port)
			.database(db.databaseName())
			.username(db.application().username())
			.password(db.application().password())
			.preparedStatementCacheQueries(preparedStatementCacheQueries)
			.connectTimeout(Duration.ofSeconds(5))
			.build()), 4);
	}

}
