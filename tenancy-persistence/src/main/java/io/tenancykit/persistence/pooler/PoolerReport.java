package io.tenancykit.persistence.pooler;

/**
 * What {@link PoolerProbe} observed about the way the application's connections reach
 * PostgreSQL.
 *
 * @param transactionPooler whether the connections share server sessions between
 * transactions, as a pooler in transaction (or statement) mode makes them: two
 * connections open at the same time were served by one server process, or one connection
 * by two
 * @param namedPreparedStatements whether the driver keeps named server-side prepared
 * statements (r2dbc-postgresql unless {@code preparedStatementCacheQueries=0}), which a
 * transaction pooler before PgBouncer 1.21 mixes up across clients
 */
public record PoolerReport(boolean transactionPooler, boolean namedPreparedStatements) {

	/**
	 * Return whether the application cannot work as configured: named prepared statements
	 * through a transaction pooler fail with {@code prepared statement "S_0"
	 * already exists} or {@code does not exist}.
	 * @return whether the configuration is incompatible
	 */
	public boolean incompatible() {
		return this.transactionPooler && this.namedPreparedStatements;
	}

}
