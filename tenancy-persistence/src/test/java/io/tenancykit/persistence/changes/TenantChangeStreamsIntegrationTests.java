package io.tenancykit.persistence.changes;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.r2dbc.pool.ConnectionPool;
import io.tenancykit.api.Tenant;
import io.tenancykit.api.TenantContext;
import io.tenancykit.api.TenantDirectory;
import io.tenancykit.api.TenantId;
import io.tenancykit.api.TenantKey;
import io.tenancykit.api.TenantResolutionException;
import io.tenancykit.persistence.changes.ChangeEvent.Change;
import io.tenancykit.persistence.changes.ChangeEvent.Operation;
import io.tenancykit.persistence.changes.ChangeEvent.Reason;
import io.tenancykit.persistence.changes.ChangeEvent.Resync;
import io.tenancykit.persistence.directory.R2dbcTenantDirectory;
import io.tenancykit.persistence.support.TestDatabases;
import io.tenancykit.test.PostgresDatabase;
import io.tenancykit.test.PostgresTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Change streams against the real PostgreSQL: the kit's trigger publishes, the listener
 * delivers each tenant's changes to that tenant's subscribers only, bounds each
 * subscriber's buffer, and listens again after its backend is terminated.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantChangeStreamsIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private PostgresDatabase db;

	private ConnectionPool pool;

	private TenantChangeStreams streams;

	private TenantContext acme;

	private TenantContext globex;

	private TenantContext initech;

	@BeforeAll
	void setUp(PostgresDatabase db) throws SQLException {
		this.db = db;
		TestDatabases.migrate(db);
		db.executeAsOwner("CREATE TABLE change_item (tenant_id uuid NOT NULL REFERENCES tenancy_tenant (id),"
				+ " id uuid NOT NULL DEFAULT gen_random_uuid(), name text NOT NULL, PRIMARY KEY (tenant_id, id));"
				+ " SELECT tenancy_enable_rls('change_item'); SELECT tenancy_enable_change_events('change_item')");
		this.acme = TestDatabases.context(db, "acme");
		this.globex = TestDatabases.context(db, "globex");
		this.initech = TestDatabases.context(db, "initech");
		// Through the application's pool, as the auto-configuration does: the listener
		// unwraps it.
		this.pool = TestDatabases.pool(TestDatabases.connectionFactory(db, db.application()), 2);
		this.streams = new TenantChangeStreams(this.pool,
				new ChangeStreamSettings(2, Duration.ofMillis(50), Duration.ofMillis(500)));
	}

	@AfterAll
	void tearDown() {
		this.streams.close();
		this.pool.dispose();
	}

	@Test
	void deliversEachTenantsChangesOnlyToItsOwnSubscribers() throws Exception {
		long seed = new Random().nextLong();
		System.out.println("deliversEachTenantsChangesOnlyToItsOwnSubscribers seed: " + seed);
		Random random = new Random(seed);
		CountDownLatch subscribed = new CountDownLatch(3);
		Map<TenantContext, List<Change>> expected = new HashMap<>();
		expected.put(this.acme, new ArrayList<>());
		expected.put(this.globex, new ArrayList<>());
		StepVerifier.Step<ChangeEvent> acmeSteps = StepVerifier
			.create(counting(this.streams.changes(this.acme), subscribed))
			.expectNext(new Resync(this.acme.tenantId(), Reason.SUBSCRIBED));
		StepVerifier.Step<ChangeEvent> globexSteps = StepVerifier
			.create(counting(this.streams.changes(this.globex), subscribed))
			.expectNext(new Resync(this.globex.tenantId(), Reason.SUBSCRIBED));
		// The third tenant writes nothing until its own closing write, after all others.
		StepVerifier.Step<ChangeEvent> initechSteps = StepVerifier
			.create(counting(this.streams.changes(this.initech), subscribed))
			.expectNext(new Resync(this.initech.tenantId(), Reason.SUBSCRIBED));
		// Build the expectations first: StepVerifier subscribes when verifyLater is
		// called.
		Map<TenantContext, List<String>> ids = new HashMap<>();
		ids.put(this.acme, new ArrayList<>());
		ids.put(this.globex, new ArrayList<>());
		List<Runnable> writes = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			TenantContext tenant = random.nextBoolean() ? this.acme : this.globex;
			List<String> existing = ids.get(tenant);
			int choice = existing.isEmpty() ? 0 : random.nextInt(4);
			if (choice <= 1) {
				String id = UUID.randomUUID().toString();
				existing.add(id);
				expected.get(tenant).add(change(tenant, Operation.INSERT, id));
				writes.add(() -> write(tenant, "INSERT INTO change_item (tenant_id, id, name) VALUES ('"
						+ tenant.tenantId() + "', '" + id + "', 'item')", true));
			}
			else if (choice == 2) {
				String id = existing.get(random.nextInt(existing.size()));
				expected.get(tenant).add(change(tenant, Operation.UPDATE, id));
				writes
					.add(() -> write(tenant, "UPDATE change_item SET name = 'renamed' WHERE id = '" + id + "'", true));
			}
			else {
				String id = existing.remove(random.nextInt(existing.size()));
				expected.get(tenant).add(change(tenant, Operation.DELETE, id));
				writes.add(() -> write(tenant, "DELETE FROM change_item WHERE id = '" + id + "'", true));
			}
			if (random.nextInt(5) == 0) {
				// A rolled-back write publishes nothing.
				writes.add(() -> write(tenant,
						"INSERT INTO change_item (tenant_id, name) VALUES ('" + tenant.tenantId() + "', 'rolled back')",
						false));
			}
		}
		String closing = UUID.randomUUID().toString();
		StepVerifier acmeVerifier = acmeSteps.expectNextSequence(expected.get(this.acme)).thenCancel().verifyLater();
		StepVerifier globexVerifier = globexSteps.expectNextSequence(expected.get(this.globex))
			.thenCancel()
			.verifyLater();
		StepVerifier initechVerifier = initechSteps.expectNext(change(this.initech, Operation.INSERT, closing))
			.thenCancel()
			.verifyLater();
		assertThat(subscribed.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		writes.forEach(Runnable::run);
		write(this.initech, "INSERT INTO change_item (tenant_id, id, name) VALUES ('" + this.initech.tenantId() + "', '"
				+ closing + "', 'closing')", true);
		acmeVerifier.verify(TIMEOUT);
		globexVerifier.verify(TIMEOUT);
		initechVerifier.verify(TIMEOUT);
		System.out.println("interleaved writes: acme " + expected.get(this.acme).size() + ", globex "
				+ expected.get(this.globex).size());
	}

	@Test
	void replacesTheBufferOfASubscriberThatDoesNotKeepUpWithOneResyncMarker() throws Exception {
		TenantContext slowTenant = TestDatabases.context(this.db, "slow");
		TenantContext sentinelTenant = TestDatabases.context(this.db, "sentinel");
		List<String> ids = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
				UUID.randomUUID().toString(), UUID.randomUUID().toString(), UUID.randomUUID().toString());
		String sentinel = UUID.randomUUID().toString();
		CountDownLatch sentinelSubscribed = new CountDownLatch(1);
		StepVerifier sentinelVerifier = StepVerifier
			.create(counting(this.streams.changes(sentinelTenant), sentinelSubscribed))
			.expectNext(new Resync(sentinelTenant.tenantId(), Reason.SUBSCRIBED))
			.expectNext(change(sentinelTenant, Operation.INSERT, sentinel))
			.thenCancel()
			.verifyLater();
		assertThat(sentinelSubscribed.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		// Buffer of 2: the third change overflows it, the fourth waits behind the marker.
		StepVerifier.create(this.streams.changes(slowTenant), 1)
			.expectNext(new Resync(slowTenant.tenantId(), Reason.SUBSCRIBED))
			.then(() -> {
				for (String id : ids.subList(0, 4)) {
					insert(slowTenant, id);
				}
				// Notifications are dispatched in order on one connection: once the
				// sentinel tenant has its change, the slow subscriber has been
				// offered all four.
				insert(sentinelTenant, sentinel);
				sentinelVerifier.verify(TIMEOUT);
			})
			.thenRequest(10)
			.expectNext(new Resync(slowTenant.tenantId(), Reason.OVERFLOW))
			.then(() -> insert(slowTenant, ids.get(4)))
			.expectNext(change(slowTenant, Operation.INSERT, ids.get(4)))
			.thenCancel()
			.verify(TIMEOUT);
	}

	@Test
	void listensAgainAfterItsBackendIsTerminatedAndAsksSubscribersToResync() throws Exception {
		TenantContext tenant = TestDatabases.context(this.db, "restarted");
		String before = UUID.randomUUID().toString();
		String after = UUID.randomUUID().toString();
		List<Integer> backends = new ArrayList<>();
		StepVerifier.create(this.streams.changes(tenant))
			.expectNext(new Resync(tenant.tenantId(), Reason.SUBSCRIBED))
			.then(() -> insert(tenant, before))
			.expectNext(change(tenant, Operation.INSERT, before))
			// A database restart, as far as this listener can tell: its backend
			// goes away.
			.then(() -> backends.add(terminateListener()))
			.expectNext(new Resync(tenant.tenantId(), Reason.RECONNECTED))
			.then(() -> insert(tenant, after))
			.expectNext(change(tenant, Operation.INSERT, after))
			.then(() -> backends.add(listenerBackend()))
			.thenCancel()
			.verify(TIMEOUT);
		assertThat(backends).hasSize(2).doesNotHaveDuplicates();
	}

	@Test
	void endsTheStreamsOfATenantFoundSuspendedOrGoneAndKeepsTheOthers() throws Exception {
		TenantContext suspended = TestDatabases.context(this.db, "to-suspend");
		TenantContext removed = TestDatabases.context(this.db, "to-remove");
		TenantContext active = TestDatabases.context(this.db, "stays-active");
		String later = UUID.randomUUID().toString();
		try (TenantChangeStreams checked = new TenantChangeStreams(this.pool,
				new ChangeStreamSettings(16, Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofMillis(100)),
				new R2dbcTenantDirectory(DatabaseClient.create(this.pool)))) {
			StepVerifier suspendedVerifier = StepVerifier.create(checked.changes(suspended))
				.expectNext(new Resync(suspended.tenantId(), Reason.SUBSCRIBED))
				.then(() -> admin(
						"UPDATE tenancy_tenant SET status = 'SUSPENDED' WHERE id = '" + suspended.tenantId() + "'"))
				.expectError(TenantResolutionException.Suspended.class)
				.verifyLater();
			StepVerifier removedVerifier = StepVerifier.create(checked.changes(removed))
				.expectNext(new Resync(removed.tenantId(), Reason.SUBSCRIBED))
				.then(() -> admin("DELETE FROM tenancy_tenant WHERE id = '" + removed.tenantId() + "'"))
				.expectError(TenantResolutionException.Unknown.class)
				.verifyLater();
			suspendedVerifier.verify(TIMEOUT);
			removedVerifier.verify(TIMEOUT);
			// Several checks later, the active tenant's stream still delivers.
			StepVerifier.create(checked.changes(active))
				.expectNext(new Resync(active.tenantId(), Reason.SUBSCRIBED))
				.thenAwait(Duration.ofMillis(500))
				.then(() -> insert(active, later))
				.expectNext(change(active, Operation.INSERT, later))
				.thenCancel()
				.verify(TIMEOUT);
			// A suspended tenant's new stream ends at the next check.
			StepVerifier.create(checked.changes(suspended))
				.expectNext(new Resync(suspended.tenantId(), Reason.SUBSCRIBED))
				.expectError(TenantResolutionException.Suspended.class)
				.verify(TIMEOUT);
		}
	}

	@Test
	void keepsTheStreamsOpenWhenTheTenantCheckFails() throws Exception {
		TenantContext tenant = TestDatabases.context(this.db, "check-fails");
		String later = UUID.randomUUID().toString();
		TenantDirectory unreachable = new TenantDirectory() {

			@Override
			public Mono<Tenant> findByKey(TenantKey key) {
				return Mono.error(new IllegalStateException("directory unreachable"));
			}

			@Override
			public Mono<Tenant> findById(TenantId id) {
				return Mono.error(new IllegalStateException("directory unreachable"));
			}

		};
		try (TenantChangeStreams checked = new TenantChangeStreams(this.pool,
				new ChangeStreamSettings(16, Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofMillis(50)),
				unreachable)) {
			StepVerifier.create(checked.changes(tenant))
				.expectNext(new Resync(tenant.tenantId(), Reason.SUBSCRIBED))
				.thenAwait(Duration.ofMillis(400))
				.then(() -> insert(tenant, later))
				.expectNext(change(tenant, Operation.INSERT, later))
				.thenCancel()
				.verify(TIMEOUT);
		}
	}

	private void admin(String sql) {
		try {
			this.db.executeAsAdmin(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void deliversAMoveBetweenTenantsAsADeleteAndAnInsert() throws Exception {
		TenantContext from = TestDatabases.context(this.db, "mover-from");
		TenantContext to = TestDatabases.context(this.db, "mover-to");
		String id = UUID.randomUUID().toString();
		CountDownLatch subscribed = new CountDownLatch(2);
		StepVerifier toVerifier = StepVerifier.create(counting(this.streams.changes(to), subscribed))
			.expectNext(new Resync(to.tenantId(), Reason.SUBSCRIBED))
			.expectNext(change(to, Operation.INSERT, id))
			.thenCancel()
			.verifyLater();
		StepVerifier fromVerifier = StepVerifier.create(counting(this.streams.changes(from), subscribed))
			.expectNext(new Resync(from.tenantId(), Reason.SUBSCRIBED))
			.expectNext(change(from, Operation.INSERT, id))
			.expectNext(change(from, Operation.DELETE, id))
			.thenCancel()
			.verifyLater();
		assertThat(subscribed.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		insert(from, id);
		// Only a role that bypasses row-level security can move a row; the admin is
		// a superuser.
		this.db.executeAsAdmin("UPDATE change_item SET tenant_id = '" + to.tenantId() + "' WHERE id = '" + id + "'");
		fromVerifier.verify(TIMEOUT);
		toVerifier.verify(TIMEOUT);
	}

	@Test
	void deliversNothingForANotificationThatDoesNotComeFromTheTrigger() throws Exception {
		TenantContext tenant = TestDatabases.context(this.db, "forged");
		String id = UUID.randomUUID().toString();
		StepVerifier.create(this.streams.changes(tenant))
			.expectNext(new Resync(tenant.tenantId(), Reason.SUBSCRIBED))
			.then(() -> {
				notifyRaw("{\"tenant_id\" : \"" + tenant.tenantId() + "\", \"table\" : \"change_item\"}");
				notifyRaw("not json at all");
				notifyRaw("{\"tenant_id\" : \"" + tenant.tenantId()
						+ "\", \"schema\" : \"public\", \"table\" : \"change_item\", \"op\" : \"TRUNCATE\", \"id\" : \"x\"}");
				insert(tenant, id);
			})
			.expectNext(change(tenant, Operation.INSERT, id))
			.thenCancel()
			.verify(TIMEOUT);
	}

	private static Flux<ChangeEvent> counting(Flux<ChangeEvent> changes, CountDownLatch subscribed) {
		return changes.doOnNext((event) -> {
			if (event instanceof Resync resync && resync.reason() == Reason.SUBSCRIBED) {
				subscribed.countDown();
			}
		});
	}

	private static Change change(TenantContext tenant, Operation operation, String id) {
		return new Change(tenant.tenantId(), "public", "change_item", operation, id);
	}

	private void insert(TenantContext tenant, String id) {
		write(tenant, "INSERT INTO change_item (tenant_id, id, name) VALUES ('" + tenant.tenantId() + "', '" + id
				+ "', 'item')", true);
	}

	// As the application role, in a transaction with the tenant's setting: row-level
	// security applies.
	private void write(TenantContext tenant, String sql, boolean commit) {
		try (Connection connection = this.db.openJdbc(this.db.application())) {
			connection.setAutoCommit(false);
			try (PreparedStatement set = connection
				.prepareStatement("SELECT set_config('tenancy.tenant_id', ?, true)")) {
				set.setString(1, tenant.tenantId().value().toString());
				set.execute();
			}
			try (Statement statement = connection.createStatement()) {
				assertThat(statement.executeUpdate(sql)).isEqualTo(1);
			}
			if (commit) {
				connection.commit();
			}
			else {
				connection.rollback();
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void notifyRaw(String payload) {
		try (Connection connection = this.db.openJdbc(this.db.application());
				PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
			notify.setString(1, TenantChangeStreams.CHANNEL);
			notify.setString(2, payload);
			notify.execute();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private int terminateListener() {
		int backend = listenerBackend();
		try {
			this.db.executeAsAdmin("SELECT pg_terminate_backend(" + backend + ")");
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return backend;
	}

	private int listenerBackend() {
		try (Connection connection = this.db.openJdbc(this.db.owner());
				PreparedStatement find = connection.prepareStatement("SELECT pid FROM pg_stat_activity"
						+ " WHERE datname = current_database() AND application_name = ?")) {
			find.setString(1, TenantChangeStreams.APPLICATION_NAME);
			try (ResultSet rs = find.executeQuery()) {
				assertThat(rs.next()).as("the listener's backend").isTrue();
				int pid = rs.getInt(1);
				assertThat(rs.next()).as("one listener backend").isFalse();
				return pid;
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
