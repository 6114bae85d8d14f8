package io.tenancykit.sample;

import java.time.Duration;
import java.util.Map;

import io.tenancykit.test.PostgresDatabase;
import io.tenancykit.test.PostgresTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input over HTTP, sent byte for byte by {@link RawHttp}, against the real
 * sample.
 */
@PostgresTest
class HostileInputIntegrationTests {

	/** An answer not received by then is a hang. */
	private static final Duration HANG = Duration.ofSeconds(10);

	private static @Nullable ConfigurableApplicationContext application;

	private static @Nullable RawHttp http;

	@BeforeAll
	static void startTheSample(PostgresDatabase db) {
		application = SampleApplications.start(db, db.r2dbcUrl(), Map.of());
		http = new RawHttp(Integer.parseInt(application.getEnvironment().getRequiredProperty("local.server.port")),
				HANG);
	}

	@AfterAll
	static void stop() {
		if (application != null) {
			application.close();
		}
	}

	// Two requests in one write: the second arrives while the first waits for the
	// database and is queued by the server; answered without I/O (a malformed tenant), it
	// used to leave the connection unread, so that the next request on it was never
	// answered (reactor-netty #4361; issue 11 point 4, unknown tenants answered from the
	// cache).
	@Test
	void answersTheNextRequestOnAKeptAliveConnectionAfterAQueuedRefusal() throws Exception {
		String listing = "GET /api/projects HTTP/1.1\r\nHost: localhost\r\nX-Tenant-ID: acme\r\n\r\n";
		String refused = "GET /api/projects HTTP/1.1\r\nHost: localhost\r\nX-Tenant-ID: ACME\r\n\r\n";
		try (RawHttp.Conversation conversation = http().open()) {
			for (int round = 0; round < 3; round++) {
				conversation.write(listing + refused);
				RawHttp.Response listed = conversation.read();
				assertThat(listed.status()).as("round %d, listing: %s", round, listed.body()).isEqualTo(200);
				RawHttp.Response refusal = conversation.read();
				assertThat(refusal.status()).as("round %d, refusal: %s", round, refusal.body()).isEqualTo(400);
				assertThat(refusal.code()).isEqualTo("tenant-malformed");
			}
		}
	}

	private static RawHttp http() {
		assertThat(http).as("client").isNotNull();
		return http;
	}

}
