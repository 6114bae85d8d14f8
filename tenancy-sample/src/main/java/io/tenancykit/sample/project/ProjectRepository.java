package io.tenancykit.sample.project;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.spi.Parameters;
import io.r2dbc.spi.Readable;
import io.tenancykit.api.TenantId;
import io.tenancykit.persistence.repository.TenantScopedRepository;
import io.tenancykit.persistence.repository.TenantTable;
import io.tenancykit.persistence.rls.RowLevelSecurity;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * The projects of a tenant. Every operation is inherited from
 * {@link TenantScopedRepository} and takes the {@link io.tenancykit.api.TenantContext}
 * first.
 */
@Repository
public class ProjectRepository extends TenantScopedRepository<Project, UUID> {

	static final TenantTable<Project, UUID> TABLE = new TenantTable<>("project", "id",
			List.of("name", "created_at", "updated_at"), Project::id, ProjectRepository::map,
			(project) -> Map.of("name", Parameters.in(project.name()), "created_at",
					Parameters.in(project.createdAt().atOffset(ZoneOffset.UTC)), "updated_at",
					Parameters.in(project.updatedAt().atOffset(ZoneOffset.UTC))));

	public ProjectRepository(DatabaseClient client, RowLevelSecurity rowLevelSecurity) {
		super(client, TABLE, rowLevelSecurity);
	}

	private static Project map(Readable row) {
		return new Project(new TenantId(required(row.get("tenant_id", UUID.class), "tenant_id")),
				required(row.get("id", UUID.class), "id"), required(row.get("name", String.class), "name"),
				required(row.get("created_at", OffsetDateTime.class), "created_at").toInstant(),
				required(row.get("updated_at", OffsetDateTime.class), "updated_at").toInstant());
	}

	private static <V> V required(@org.jspecify.annotations.Nullable V value, String column) {
		if (value == null) {
			throw new IllegalStateException("column '" + column + "' of table project is null");
		}
		return value;
	}

}
