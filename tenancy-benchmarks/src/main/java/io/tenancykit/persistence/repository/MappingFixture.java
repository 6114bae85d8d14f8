package io.tenancykit.persistence.repository;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.tenancykit.api.Tenant;
import io.tenancykit.api.TenantContext;
import io.tenancykit.api.TenantId;
import io.tenancykit.api.TenantKey;
import io.tenancykit.api.TenantStatus;
import org.jspecify.annotations.NullMarked;

import org.springframework.data.r2dbc.convert.MappingR2dbcConverter;
import org.springframework.data.r2dbc.convert.R2dbcConverter;
import org.springframework.data.r2dbc.mapping.R2dbcMappingContext;
import org.springframework.data.relational.core.mapping.RelationalPersistentEntity;

/**
 * What the statement and row-mapping benchmarks share: the converter the kit's
 * {@code TenantScopedTemplate.create(…)} builds, the tenant and the entity metadata.
 */
@NullMarked
final class MappingFixture {

	final R2dbcConverter converter;

	final TenantContext context;

	final TenantEntity<BenchmarkProject> meta;

	MappingFixture() {
		// As TenantScopedTemplate.create(…) does.
		var conversions = TenantIdConverters.conversions(List.of());
		R2dbcMappingContext mapping = new R2dbcMappingContext();
		mapping.setSimpleTypeHolder(conversions.getSimpleTypeHolder());
		this.converter = new MappingR2dbcConverter(mapping, conversions);
		Instant now = Instant.parse("2026-11-29T12:00:00Z");
		Tenant tenant = new Tenant(new TenantId(UUID.nameUUIDFromBytes("acme".getBytes(StandardCharsets.UTF_8))),
				TenantKey.parse("acme"), "Acme", TenantStatus.ACTIVE, now, now);
		this.context = TenantContext.of(tenant);
		this.meta = entity(mapping);
	}

	// The mapping context types its entities with a wildcard; the entity of
	// BenchmarkProject.class is one of BenchmarkProject, as the template's cache assumes.
	@SuppressWarnings("unchecked")
	private static TenantEntity<BenchmarkProject> entity(R2dbcMappingContext mapping) {
		return TenantEntity.of((RelationalPersistentEntity<BenchmarkProject>) mapping
			.getRequiredPersistentEntity(BenchmarkProject.class));
	}

}
