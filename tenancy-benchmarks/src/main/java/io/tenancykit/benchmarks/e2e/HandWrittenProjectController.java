package io.tenancykit.benchmarks.e2e;

import java.net.URI;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The benchmarked endpoints of the sample's {@code /api/projects}, with the same paths,
 * status codes and JSON: read by id, a page, create and rename. A missing project answers
 * 404; validation matches the sample's (a name of 1 to 200 characters, not blank).
 */
@RestController
@RequestMapping("/api/projects")
class HandWrittenProjectController {

	private static final int MAX_PAGE_SIZE = 100;

	private static final int MAX_NAME_LENGTH = 200;

	private static final Logger logger = LoggerFactory.getLogger(HandWrittenProjectController.class);

	private final TenantKeys tenants;

	private final ProjectStatements projects;

	HandWrittenProjectController(TenantKeys tenants, ProjectStatements projects) {
		this.tenants = tenants;
		this.projects = projects;
	}

	@GetMapping("/{id}")
	Mono<ProjectJson> get(@RequestHeader(name = TenantKeys.HEADER, required = false) @Nullable String key,
			@PathVariable UUID id) {
		UUID tenant = this.tenants.resolve(key);
		return this.projects.findById(tenant, id).switchIfEmpty(notFound());
	}

	@GetMapping
	Mono<ProjectJson.Page> list(@RequestHeader(name = TenantKeys.HEADER, required = false) @Nullable String key,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
		UUID tenant = this.tenants.resolve(key);
		if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "invalid page");
		}
		return this.projects.findPage(tenant, page, size);
	}

	@PostMapping
	Mono<ResponseEntity<ProjectJson>> create(
			@RequestHeader(name = TenantKeys.HEADER, required = false) @Nullable String key,
			@RequestBody ProjectJson.Request request) {
		UUID tenant = this.tenants.resolve(key);
		String name = validName(request);
		return this.projects.insert(tenant, name).map((created) -> {
			logger.atInfo()
				.addKeyValue("tenant_id", tenant)
				.addKeyValue("project_id", created.id())
				.log("Project created");
			return ResponseEntity.created(URI.create("/api/projects/" + created.id())).body(created);
		});
	}

	@PutMapping("/{id}")
	Mono<ProjectJson> update(@RequestHeader(name = TenantKeys.HEADER, required = false) @Nullable String key,
			@PathVariable UUID id, @RequestBody ProjectJson.Request request) {
		UUID tenant = this.tenants.resolve(key);
		return this.projects.rename(tenant, id, validName(request)).switchIfEmpty(notFound());
	}

	private static String validName(ProjectJson.@Nullable Request request) {
		String name = (request != null) ? request.name() : null;
		if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "invalid name");
		}
		return name;
	}

	private static <T> Mono<T> notFound() {
		return Mono.error(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "project not found"));
	}

}
