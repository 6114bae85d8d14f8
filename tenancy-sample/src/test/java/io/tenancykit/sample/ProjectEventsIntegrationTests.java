package io.tenancykit.sample;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.tenancykit.api.TenantId;
import io.tenancykit.persistence.changes.TenantChangeStreams;
import io.tenancykit.test.PostgresDatabase;
import io.tenancykit.test.PostgresTest;
import io.tenancykit.web.directory.CachingTenantDirectory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end test of {@code GET /api/projects/events} over HTTP: each tenant's stream
 * carries only its own project changes, re-read through the repository; a tenant that
 * writes nothing sees nothing; and the streams resume after the listener loses its
 * database connection. The shared PostgreSQL server cannot be restarted under other
 * tests, so the restart is simulated by terminating the listener's backend with
 * {@code pg_terminate_backend}, which is what the listener sees of a restart.
 */
@PostgresTest
class ProjectEventsIntegrationTests {

	private static final String TENANT_HEADER = "X-Tenant-ID";

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>> EVENT = new ParameterizedTypeReference<>() {
	};

	private static @Nullable ConfigurableApplicationContext application;

	private static @Nullable PostgresDatabase database;

	private final WebTestClient client = SampleApplications.client(running()).mutate().responseTimeout(TIMEOUT).build();

	@BeforeAll
	static void startApplication(PostgresDatabase db) {
		database = db;
		// Frequent tenant checks, so that a suspension ends a stream within the test.
		application = SampleApplications.start(db, db.r2dbcUrl(),
				Map.of("tenancy.persistence.change-streams.tenant-check-interval", "200ms"));
	}

	@AfterAll
	static void stopApplication() {
		if (application != null) {
			application.close();
		}
	}

	private static ConfigurableApplicationContext running() {
		assertThat(application).as("application started in @BeforeAll").isNotNull();
		return application;
	}

	@Test
	void eachTenantsStreamCarriesOnlyItsOwnChangesAndResumesAfterTheListenerLosesItsConnection() throws Exception {
		PostgresDatabase db = Objects.requireNonNull(database);
		db.executeAsOwner("INSERT INTO tenancy_tenant (id, key, display_name) VALUES"
				+ " ('0b9f6c3e-5d1a-4c1e-9a57-4f1b2c3d4e04', 'hooli', 'Hooli')");
		CountDownLatch subscribed = new CountDownLatch(3);
		CountDownLatch reconnected = new CountDownLatch(3);
		Flux<ServerSentEvent<Map<String, Object>>> acme = events("acme", subscribed, reconnected);
		Flux<ServerSentEvent<Map<String, Object>>> globex = events("globex", subscribed, reconnected);
		Flux<ServerSentEvent<Map<String, Object>>> hooli = events("hooli", subscribed, reconnected);
		List<String> acmeExpected = new ArrayList<>();
		List<String> globexExpected = new ArrayList<>();
		List<String> hooliExpected = new ArrayList<>();
		List<String> acmeReceived = new CopyOnWriteArrayList<>();
		List<String> globexReceived = new CopyOnWriteArrayList<>();
		List<String> hooliReceived = new CopyOnWriteArrayList<>();
		StepVerifier acmeVerifier = verifier(acme, 7, acmeReceived);
		StepVerifier globexVerifier = verifier(globex, 6, globexReceived);
		StepVerifier hooliVerifier = verifier(hooli, 3, hooliReceived);
		assertThat(subscribed.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("all three streams listening").isTrue();

		// Interleaved writes of two tenants; the third writes nothing before its
		// closing write.
		String a1 = create("acme", "Anvil");
		String g1 = create("globex", "Hammock");
		String a2 = create("acme", "Rocket skates");
		rename("globex", g1, "Hammock district");
		delete("acme", a1);
		String g2 = create("globex", "Cypress Creek");
		rename("acme", a2, "Jet skates");
		acmeExpected.addAll(List.of("resync subscribed", "insert " + a1 + " Anvil", "insert " + a2 + " Rocket skates",
				"delete " + a1, "update " + a2 + " Jet skates"));
		globexExpected.addAll(List.of("resync subscribed", "insert " + g1 + " Hammock",
				"update " + g1 + " Hammock district", "insert " + g2 + " Cypress Creek"));
		hooliExpected.add("resync subscribed");
		int terminated = terminateListener(db);
		System.out.println("terminated listener backends: " + terminated);
		assertThat(terminated).isEqualTo(1);
		assertThat(reconnected.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("all three streams resynced").isTrue();
		String a3 = create("acme", "Bird seed");
		String g3 = create("globex", "Bespoke fork");
		String h1 = create("hooli", "Nucleus");
		acmeExpected.addAll(List.of("resync reconnected", "insert " + a3 + " Bird seed"));
		globexExpected.addAll(List.of("resync reconnected", "insert " + g3 + " Bespoke fork"));
		hooliExpected.addAll(List.of("resync reconnected", "insert " + h1 + " Nucleus"));
		acmeVerifier.verify(TIMEOUT);
		globexVerifier.verify(TIMEOUT);
		hooliVerifier.verify(TIMEOUT);
		assertThat(acmeReceived).containsExactlyElementsOf(acmeExpected);
		assertThat(globexReceived).containsExactlyElementsOf(globexExpected);
		assertThat(hooliReceived).containsExactlyElementsOf(hooliExpected);
	}

	@Test
	void aSuspensionEndsTheTenantsOpenStreamAndItsReconnectionIsRefused() throws Exception {
		PostgresDatabase db = Objects.requireNonNull(database);
		String id = "0b9f6c3e-5d1a-4c1e-9a57-4f1b2c3d4e05";
		db.executeAsOwner(
				"INSERT INTO tenancy_tenant (id, key, display_name) VALUES ('" + id + "', 'soylent', 'Soylent')");
		CountDownLatch subscribed = new CountDownLatch(1);
		List<String> received = new CopyOnWriteArrayList<>();
		StepVerifier stream = StepVerifier
			.create(events("soylent", subscribed, new CountDownLatch(1)).map(ProjectEventsIntegrationTests::describe)
				.doOnNext(received::add)
				.then()
				.onErrorComplete())
			.expectComplete()
			.verifyLater();
		assertThat(subscribed.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("stream listening").isTrue();
		long suspendedAt = System.nanoTime();
		db.executeAsOwner("UPDATE tenancy_tenant SET status = 'SUSPENDED' WHERE id = '" + id + "'");
		// What an operator's suspension does besides the update: the cached tenant goes.
		running().getBean(CachingTenantDirectory.class).evict(new TenantId(UUID.fromString(id)));
		stream.verify(TIMEOUT);
		System.out.printf("suspension: the open stream ended %d ms after the update%n",
				Duration.ofNanos(System.nanoTime() - suspendedAt).toMillis());
		assertThat(received).containsExactly("resync subscribed");
		this.client.get()
			.uri("/api/projects/events")
			.header(TENANT_HEADER, "soylent")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("tenant-suspended");
	}

	private Flux<ServerSentEvent<Map<String, Object>>> events(String tenant, CountDownLatch subscribed,
			CountDownLatch reconnected) {
		return this.client.get()
			.uri("/api/projects/events")
			.header(TENANT_HEADER, tenant)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(EVENT)
			.getResponseBody()
			.doOnNext((event) -> {
				String described = describe(event);
				if (described.equals("resync subscribed")) {
					subscribed.countDown();
				}
				else if (described.equals("resync reconnected")) {
					reconnected.countDown();
				}
			});
	}

	// Subscribes now and collects the stream's first events, as many as the test
	// expects: a foreign event would take the place of an expected one.
	private static StepVerifier verifier(Flux<ServerSentEvent<Map<String, Object>>> events, int count,
			List<String> received) {
		return StepVerifier.create(events.map(ProjectEventsIntegrationTests::describe).take(count).collectList())
			.assertNext(received::addAll)
			.expectComplete()
			.verifyLater();
	}

	@SuppressWarnings("unchecked")
	private static String describe(ServerSentEvent<Map<String, Object>> event) {
		Map<String, Object> data = Objects.requireNonNull(event.data());
		if ("resync".equals(event.event())) {
			return "resync " + data.get("reason");
		}
		Map<String, Object> project = (Map<String, Object>) data.get("project");
		return event.event() + " " + data.get("id") + ((project != null) ? " " + project.get("name") : "");
	}

	private String create(String tenant, String name) {
		Map<String, Object> body = this.client.post()
			.uri("/api/projects")
			.header(TENANT_HEADER, tenant)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", name))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
		return String.valueOf(Objects.requireNonNull(body).get("id"));
	}

	private void rename(String tenant, String id, String name) {
		this.client.put()
			.uri("/api/projects/{id}", id)
			.header(TENANT_HEADER, tenant)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", name))
			.exchange()
			.expectStatus()
			.isOk();
	}

	private void delete(String tenant, String id) {
		this.client.delete()
			.uri("/api/projects/{id}", id)
			.header(TENANT_HEADER, tenant)
			.exchange()
			.expectStatus()
			.isNoContent();
	}

	private static int terminateListener(PostgresDatabase db) throws SQLException {
		try (var connection = db.openJdbc(db.owner());
				var find = connection.prepareStatement("SELECT pid FROM pg_stat_activity"
						+ " WHERE datname = current_database() AND application_name = ?")) {
			find.setString(1, TenantChangeStreams.APPLICATION_NAME);
			List<Integer> pids = new ArrayList<>();
			try (var rs = find.executeQuery()) {
				while (rs.next()) {
					pids.add(rs.getInt(1));
				}
			}
			for (int pid : pids) {
				db.executeAsAdmin("SELECT pg_terminate_backend(" + pid + ")");
			}
			return pids.size();
		}
	}

}
