package io.tenancykit.benchmarks.e2e;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A project as the API shows it, the same JSON as the sample's {@code ProjectResponse}.
 *
 * @param id the id
 * @param name the name
 * @param createdAt when it was created
 * @param updatedAt when it was last changed
 */
record ProjectJson(@Nullable UUID id, String name, @Nullable Instant createdAt, @Nullable Instant updatedAt) {

	/**
	 * One page of projects, the same JSON as the sample's {@code ProjectPage}.
	 *
	 * @param items the projects on this page, by creation time
	 * @param page the zero-based page number
	 * @param size the requested page size
	 * @param total the number of the tenant's projects
	 */
	record Page(List<ProjectJson> items, int page, int size, long total) {
	}

	/**
	 * The body of a create or update request.
	 *
	 * @param name the project name
	 */
	record Request(@Nullable String name) {
	}

}
