package io.tenancykit.sample;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import ch.qos.logback.classic.Level;
import io.tenancykit.api.TenantContext;
import io.tenancykit.sample.project.Project;
import io.tenancykit.test.PostgresDatabase;
import io.tenancykit.test.PostgresTest;
import io.tenancykit.test.TenantRequests;
import io.tenancykit.test.TestTenants;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end tests of the sample over HTTP: the real application, started on a random
 * port against a fresh PostgreSQL database, serving requests as the non-owner application
 * role with row-level security on and the startup verifier passed. {@code @PostgresTest}
 * gives the application context its database and the {@code spring.r2dbc.*} and
 * {@code spring.flyway.*} properties to reach it (docs/testing.md).
 */
@PostgresTest
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		// The harness grants the application role its privileges in schema public: the
		// sample's role-creating callback and schema are for the zero-configuration run.
		properties = { "spring.flyway.locations=classpath:db/migration", "spring.flyway.schemas=public",
				"spring.flyway.default-schema=public",
				// The path prefix too, so that /t/{tenant} addresses are served.
				"tenancy.web.resolution.chain=claim,header,subdomain,path" })
class ProjectApiIntegrationTests {

	private static final String TENANT_HEADER = "X-Tenant-ID";

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	@Autowired
	private PostgresDatabase database;

	@Autowired
	private TestTenants tenants;

	@Autowired
	private TenantRequests requests;

	@Autowired
	private JsonMapper jsonMapper;

	private final WebTestClient client;

	ProjectApiIntegrationTests(@LocalServerPort int port) {
		// A generous timeout: the first requests of a cold JVM on a busy build machine.
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	@Test
	void servesATenantCreatedByTheTestAndKeepsItApart() {
		TenantContext hooli = this.tenants.create("hooli");
		String id = this.requests.asTenant(this.client, hooli)
			.post()
			.uri("/api/projects")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", "Nucleus"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody()
			.get("id")
			.toString();
		this.client.get()
			.uri("/api/projects/{id}", id)
			.headers(this.requests.asTenant(hooli))
			.exchange()
			.expectStatus()
			.isOk();
		this.client.get()
			.uri("/api/projects/{id}", id)
			.headers(this.requests.asTenant(this.tenants.context("acme")))
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	@Test
	void writesTheTenantOfAnEntityAsAPlainUuid() {
		TenantContext acme = this.tenants.context("acme");
		String json = this.jsonMapper.writeValueAsString(new Project(acme.tenantId(), null, "Anvil", null, null, null));
		assertThat(json).contains("\"tenantId\":\"" + acme.tenantId().value() + "\"");
	}

	@Test
	void createsAProjectAndReadsItBack() {
		Created created = create("acme", "Road runner trap");
		String location = created.location();
		Map<String, Object> body = created.body();
		assertThat(body).containsEntry("name", "Road runner trap").containsKeys("id", "createdAt", "updatedAt");
		assertThat(location).isEqualTo("/api/projects/" + body.get("id"));

		this.client.get()
			.uri(location)
			.header(TENANT_HEADER, "acme")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.id")
			.isEqualTo(body.get("id"))
			.jsonPath("$.name")
			.isEqualTo("Road runner trap");
	}

	@Test
	void locationKeepsThePathPrefixTheTenantCameFrom() {
		EntityExchangeResult<Map<String, Object>> result = this.client.post()
			.uri("/t/acme/api/projects")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", "Giant kite kit"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JSON_OBJECT)
			.returnResult();
		Map<String, Object> body = result.getResponseBody();
		assertThat(body).isNotNull();
		URI location = result.getResponseHeaders().getLocation();
		assertThat(location).hasToString("/t/acme/api/projects/" + body.get("id"));
		this.client.get()
			.uri(location.toString())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.name")
			.isEqualTo("Giant kite kit");
	}

	@Test
	void anotherTenantsProjectLooksExactlyLikeAMissingOne() {
		String id = String.valueOf(create("acme", "Secret anvil").body().get("id"));

		UUID missingId = UUID.randomUUID();
		byte[] missing = this.client.get()
			.uri("/api/projects/{id}", missingId)
			.header(TENANT_HEADER, "globex")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.returnResult()
			.getResponseBody();
		byte[] foreign = this.client.get()
			.uri("/api/projects/{id}", id)
			.header(TENANT_HEADER, "globex")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.returnResult()
			.getResponseBody();
		// Byte for byte the same problem, once the id the client itself sent is masked.
		assertThat(new String(foreign, StandardCharsets.UTF_8).replace(id, "{id}"))
			.isEqualTo(new String(missing, StandardCharsets.UTF_8).replace(missingId.toString(), "{id}"))
			.contains("\"code\":\"not-found\"");

		this.client.put()
			.uri("/api/projects/{id}", id)
			.header(TENANT_HEADER, "globex")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", "Stolen"))
			.exchange()
			.expectStatus()
			.isNotFound();
		this.client.delete()
			.uri("/api/projects/{id}", id)
			.header(TENANT_HEADER, "globex")
			.exchange()
			.expectStatus()
			.isNotFound();
		this.client.get()
			.uri("/api/projects?size=100")
			.header(TENANT_HEADER, "globex")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((list) -> assertThat(list).doesNotContain(id));

		// Untouched for its owner.
		this.client.get()
			.uri("/api/projects/{id}", id)
			.header(TENANT_HEADER, "acme")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.name")
			.isEqualTo("Secret anvil");
	}

	@Test
	void updatesAndDeletesAProject() {
		String id = String.valueOf(create("globex", "Hammock district").body().get("id"));
		this.client.put()
			.uri("/api/projects/{id}", id)
			.header(TENANT_HEADER, "globex")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", "Hammock district, phase 2"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.name")
			.isEqualTo("Hammock district, phase 2");
		this.client.delete()
			.uri("/api/projects/{id}", id)
			.header(TENANT_HEADER, "globex")
			.exchange()
			.expectStatus()
			.isNoContent();
		this.client.get()
			.uri("/api/projects/{id}", id)
			.header(TENANT_HEADER, "globex")
			.exchange()
			.expectStatus()
			.isNotFound();
		this.client.delete()
			.uri("/api/projects/{id}", id)
			.header(TENANT_HEADER, "globex")
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	@Test
	void listsProjectsInBoundedPages() {
		String tenant = "acme";
		long before = total(tenant);
		for (int i = 0; i < 3; i++) {
			create(tenant, "Paged " + i);
		}
		assertThat(total(tenant)).isEqualTo(before + 3);
		this.client.get()
			.uri("/api/projects?page=0&size=2")
			.header(TENANT_HEADER, tenant)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.items.length()")
			.isEqualTo(2)
			.jsonPath("$.size")
			.isEqualTo(2);
		this.client.get()
			.uri("/api/projects?size=101")
			.header(TENANT_HEADER, tenant)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("validation-failed");
	}

	@Test
	void listsSortedAndSearchedWithTheDerivedFinder() {
		String tenant = "globex";
		for (String name : new String[] { "Beta sorted", "Alpha sorted", "Gamma sorted", "Alpha sorted" }) {
			create(tenant, name);
		}
		create("acme", "Delta sorted");
		Map<String, Object> page = this.client.get()
			.uri("/api/projects?q=SORTED&sort=name,desc&size=3")
			.header(TENANT_HEADER, tenant)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		assertThat(page).isNotNull().containsEntry("total", 4);
		assertThat(names(page)).containsExactly("Gamma sorted", "Beta sorted", "Alpha sorted");
		Map<String, Object> ascending = this.client.get()
			.uri("/api/projects?q=sorted&sort=name&size=100")
			.header(TENANT_HEADER, tenant)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		assertThat(ascending).isNotNull();
		assertThat(names(ascending)).containsExactly("Alpha sorted", "Alpha sorted", "Beta sorted", "Gamma sorted");
	}

	@Test
	void searchTreatsLikeWildcardsAsText() {
		String tenant = "globex";
		create(tenant, "Wildcard 100% done");
		create(tenant, "Wildcard 1000 done");
		Map<String, Object> page = this.client.get()
			.uri((uri) -> uri.path("/api/projects").queryParam("q", "{q}").build("0%"))
			.header(TENANT_HEADER, tenant)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		assertThat(page).isNotNull();
		assertThat(names(page)).containsExactly("Wildcard 100% done");
	}

	@Test
	void refusesSortingByAnythingButTheListedProperties() {
		for (String sort : new String[] { "tenantId", "bogus,desc", "name;DROP TABLE project", "name,sideways",
				"created_at", "," }) {
			this.client.get()
				.uri((uri) -> uri.path("/api/projects").queryParam("sort", "{sort}").build(sort))
				.header(TENANT_HEADER, "acme")
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("validation-failed");
		}
	}

	@SuppressWarnings("unchecked")
	private static java.util.List<Object> names(Map<String, Object> page) {
		return ((java.util.List<Map<String, Object>>) page.get("items")).stream()
			.map((item) -> item.get("name"))
			.toList();
	}

	@Test
	void refusesInvalidProjectsWithProblemDetails() {
		for (Object body : new Object[] { Map.of("name", "  "), Map.of(), Map.of("name", "x".repeat(201)) }) {
			this.client.post()
				.uri("/api/projects")
				.header(TENANT_HEADER, "acme")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(body)
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("validation-failed");
		}
		this.client.post()
			.uri("/api/projects")
			.header(TENANT_HEADER, "acme")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{not json")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		this.client.get()
			.uri("/api/projects/not-a-uuid")
			.header(TENANT_HEADER, "acme")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void refusesBlankAndMalformedIdsWith400WithoutEchoingThem() {
		for (String id : new String[] { " ", "\u1680", "\u3000", "\t", "not-a-uuid", "1-1-1-1-1",
				" " + UUID.randomUUID() }) {
			String body = this.client.get()
				.uri("/api/projects/{id}", id)
				.header(TENANT_HEADER, "acme")
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody(String.class)
				.returnResult()
				.getResponseBody();
			assertThat(body).as("'%s'", id).doesNotContain("instance").doesNotContain("/api/projects");
		}
	}

	@Test
	void refusesAValueTheDatabaseCannotStoreWith400AndNoErrorLog() {
		try (LogCapture logs = LogCapture.root()) {
			for (String name : new String[] { "ac\u0000me", "\u0000" }) {
				this.client.post()
					.uri("/api/projects")
					.header(TENANT_HEADER, "acme")
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(Map.of("name", name))
					.exchange()
					.expectStatus()
					.isBadRequest()
					.expectHeader()
					.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
					.expectBody()
					.jsonPath("$.code")
					.isEqualTo("invalid-value")
					.jsonPath("$.instance")
					.doesNotExist();
			}
			assertThat(logs.atLeast(Level.WARN)).isEmpty();
		}
	}

	@Test
	void refusesRequestsWithoutAServableTenant() {
		expectTenantProblem(null, HttpStatus.BAD_REQUEST, "tenant-missing");
		expectTenantProblem("ACME", HttpStatus.BAD_REQUEST, "tenant-malformed");
		expectTenantProblem("umbrella", HttpStatus.NOT_FOUND, "tenant-unknown");
		expectTenantProblem("initech", HttpStatus.FORBIDDEN, "tenant-suspended");
	}

	@Test
	void databaseAloneRefusesRowsWithoutATenantSetting() throws Exception {
		create("acme", "Visible only with a tenant");
		PostgresDatabase db = this.database;
		try (Connection connection = db.openJdbc(db.application());
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT count(*) FROM project")) {
			rows.next();
			assertThat(rows.getLong(1)).as("rows visible to the application role with no tenant set").isZero();
		}
		try (Connection connection = db.openJdbc(db.owner());
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(
						"SELECT relrowsecurity AND relforcerowsecurity FROM pg_class" + " WHERE relname = 'project'")) {
			rows.next();
			assertThat(rows.getBoolean(1)).as("project has forced row-level security").isTrue();
		}
	}

	private void expectTenantProblem(@Nullable String tenant, HttpStatus status, String code) {
		WebTestClient.RequestHeadersSpec<?> request = this.client.get().uri("/api/projects");
		if (tenant != null) {
			request = request.header(TENANT_HEADER, tenant);
		}
		String body = request.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(body).contains("\"code\":\"" + code + "\"");
		if (tenant != null) {
			assertThat(body).doesNotContain(tenant);
		}
	}

	private Created create(String tenant, String name) {
		EntityExchangeResult<Map<String, Object>> result = this.client.post()
			.uri("/api/projects")
			.header(TENANT_HEADER, tenant)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", name))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JSON_OBJECT)
			.returnResult();
		URI location = result.getResponseHeaders().getLocation();
		Map<String, Object> body = result.getResponseBody();
		assertThat(location).as("Location header").isNotNull();
		assertThat(body).as("created project").isNotNull();
		return new Created(location.toString(), body);
	}

	private long total(String tenant) {
		Map<String, Object> page = this.client.get()
			.uri("/api/projects?size=1")
			.header(TENANT_HEADER, tenant)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		assertThat(page).isNotNull();
		return ((Number) page.get("total")).longValue();
	}

	private record Created(String location, Map<String, Object> body) {
	}

}
