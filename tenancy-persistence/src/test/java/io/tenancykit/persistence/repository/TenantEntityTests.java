package io.tenancykit.persistence.repository;

import java.util.UUID;

import io.tenancykit.api.TenantId;
import io.tenancykit.persistence.rls.RowLevelSecurity;
import io.tenancykit.persistence.support.Note;
import org.junit.jupiter.api.Test;

import org.springframework.data.annotation.Id;
import org.springframework.data.mapping.MappingException;
import org.springframework.data.relational.core.mapping.Column;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How the template finds the tenant property of an entity, and the messages of the
 * entities it refuses. No connection is made: the client has no database behind it.
 */
class TenantEntityTests {

	private final TenantScopedTemplate template = TenantScopedTemplate
		.create(DatabaseClient.create(new io.r2dbc.spi.ConnectionFactory() {

			@Override
			public org.reactivestreams.Publisher<? extends io.r2dbc.spi.Connection> create() {
				throw new IllegalStateException("no database in unit tests");
			}

			@Override
			public io.r2dbc.spi.ConnectionFactoryMetadata getMetadata() {
				return () -> "PostgreSQL";
			}

		}), RowLevelSecurity.ENABLED);

	@Test
	void findsTheTenantIdOfATenantOwnedEntity() {
		assertThat(this.template.entity(Note.class).tenantProperty().getName()).isEqualTo("tenantId");
	}

	@Test
	void findsAUuidPropertyMappedToTheTenantIdColumn() {
		assertThat(this.template.entity(UuidOwned.class).tenantProperty().getName()).isEqualTo("tenantId");
	}

	@Test
	void findsThePropertyAnnotatedWithOwningTenant() {
		assertThat(this.template.entity(Annotated.class).tenantProperty().getName()).isEqualTo("owner");
	}

	@Test
	void refusesAnEntityWithoutId() {
		assertThatExceptionOfType(MappingException.class)
			.isThrownBy(() -> this.template.requireTenantOwned(WithoutId.class))
			.withMessage("Entity " + WithoutId.class.getName()
					+ " has no id property: annotate one with @org.springframework.data.annotation.Id");
	}

	@Test
	void refusesAnEntityWithoutTenantProperty() {
		assertThatExceptionOfType(MappingException.class)
			.isThrownBy(() -> this.template.requireTenantOwned(WithoutTenant.class))
			.withMessage("Entity " + WithoutTenant.class.getName()
					+ " is not tenant-owned: map a property to the column tenant_id, annotate it with @OwningTenant"
					+ " or implement TenantOwned");
	}

	@Test
	void refusesARepositoryOfAnEntityWithoutTenantProperty() {
		assertThatExceptionOfType(MappingException.class)
			.isThrownBy(() -> new TenantScopedRepository<WithoutTenant, UUID>(this.template) {
			})
			.withMessageContaining(WithoutTenant.class.getName() + " is not tenant-owned");
	}

	@Test
	void refusesAnOwningTenantMappedToAnotherColumn() {
		assertThatExceptionOfType(MappingException.class)
			.isThrownBy(() -> this.template.requireTenantOwned(OwnerColumn.class))
			.withMessage("Tenant property 'owner' of entity " + OwnerColumn.class.getName()
					+ " must map to the column tenant_id, not owner");
	}

	@Test
	void refusesATenantPropertyOfAnotherType() {
		assertThatExceptionOfType(MappingException.class)
			.isThrownBy(() -> this.template.requireTenantOwned(TextTenant.class))
			.withMessage("Tenant property 'tenantId' of entity " + TextTenant.class.getName()
					+ " must be of type TenantId or UUID, not java.lang.String");
	}

	@Table("test_note")
	record UuidOwned(@Id UUID id, UUID tenantId, String body) {
	}

	@Table("test_note")
	record Annotated(@Id UUID id, @OwningTenant @Column("tenant_id") TenantId owner, String body) {
	}

	@Table("test_note")
	record WithoutId(TenantId tenantId, String body) implements TenantOwned {
	}

	@Table("test_note")
	record WithoutTenant(@Id UUID id, String body) {
	}

	@Table("test_note")
	record OwnerColumn(@Id UUID id, @OwningTenant TenantId owner, String body) {
	}

	@Table("test_note")
	record TextTenant(@Id UUID id, String tenantId, String body) {
	}

}
