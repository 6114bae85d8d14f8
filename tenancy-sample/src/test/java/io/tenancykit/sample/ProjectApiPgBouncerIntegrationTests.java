package io.tenancykit.sample;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.tenancykit.test.PgBouncer;
import io.tenancykit.test.PostgresDatabase;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistrar;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's end-to-end isolation suite, every test of
 * {@link ProjectApiIntegrationTests}, served through PgBouncer 1.18 in transaction
 * pooling mode with the driver setting the guide documents
 * (docs/guides/behind-a-connection-pooler.md): {@code preparedStatementCacheQueries=0}.
 * The application's pool holds more connections than PgBouncer has server connections, so
 * that concurrent requests' transactions interleave on the same server sessions, and the
 * kit's transaction-local tenant setting must still keep tenants apart (ADR-021,
 * ADR-034). Migrations and the tests' own checks connect directly. Runs with
 * {@code ./mvnw -Ppgbouncer verify}.
 */
@Import(ProjectApiPgBouncerIntegrationTests.ThroughPgBouncer.class)
class ProjectApiPgBouncerIntegrationTests extends ProjectApiIntegrationTests {

	/** Server connections PgBouncer opens to PostgreSQL. */
	static final int SERVER_CONNECTIONS = 3;

	/** Connections of the application's R2DBC pool, all of them clients of PgBouncer. */
	static final int CLIENT_CONNECTIONS = 10;

	/** The statement timeout set on the application role instead of by the driver. */
	static final String ROLE_STATEMENT_TIMEOUT = "5s";

	@Autowired
	private PostgresDatabase db;

	@Autowired
	private DatabaseClient databaseClient;

	private final WebTestClient pooled;

	ProjectApiPgBouncerIntegrationTests(@LocalServerPort int port) {
		super(port);
		this.pooled = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	@Test
	void concurrentRequestsOfTwoTenantsSharingServerConnectionsStayApart() throws Exception {
		int perTenant = 30;
		List<Owned> created = Flux.range(0, 2 * perTenant)
			.flatMap((i) -> Mono.just(i).publishOn(Schedulers.boundedElastic()).map((n) -> {
				String tenant = (n % 2 == 0) ? "acme" : "globex";
				String id = String.valueOf(this.pooled.post()
					.uri("/api/projects")
					.header("X-Tenant-ID", tenant)
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(Map.of("name", "Pooled " + n))
					.exchange()
					.expectStatus()
					.isCreated()
					.expectBody(Map.class)
					.returnResult()
					.getResponseBody()
					.get("id"));
				return new Owned(tenant, id);
			}), 2 * CLIENT_CONNECTIONS)
			.collectList()
			.block(Duration.ofMinutes(2));
		assertThat(created).hasSize(2 * perTenant);
		List<HttpStatus> foreignReads = Flux.fromIterable(created)
			.flatMap((entry) -> Mono.just(entry).publishOn(Schedulers.boundedElastic()).map((e) -> {
				String other = e.tenant().equals("acme") ? "globex" : "acme";
				this.pooled.get()
					.uri("/api/projects/{id}", e.id())
					.header("X-Tenant-ID", e.tenant())
					.exchange()
					.expectStatus()
					.isOk();
				this.pooled.put()
					.uri("/api/projects/{id}", e.id())
					.header("X-Tenant-ID", other)
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(Map.of("name", "Stolen"))
					.exchange()
					.expectStatus()
					.isNotFound();
				return HttpStatus.valueOf(this.pooled.get()
					.uri("/api/projects/{id}", e.id())
					.header("X-Tenant-ID", other)
					.exchange()
					.returnResult(String.class)
					.getStatus()
					.value());
			}), 2 * CLIENT_CONNECTIONS)
			.collectList()
			.block(Duration.ofMinutes(2));
		assertThat(foreignReads).hasSize(2 * perTenant).containsOnly(HttpStatus.NOT_FOUND);
		// The application role never had more server sessions than PgBouncer's pool:
		// its client connections took turns on them.
		assertThat(applicationBackends()).isBetween(1, SERVER_CONNECTIONS);
	}

	@Test
	void statementsThroughThePoolerAreBoundedByTheRolesTimeout() {
		String timeout = this.databaseClient.sql("SELECT pg_catalog.current_setting('statement_timeout') AS timeout")
			.map((row) -> row.get("timeout", String.class))
			.one()
			.block(Duration.ofSeconds(10));
		assertThat(timeout).isEqualTo(ROLE_STATEMENT_TIMEOUT);
	}

	private record Owned(String tenant, String id) {

	}

	private int applicationBackends() throws Exception {
		try (Connection connection = this.db.openJdbc(this.db.owner());
				PreparedStatement statement = connection.prepareStatement(
						"SELECT count(*) FROM pg_catalog.pg_stat_activity WHERE datname = ? AND usename = ?")) {
			statement.setString(1, this.db.databaseName());
			statement.setString(2, this.db.application().username());
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getInt(1);
			}
		}
	}

	/**
	 * PgBouncer in front of the test's database, and the application's R2DBC URL pointed
	 * at it with the documented driver option.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class ThroughPgBouncer {

		@Bean
		PgBouncer pgBouncer(PostgresDatabase database) throws SQLException {
			// PgBouncer before 1.21 refuses the statement_timeout startup parameter the
			// kit's statement timeout sends, so the guide moves the timeout to the role.
			database.executeAsAdmin("ALTER ROLE \"" + database.application().username() + "\" SET statement_timeout = '"
					+ ROLE_STATEMENT_TIMEOUT + "'");
			return PgBouncer.start(database, SERVER_CONNECTIONS);
		}

		@Bean
		DynamicPropertyRegistrar throughPgBouncer(PgBouncer pgBouncer) {
			return (registry) -> {
				registry.add("spring.r2dbc.url", () -> pgBouncer.r2dbcUrl() + "?preparedStatementCacheQueries=0");
				registry.add("tenancy.persistence.statement-timeout", () -> "0");
				registry.add("spring.r2dbc.pool.initial-size", () -> CLIENT_CONNECTIONS);
				registry.add("spring.r2dbc.pool.max-size", () -> CLIENT_CONNECTIONS);
			};
		}

	}

}
