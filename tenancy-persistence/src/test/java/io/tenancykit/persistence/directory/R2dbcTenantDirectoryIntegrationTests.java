package io.tenancykit.persistence.directory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.tenancykit.api.Tenant;
import io.tenancykit.api.TenantId;
import io.tenancykit.api.TenantKey;
import io.tenancykit.api.TenantResolutionException;
import io.tenancykit.api.TenantStatus;
import io.tenancykit.persistence.support.TestDatabases;
import io.tenancykit.test.PostgresDatabase;
import io.tenancykit.test.PostgresTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.test.StepVerifier;

import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class R2dbcTenantDirectoryIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private PostgresDatabase db;

	private ConnectionPool pool;

	private R2dbcTenantDirectory directory;

	private Tenant acme;

	private Tenant dormant;

	@BeforeAll
	void setUp(PostgresDatabase db) throws SQLException {
		this.db = db;
		TestDatabases.migrate(db);
		this.pool = TestDatabases.pool(TestDatabases.connectionFactory(db, db.application()), 2);
		this.directory = new R2dbcTenantDirectory(DatabaseClient.create(this.pool));
		this.acme = TestDatabases.createTenant(db, "acme");
		this.dormant = TestDatabases.createTenant(db, "dormant", TenantStatus.SUSPENDED);
	}

	@AfterAll
	void tearDown() {
		this.pool.dispose();
	}

	@Test
	void findsTenantByKeyAndById() {
		StepVerifier.create(this.directory.findByKey(new TenantKey("acme")))
			.expectNext(this.acme)
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(this.directory.findById(this.acme.id()))
			.expectNext(this.acme)
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void returnsSuspendedTenantsWithTheirStatus() {
		StepVerifier.create(this.directory.findByKey(new TenantKey("dormant"))).assertNext((tenant) -> {
			assertThat(tenant).isEqualTo(this.dormant);
			assertThat(tenant.isActive()).isFalse();
		}).expectComplete().verify(TIMEOUT);
	}

	@Test
	void completesEmptyForUnknownTenants() {
		StepVerifier.create(this.directory.findByKey(new TenantKey("nobody"))).expectComplete().verify(TIMEOUT);
		StepVerifier.create(this.directory.findById(new TenantId(UUID.randomUUID()))).expectComplete().verify(TIMEOUT);
	}

	@Test
	void signalsDirectoryUnavailableWhenTheDatabaseFails() {
		PostgresqlConnectionFactory unreachable = new PostgresqlConnectionFactory(
				PostgresqlConnectionConfiguration.builder()
					.host(this.db.host())
					.port(this.db.port())
					.database(this.db.databaseName() + "_missing")
					.username(this.db.application().username())
					.password(this.db.application().password())
					.build());
		R2dbcTenantDirectory broken = new R2dbcTenantDirectory(DatabaseClient.create(unreachable));
		StepVerifier.create(broken.findByKey(new TenantKey("acme")))
			.expectError(TenantResolutionException.DirectoryUnavailable.class)
			.verify(TIMEOUT);
	}

	@Test
	void signalsDirectoryUnavailableWhenTheLookupTimesOut() throws SQLException {
		R2dbcTenantDirectory impatient = new R2dbcTenantDirectory(DatabaseClient.create(this.pool),
				Duration.ofMillis(200));
		try (Connection locker = this.db.openJdbc(this.db.owner())) {
			locker.setAutoCommit(false);
			try (Statement lock = locker.createStatement()) {
				lock.execute("LOCK TABLE tenancy_tenant IN ACCESS EXCLUSIVE MODE");
			}
			StepVerifier.create(impatient.findByKey(new TenantKey("acme")))
				.expectError(TenantResolutionException.DirectoryUnavailable.class)
				.verify(TIMEOUT);
			locker.rollback();
		}
		StepVerifier.create(this.directory.findByKey(new TenantKey("acme")))
			.expectNext(this.acme)
			.expectComplete()
			.verify(TIMEOUT);
	}

}
