package io.tenancykit.sample.project;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import io.tenancykit.api.NotFoundInTenantException;
import io.tenancykit.api.TenantContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.server.reactive.ServerHttpRequest;
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
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The HTTP API of projects. Every handler takes the tenant as an explicit
 * {@link TenantContext} argument, resolved by the kit's filter, and passes it on to the
 * repository. Another tenant's project is indistinguishable from a missing one: both
 * answer the kit's {@code not-found} problem.
 */
@RestController
@RequestMapping("/api/projects")
class ProjectController {

	static final URI VALIDATION_TYPE = URI.create("https://tenancykit.io/problems/sample/validation-failed");

	static final int MAX_PAGE_SIZE = 100;

	/** The properties a listing may be sorted by, as {@code sort=name,desc}. */
	static final Set<String> SORTABLE = Set.of("name", "createdAt", "updatedAt");

	private static final Sort DEFAULT_SORT = Sort.by("createdAt");

	private static final Logger logger = LoggerFactory.getLogger(ProjectController.class);

	private final ProjectRepository projects;

	private final ProjectEvents events;

	ProjectController(ProjectRepository projects, ProjectEvents events) {
		this.projects = projects;
		this.events = events;
	}

	@PostMapping
	Mono<ResponseEntity<ProjectResponse>> create(TenantContext tenant, @RequestBody ProjectRequest request,
			ServerHttpRequest http) {
		String name = validName(request);
		return this.projects.save(tenant, Project.create(tenant.tenantId(), name)).map((created) -> {
			logger.atInfo()
				.addKeyValue("tenant_id", tenant.tenantId())
				.addKeyValue("project_id", created.id())
				.log("Project created");
			// The context path is where the application was reached: empty, or the
			// /t/{tenant} prefix when the tenant came from the path, which the new
			// resource's address must keep. The rest is this route, not the raw path.
			URI location = UriComponentsBuilder.fromPath(http.getPath().contextPath().value())
				.path("/api/projects/{id}")
				.buildAndExpand(created.id())
				.toUri();
			return ResponseEntity.created(location).body(ProjectResponse.of(created));
		});
	}

	@GetMapping
	Mono<ProjectPage> list(TenantContext tenant, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size, @RequestParam(required = false) @Nullable List<String> sort,
			@RequestParam(required = false) @Nullable String q) {
		if (page < 0) {
			throw validationFailed("'page' must be zero or greater");
		}
		if (size < 1 || size > MAX_PAGE_SIZE) {
			throw validationFailed("'size' must be between 1 and " + MAX_PAGE_SIZE);
		}
		Pageable pageable = PageRequest.of(page, size, sortOf(sort));
		Mono<Page<Project>> found = (q != null && !q.isEmpty())
				? this.projects.findByNameContainingIgnoreCase(tenant, q, pageable)
				: this.projects.findAll(tenant, pageable);
		return found.map((result) -> new ProjectPage(result.map(ProjectResponse::of).getContent(), page, size,
				result.getTotalElements()));
	}

	/**
	 * Stream the tenant's project changes as server-sent events, only the tenant's own.
	 */
	@GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<ProjectEvents.ProjectEvent>> events(TenantContext tenant) {
		logger.atInfo().addKeyValue("tenant_id", tenant.tenantId()).log("Project events subscribed");
		return this.events.of(tenant);
	}

	@GetMapping("/{id}")
	Mono<ProjectResponse> get(TenantContext tenant, @PathVariable UUID id) {
		return this.projects.findById(tenant, id).map(ProjectResponse::of).switchIfEmpty(notFound());
	}

	@PutMapping("/{id}")
	Mono<ProjectResponse> update(TenantContext tenant, @PathVariable UUID id, @RequestBody ProjectRequest request) {
		String name = validName(request);
		return this.projects.findById(tenant, id)
			.switchIfEmpty(notFound())
			.flatMap((existing) -> this.projects.save(tenant, existing.rename(name)))
			.map(ProjectResponse::of);
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

	private static Sort sortOf(@Nullable List<String> sort) {
		if (sort == null || sort.isEmpty()) {
			return DEFAULT_SORT;
		}
		List<Sort.Order> orders = new ArrayList<>();
		// Spring Data's convention: sort=name,desc; a bare comma-separated list of
		// properties shares the last direction.
		String[] parts = String.join(",", sort).split(",", -1);
		Sort.Direction direction = Sort.Direction.ASC;
		int end = parts.length;
		String last = parts[parts.length - 1].strip();
		if (last.equalsIgnoreCase("asc") || last.equalsIgnoreCase("desc")) {
			direction = Sort.Direction.fromString(last);
			end--;
		}
		for (int i = 0; i < end; i++) {
			String property = parts[i].strip();
			if (!SORTABLE.contains(property)) {
				throw validationFailed("'sort' must name one of " + new TreeSet<>(SORTABLE)
						+ ", optionally followed by ,asc or ,desc");
			}
			orders.add(new Sort.Order(direction, property));
		}
		if (orders.isEmpty()) {
			throw validationFailed("'sort' must name a property");
		}
		return Sort.by(orders);
	}

	private static String validName(@Nullable ProjectRequest request) {
		String name = (request != null) ? request.name() : null;
		if (name == null || name.isBlank()) {
			throw validationFailed("'name' must not be blank");
		}
		if (name.length() > Project.MAX_NAME_LENGTH) {
			throw validationFailed("'name' must be at most " + Project.MAX_NAME_LENGTH + " characters");
		}
		// Text PostgreSQL cannot store as sent (a NUL, a lone surrogate) is refused by
		// the kit as 400 invalid-value, with nothing stored.
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
		return Mono.error(() -> new NotFoundInTenantException("project not found"));
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
	record ProjectResponse(@Nullable UUID id, String name, @Nullable Instant createdAt, @Nullable Instant updatedAt) {

		static ProjectResponse of(Project project) {
			return new ProjectResponse(project.id(), project.name(), project.createdAt(), project.updatedAt());
		}

	}

	/**
	 * One page of projects.
	 *
	 * @param items the projects on this page, in the requested order (creation time by
	 * default)
	 * @param page the zero-based page number
	 * @param size the requested page size
	 * @param total the number of matching projects of the tenant
	 */
	record ProjectPage(List<ProjectResponse> items, int page, int size, long total) {
	}

}
