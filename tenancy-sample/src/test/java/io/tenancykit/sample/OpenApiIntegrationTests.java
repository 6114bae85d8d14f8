package io.tenancykit.sample;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tenancykit.test.PostgresTest;
import io.tenancykit.web.resolution.TenantResolutionSettings;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's OpenAPI description, fetched over HTTP from the real application without a
 * tenant: every project operation says how the tenant is passed and which problems the
 * kit answers, no {@code TenantContext} leaks into the contract, and Swagger UI is served
 * without a tenant.
 */
@PostgresTest
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.flyway.locations=classpath:db/migration", "spring.flyway.schemas=public",
				"spring.flyway.default-schema=public" })
class OpenApiIntegrationTests {

	private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options",
			"trace");

	private static final String PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

	@Autowired
	private JsonMapper jsonMapper;

	@Autowired
	private TenantResolutionSettings settings;

	private final WebTestClient client;

	OpenApiIntegrationTests(@LocalServerPort int port) {
		// A generous timeout: the description is built on the first request of a cold
		// JVM.
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	@Test
	void documentsTheTenantHeaderOnEveryProjectOperation() {
		List<JsonNode> operations = projectOperations(apiDocs());
		assertThat(operations).hasSize(6);
		for (JsonNode operation : operations) {
			List<JsonNode> tenantHeaders = new ArrayList<>();
			for (JsonNode parameter : operation.path("parameters").values()) {
				if (parameter.path("in").asString().equals("header")
						&& parameter.path("name").asString().equals(this.settings.headerName())) {
					tenantHeaders.add(parameter);
				}
			}
			assertThat(tenantHeaders).as(operation.path("operationId").asString())
				.singleElement()
				.satisfies((header) -> {
					// The sample has neither Spring Security nor base domains: the header
					// is
					// the only source.
					assertThat(header.path("required").asBoolean()).isTrue();
					assertThat(header.path("schema").path("pattern").asString()).isNotEmpty();
				});
			assertThat(operation.path("x-tenancy-sources").values()).extracting(JsonNode::asString)
				.containsExactly("header");
			assertThat(operation.path("description").asString()).contains("`" + this.settings.headerName() + "`");
		}
	}

	@Test
	void documentsTheKitsProblemResponsesOnEveryProjectOperation() {
		JsonNode docs = apiDocs();
		Map<String, List<String>> expected = Map.of("400",
				List.of("invalid-value", "tenant-conflicting", "tenant-malformed", "tenant-missing"), "403",
				List.of("tenant-suspended"), "404", List.of("not-found", "tenant-unknown"), "503",
				List.of("database-unavailable", "deadline-exceeded", "tenant-directory-unavailable"));
		for (JsonNode operation : projectOperations(docs)) {
			expected.forEach((status, codes) -> {
				JsonNode response = operation.path("responses").path(status);
				JsonNode problem = response.path("content").path(PROBLEM_JSON);
				assertThat(problem.path("schema").path("$ref").asString())
					.isEqualTo("#/components/schemas/TenancyProblem");
				assertThat(problem.path("examples").propertyNames()).containsExactlyInAnyOrderElementsOf(codes);
				for (String code : codes) {
					JsonNode example = problem.path("examples").path(code).path("value");
					assertThat(example.path("code").asString()).isEqualTo(code);
					assertThat(example.path("type").asString()).isEqualTo("https://tenancykit.io/problems/" + code);
					assertThat(example.path("status").asInt()).isEqualTo(Integer.parseInt(status));
				}
			});
			JsonNode retryAfter = operation.path("responses").path("503").path("headers").path("Retry-After");
			assertThat(retryAfter.path("schema").path("default").asInt())
				.isEqualTo(this.settings.retryAfter().toSeconds());
		}
		assertThat(docs.path("components").path("schemas").path("TenancyProblem").path("properties").propertyNames())
			.contains("type", "title", "status", "detail", "code");
	}

	@Test
	void hidesTenantContextFromTheContract() {
		String json = this.client.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(json).doesNotContainIgnoringCase("TenantContext");
		JsonNode docs = this.jsonMapper.readTree(json);
		for (JsonNode operation : projectOperations(docs)) {
			assertThat(operation.path("parameters").values())
				.extracting((parameter) -> parameter.path("name").asString())
				.doesNotContain("tenant");
		}
	}

	@Test
	void servesTheDescriptionAndSwaggerUiWithoutATenant() {
		this.client.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_JSON);
		this.client.get().uri("/v3/api-docs/swagger-config").exchange().expectStatus().isOk();
		URI index = this.client.get()
			.uri("/swagger-ui.html")
			.exchange()
			.expectStatus()
			.is3xxRedirection()
			.returnResult(Void.class)
			.getResponseHeaders()
			.getLocation();
		assertThat(index).isNotNull();
		String page = this.client.get()
			.uri(index.getPath())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(page).contains("swagger-ui");
		String base = index.getPath().substring(0, index.getPath().lastIndexOf('/') + 1);
		for (String asset : List.of("swagger-ui-bundle.js", "swagger-initializer.js", "swagger-ui.css")) {
			this.client.get().uri(base + asset).exchange().expectStatus().isOk();
		}
	}

	private JsonNode apiDocs() {
		byte[] body = this.client.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult()
			.getResponseBody();
		assertThat(body).isNotNull();
		return this.jsonMapper.readTree(body);
	}

	private static List<JsonNode> projectOperations(JsonNode docs) {
		List<JsonNode> operations = new ArrayList<>();
		for (Map.Entry<String, JsonNode> path : docs.path("paths").properties()) {
			if (path.getKey().startsWith("/api/projects")) {
				path.getValue()
					.properties()
					.stream()
					.filter((entry) -> METHODS.contains(entry.getKey()))
					.forEach((operation) -> operations.add(operation.getValue()));
			}
		}
		return operations;
	}

}
