package io.tenancykit.sample.project;

import java.util.Locale;
import java.util.UUID;

import io.tenancykit.api.TenantContext;
import io.tenancykit.persistence.changes.ChangeEvent;
import io.tenancykit.persistence.changes.TenantChangeStreams;
import io.tenancykit.sample.project.ProjectController.ProjectResponse;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;

/**
 * The project changes of one tenant as server-sent events. The kit's change stream
 * delivers only pointers of the tenant's own changes; an inserted or updated project is
 * re-read through the tenant-scoped repository, so that what the client sees passed both
 * walls.
 */
@Component
class ProjectEvents {

	private static final String TABLE = "project";

	private final TenantChangeStreams changes;

	private final ProjectRepository projects;

	ProjectEvents(TenantChangeStreams changes, ProjectRepository projects) {
		this.changes = changes;
		this.projects = projects;
	}

	/**
	 * Return the tenant's project events: {@code resync} (load the list again; the first
	 * event of every stream), then {@code insert}, {@code update} and {@code delete}.
	 */
	Flux<ServerSentEvent<ProjectEvent>> of(TenantContext tenant) {
		return this.changes.changes(tenant, TABLE).concatMap((event) -> {
			if (event instanceof ChangeEvent.Change change) {
				return changed(tenant, change);
			}
			ChangeEvent.Reason reason = ((ChangeEvent.Resync) event).reason();
			return Mono.just(sse("resync", new ProjectEvent(null, reason.name().toLowerCase(Locale.ROOT), null)));
		});
	}

	private Mono<ServerSentEvent<ProjectEvent>> changed(TenantContext tenant, ChangeEvent.Change change) {
		String name = change.operation().name().toLowerCase(Locale.ROOT);
		UUID id = UUID.fromString(change.id());
		ServerSentEvent<ProjectEvent> pointer = sse(name, new ProjectEvent(id, null, null));
		if (change.operation() == ChangeEvent.Operation.DELETE) {
			return Mono.just(pointer);
		}
		// Deleted again since: the pointer alone, a delete event follows.
		return this.projects.findById(tenant, id)
			.map((project) -> sse(name, new ProjectEvent(id, null, ProjectResponse.of(project))))
			.defaultIfEmpty(pointer);
	}

	private static ServerSentEvent<ProjectEvent> sse(String name, ProjectEvent data) {
		return ServerSentEvent.builder(data).event(name).build();
	}

	/**
	 * The data of a project event.
	 *
	 * @param id the project's id, for insert, update and delete
	 * @param reason why to reload, for resync: subscribed, overflow or reconnected
	 * @param project the project as re-read, for insert and update while it still exists
	 */
	record ProjectEvent(@Nullable UUID id, @Nullable String reason, @Nullable ProjectResponse project) {
	}

}
