package io.tenancykit.sample.project;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import io.tenancykit.api.TenantContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The HTTP API of projects. Every handler takes the tenant as an explicit
 * {@link TenantContext} argument, resolved by the kit's filter, and passes it on to the
 * repository. Another tenant's project is indistinguishable from a missing one.
 */
@RestController
@RequestMapping("/api/projects")
class ProjectController {

	static final URI NOT_FOUND_TYPE = URI.create("https://tenancykit.io/problems/sample/project-not-found");

	static final URI VALIDATION_TYPE = URI.create("https://tenancykit.io/problems/sample/validation-failed");

	static final int MAX_PAGE_SIZE = 100;

	private static final Logger logger = LoggerFactory.getLogger(ProjectController.class);

	private final ProjectRepository projects;

	private final Clock clock;

	ProjectController(ProjectRepository projects) {
		this.projects = projects;
		this.clock = Clock.systemUTC();
	}

	@PostMapping
	Mono<ResponseEntity<ProjectResponse>> create(TenantContext tenant, @RequestBody ProjectRequest request) {
		String name = validName(request);
		Instant now = now();
		Project project = new Project(tenant.tenantId(), UUID.randomUUID(), name, now, now);
		return this.projects.insert(tenant, project).map((created) -> {
			logger.atInfo()
				.addKeyValue("tenant_id", tenant.tenantId())
				.addKeyValue("project_id", created.id())
				.log("Project created");
			return ResponseEntity.created(URI.create("/api/projects/" + created.id()))
				.body(ProjectResponse.of(created));
		});
	}

	@GetMapping
	Mono<ProjectPage> list(TenantContext tenant, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size) {
		if (page < 0) {
			throw validationFailed("'page' must be zero or greater");
		}
		if (size < 1 || size > MAX_PAGE_SIZE) {
			throw validationFailed("'size' must be between 1 and " + MAX_PAGE_SIZE);
		}
		Mono<List<ProjectResponse>> items = this.projects.findAll(tenant, page, size)
			.map(ProjectResponse::of)
			.collectList();
		return Mono.zip(items, this.projects.count(tenant))
			.map((result) -> new ProjectPage(result.getT1(), page, size, result.getT2()));
	}

	@GetMapping("/{id}")
	Mono<ProjectResponse> get(TenantContext tenant, @PathVariable UUID id) {
		return this.projects.findById(tenant, id).map(ProjectResponse::of).switchIfEmpty(notFound());
	}

	@PutMapping("/{id}")
	Mono<ProjectResponse> update(TenantContext tenant, @PathVariable UUID id, @RequestBody ProjectRequest request) {
		String name = validName(request);
		return this.projects.findById(tenant, id)
			.flatMap((existing) -> this.projects.update(tenant, existing.rename(name, now())))
			.map(ProjectResponse::of)
			.switchIfEmpty(notFound());
	}

	@DeleteMapping("/{id}")
	Mono<ResponseEntity<Void>> delete(TenantContext tenant, @PathVariable UUID id) {
		return this.projects.deleteById(tenant, id).flatMap((deleted) -> {
			if (deleted == 0) {
				return notFound();
			}
			logger.atInfo()
				.addKeyValue("tenant_id", tenant.tenantId())
				.addKeyValue("project_id", id)
				.log("Project deleted");
			return Mono.just(ResponseEntity.noContent().build());
		});
	}

	private Instant now() {
		// PostgreSQL keeps microseconds: truncate so that responses equal what is stored.
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	private static String validName(@Nullable ProjectRequest request) {
		String name = (request != null) ? request.name() : null;
		if (name == null || name.isBlank()) {
			throw validationFailed("'name' must not be blank");
		}
		if (name.length() > Project.MAX_NAME_LENGTH) {
			throw validationFailed("'name' must be at most " + Project.MAX_NAME_LENGTH + " characters");
		}
		return name;
	}

	private static ErrorResponseException validationFailed(String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
		problem.setType(VALIDATION_TYPE);
		problem.setTitle("Validation failed");
		problem.setProperty("code", "validation-failed");
		return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
	}

	private static <T> Mono<T> notFound() {
		return Mono.error(() -> {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "project not found");
			problem.setType(NOT_FOUND_TYPE);
			problem.setTitle("Project not found");
			problem.setProperty("code", "project-not-found");
			return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
		});
	}

	/**
	 * The body of a create or update request.
	 *
	 * @param name the project name
	 */
	record ProjectRequest(@Nullable String name) {
	}

	/**
	 * A project as the API shows it. The tenant is implied by the request and not
	 * repeated.
	 *
	 * @param id the id
	 * @param name the name
	 * @param createdAt when it was created
	 * @param updatedAt when it was last changed
	 */
	record ProjectResponse(UUID id, String name, Instant createdAt, Instant updatedAt) {

		static ProjectResponse of(Project project) {
			return new ProjectResponse(project.id(), project.name(), project.createdAt(), project.updatedAt());
		}

	}

	/**
	 * One page of projects.
	 *
	 * @param items the projects on this page, in id order
	 * @param page the zero-based page number
	 * @param size the requested page size
	 * @param total the number of projects of the tenant
	 */
	record ProjectPage(List<ProjectResponse> items, int page, int size, long total) {
	}

}
