package io.tenancykit.persistence.support;

import java.sql.SQLException;
import java.time.Duration;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import io.tenancykit.api.TenantContext;
import io.tenancykit.persistence.repository.TenantScopedTemplate;
import io.tenancykit.persistence.rls.RowLevelSecurity;
import io.tenancykit.persistence.rls.TenantSettingMode;
import io.tenancykit.test.PostgresDatabase;
import org.jspecify.annotations.Nullable;

import org.springframework.data.mapping.callback.ReactiveEntityCallbacks;
import org.springframework.data.r2dbc.convert.MappingR2dbcConverter;

/**
 * The fixture the persistence integration tests share: the test class's database migrated
 * with the kit's and the fixture migrations (the fixture tables distributed by
 * {@code tenant_id} on Citus), a pool of the application role's connections, the tenants
 * {@code alpha} and {@code beta}, and templates that set the tenant the way the database
 * needs it ({@link TestDatabases#settingMode(PostgresDatabase)}). Open it in the
 * {@code @BeforeAll} of a per-class test and close it with {@code @AutoClose}.
 */
public final class TenantFixture implements AutoCloseable {

	/**
	 * How long a reactive step may take before a test fails: it only bounds a hang, and
	 * generously, since on a Citus cluster on a busy machine the first statement after
	 * DDL alone can take seconds.
	 */
	public static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final PostgresDatabase db;

	private final ConnectionPool pool;

	private final TenantContext alpha;

	private final TenantContext beta;

	private TenantFixture(PostgresDatabase db, ConnectionPool pool, TenantContext alpha, TenantContext beta) {
		this.db = db;
		this.pool = pool;
		this.alpha = alpha;
		this.beta = beta;
	}

	/**
	 * Migrate the database, open a pool of at most {@code poolSize} application
	 * connections and create the tenants {@code alpha} and {@code beta}.
	 * @param db the test class's database
	 * @param poolSize the pool's maximum size
	 * @return the fixture
	 * @throws SQLException if a tenant cannot be created
	 */
	public static TenantFixture open(PostgresDatabase db, int poolSize) throws SQLException {
		TestDatabases.migrate(db);
		ConnectionPool pool = TestDatabases.pool(TestDatabases.connectionFactory(db, db.application()), poolSize);
		return new TenantFixture(db, pool, TestDatabases.context(db, "alpha"), TestDatabases.context(db, "beta"));
	}

	public PostgresDatabase db() {
		return this.db;
	}

	public ConnectionPool pool() {
		return this.pool;
	}

	public TenantContext alpha() {
		return this.alpha;
	}

	public TenantContext beta() {
		return this.beta;
	}

	/**
	 * Return whether the database is on a Citus coordinator.
	 */
	public boolean isCitus() {
		return this.db.isCitus();
	}

	/**
	 * Create a template over the pool, as the kit builds one outside Spring.
	 */
	public TenantScopedTemplate template(RowLevelSecurity rowLevelSecurity) {
		return template(this.pool, rowLevelSecurity);
	}

	/**
	 * Create a template over the given connection factory (the pool, decorated), as the
	 * kit builds one outside Spring.
	 */
	public TenantScopedTemplate template(ConnectionFactory connectionFactory, RowLevelSecurity rowLevelSecurity) {
		return TestDatabases.template(connectionFactory, rowLevelSecurity, settingMode());
	}

	/**
	 * Create a template over the given connection factory with the given converter and
	 * entity callbacks, as Spring wires one.
	 */
	public TenantScopedTemplate template(ConnectionFactory connectionFactory, RowLevelSecurity rowLevelSecurity,
			MappingR2dbcConverter converter, @Nullable ReactiveEntityCallbacks callbacks) {
		return TestDatabases.template(connectionFactory, rowLevelSecurity, settingMode(), converter, callbacks, null);
	}

	/**
	 * Return how the fixture's templates set the tenant on this database.
	 */
	public TenantSettingMode settingMode() {
		return TestDatabases.settingMode(this.db);
	}

	@Override
	public void close() {
		this.pool.dispose();
	}

}
