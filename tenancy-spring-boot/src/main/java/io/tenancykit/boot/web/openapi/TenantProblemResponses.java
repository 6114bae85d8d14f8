package io.tenancykit.boot.web.openapi;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.tenancykit.web.problem.TenancyProblems;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The problem responses every tenant-scoped operation can answer, taken from the
 * {@link TenancyProblems} catalogue so that the documented codes, titles and details are
 * the ones served: 400, 403, 404 and 503 (with {@code Retry-After}). 409 and 500 depend
 * on what a handler writes and are left to the application.
 */
final class TenantProblemResponses {

	/** The name of the schema component of the kit's problems. */
	static final String SCHEMA_NAME = "TenancyProblem";

	static final List<HttpStatus> STATUSES = List.of(HttpStatus.BAD_REQUEST, HttpStatus.FORBIDDEN, HttpStatus.NOT_FOUND,
			HttpStatus.SERVICE_UNAVAILABLE);

	private static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

	private final Map<HttpStatus, List<String>> codesByStatus;

	private final long retryAfterSeconds;

	TenantProblemResponses(Duration retryAfter, Predicate<String> answerable) {
		this.retryAfterSeconds = Math.max(1, retryAfter.toSeconds());
		this.codesByStatus = new TreeSet<>(TenancyProblems.codes()).stream()
			.filter(answerable)
			.collect(Collectors.groupingBy((code) -> HttpStatus.valueOf(TenancyProblems.problem(code).getStatus()),
					LinkedHashMap::new, Collectors.toList()));
	}

	/**
	 * Add the problem responses to an operation. A status the operation documents already
	 * keeps its description; it gains the problem content and, for 503, the
	 * {@code Retry-After} header when they are missing.
	 */
	void addTo(Operation operation) {
		if (operation.getResponses() == null) {
			operation.setResponses(new ApiResponses());
		}
		for (HttpStatus status : STATUSES) {
			List<String> codes = this.codesByStatus.getOrDefault(status, List.of());
			if (codes.isEmpty()) {
				continue;
			}
			String key = Integer.toString(status.value());
			ApiResponse response = operation.getResponses().get(key);
			if (response == null) {
				response = new ApiResponse().description(description(codes));
				operation.getResponses().addApiResponse(key, response);
			}
			if (response.getContent() == null) {
				response.setContent(new Content());
			}
			if (!response.getContent().containsKey(PROBLEM_JSON)) {
				response.getContent().addMediaType(PROBLEM_JSON, mediaType(codes));
			}
			if (status == HttpStatus.SERVICE_UNAVAILABLE
					&& (response.getHeaders() == null || !response.getHeaders().containsKey(HttpHeaders.RETRY_AFTER))) {
				response.addHeaderObject(HttpHeaders.RETRY_AFTER, retryAfter());
			}
		}
	}

	/**
	 * Add the schema component the responses refer to, unless the application defines one
	 * of that name.
	 */
	void registerSchema(OpenAPI openApi) {
		if (openApi.getComponents() == null) {
			openApi.setComponents(new Components());
		}
		Components components = openApi.getComponents();
		if (components.getSchemas() == null || !components.getSchemas().containsKey(SCHEMA_NAME)) {
			components.addSchemas(SCHEMA_NAME, schema());
		}
	}

	private static String description(List<String> codes) {
		return "Problem (RFC 9457) with code "
				+ codes.stream().map((code) -> "`" + code + "`").collect(Collectors.joining(", ")) + ".";
	}

	private static MediaType mediaType(List<String> codes) {
		MediaType mediaType = new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + SCHEMA_NAME));
		for (String code : codes) {
			ProblemDetail problem = TenancyProblems.problem(code);
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("type", String.valueOf(problem.getType()));
			body.put("title", problem.getTitle());
			body.put("status", problem.getStatus());
			body.put("detail", problem.getDetail());
			body.put(TenancyProblems.CODE_PROPERTY, code);
			mediaType.addExamples(code, new Example().summary(problem.getTitle()).value(body));
		}
		return mediaType;
	}

	private Header retryAfter() {
		IntegerSchema seconds = new IntegerSchema();
		seconds.setMinimum(BigDecimal.ONE);
		seconds.setDefault(this.retryAfterSeconds);
		return new Header()
			.description("Seconds to wait before retrying (tenancy.web.resolution.retry-after); this service sends "
					+ this.retryAfterSeconds + ".")
			.schema(seconds);
	}

	private static Schema<?> schema() {
		ObjectSchema schema = new ObjectSchema();
		schema.setDescription("A problem detail (RFC 9457) of Tenancy Kit; clients switch on 'code' or 'type', never "
				+ "on the texts. Served as application/problem+json with Cache-Control: no-store.");
		schema.addProperty("type", text("Stable problem type URI.").format("uri"));
		schema.addProperty("title", text("Fixed title of the problem type."));
		schema.addProperty("status", new IntegerSchema().description("HTTP status code."));
		schema.addProperty("detail", text("Fixed explanation; never echoes request input."));
		schema.addProperty("instance", text("Occurrence id, when set.").format("uri"));
		schema.addProperty(TenancyProblems.CODE_PROPERTY, text("Stable machine-readable code (docs/errors.md)."));
		schema.setRequired(List.of("type", "title", "status", TenancyProblems.CODE_PROPERTY));
		return schema;
	}

	private static StringSchema text(String description) {
		StringSchema schema = new StringSchema();
		schema.setDescription(description);
		return schema;
	}

}
