package io.tenancykit.persistence.repository;

import java.util.Objects;
import java.util.UUID;
import java.util.function.BiFunction;

import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import io.tenancykit.api.TenantContext;
import io.tenancykit.api.TenantId;
import org.jspecify.annotations.Nullable;

import org.springframework.core.convert.ConversionService;
import org.springframework.data.mapping.MappingException;
import org.springframework.data.mapping.PersistentPropertyAccessor;
import org.springframework.data.r2dbc.convert.R2dbcConverter;
import org.springframework.data.relational.core.mapping.RelationalPersistentEntity;
import org.springframework.data.relational.core.mapping.RelationalPersistentProperty;
import org.springframework.data.relational.core.sql.SqlIdentifier;

/**
 * What the kit needs to know of one tenant-owned entity type beyond Spring Data's
 * metadata: which property holds the owning tenant. Built once per type, and only for
 * types that have an id and a tenant property mapped to {@code tenant_id}.
 *
 * @param <T> the entity type
 */
final class TenantEntity<T> {

	static final String TENANT_ID_COLUMN = "tenant_id";

	private final RelationalPersistentEntity<T> entity;

	private final RelationalPersistentProperty tenantProperty;

	private final RelationalPersistentProperty idProperty;

	private TenantEntity(RelationalPersistentEntity<T> entity, RelationalPersistentProperty tenantProperty,
			RelationalPersistentProperty idProperty) {
		this.entity = entity;
		this.tenantProperty = tenantProperty;
		this.idProperty = idProperty;
	}

	static <T> TenantEntity<T> of(RelationalPersistentEntity<T> entity) {
		RelationalPersistentProperty idProperty = entity.getIdProperty();
		if (idProperty == null) {
			throw new MappingException("Entity " + entity.getType().getName()
					+ " has no id property: annotate one with @org.springframework.data.annotation.Id");
		}
		RelationalPersistentProperty tenantProperty = findTenantProperty(entity);
		if (tenantProperty == null) {
			throw new MappingException("Entity " + entity.getType().getName()
					+ " is not tenant-owned: map a property to the column tenant_id, annotate it with @OwningTenant"
					+ " or implement TenantOwned");
		}
		if (!TENANT_ID_COLUMN.equalsIgnoreCase(tenantProperty.getColumnName().getReference())) {
			throw new MappingException("Tenant property '" + tenantProperty.getName() + "' of entity "
					+ entity.getType().getName() + " must map to the column tenant_id, not "
					+ tenantProperty.getColumnName().getReference());
		}
		Class<?> type = tenantProperty.getType();
		if (type != TenantId.class && type != UUID.class) {
			throw new MappingException("Tenant property '" + tenantProperty.getName() + "' of entity "
					+ entity.getType().getName() + " must be of type TenantId or UUID, not " + type.getName());
		}
		if (tenantProperty.equals(idProperty)) {
			throw new MappingException("Tenant property '" + tenantProperty.getName() + "' of entity "
					+ entity.getType().getName() + " must not be its id");
		}
		return new TenantEntity<>(entity, tenantProperty, idProperty);
	}

	private static @Nullable RelationalPersistentProperty findTenantProperty(RelationalPersistentEntity<?> entity) {
		RelationalPersistentProperty annotated = entity.getPersistentProperty(OwningTenant.class);
		if (annotated != null) {
			return annotated;
		}
		for (RelationalPersistentProperty property : entity) {
			if (!property.isEmbedded() && TENANT_ID_COLUMN.equalsIgnoreCase(property.getColumnName().getReference())) {
				return property;
			}
		}
		if (TenantOwned.class.isAssignableFrom(entity.getType())) {
			return entity.getPersistentProperty("tenantId");
		}
		return null;
	}

	RelationalPersistentEntity<T> entity() {
		return this.entity;
	}

	Class<T> type() {
		return this.entity.getType();
	}

	String name() {
		return this.entity.getType().getSimpleName();
	}

	SqlIdentifier table() {
		return this.entity.getQualifiedTableName();
	}

	SqlIdentifier tenantColumn() {
		return this.tenantProperty.getColumnName();
	}

	RelationalPersistentProperty idProperty() {
		return this.idProperty;
	}

	SqlIdentifier idColumn() {
		return this.idProperty.getColumnName();
	}

	RelationalPersistentProperty tenantProperty() {
		return this.tenantProperty;
	}

	/**
	 * Return the entity owned by the context's tenant: the entity itself when it names
	 * the context's tenant, a copy naming it when it names none.
	 * @param context the tenant context
	 * @param bean the entity
	 * @param operation the operation, for the exception message
	 * @return the owned entity
	 * @throws TenantMismatchException if the entity names another tenant
	 */
	T claim(TenantContext context, T bean, String operation) {
		PersistentPropertyAccessor<T> accessor = this.entity.getPropertyAccessor(bean);
		Object owner = accessor.getProperty(this.tenantProperty);
		if (owner == null) {
			accessor.setProperty(this.tenantProperty, tenantValue(context));
			return accessor.getBean();
		}
		if (!context.tenantId().value().equals(uuidOf(owner))) {
			throw new TenantMismatchException(operation);
		}
		return bean;
	}

	/**
	 * Check, without changing it, that an entity names the context's tenant or none.
	 * @param context the tenant context
	 * @param bean the entity
	 * @param operation the operation, for the exception message
	 * @throws TenantMismatchException if the entity names another tenant
	 */
	void requireClaimable(TenantContext context, T bean, String operation) {
		Object owner = this.entity.getPropertyAccessor(bean).getProperty(this.tenantProperty);
		if (owner != null && !context.tenantId().value().equals(uuidOf(owner))) {
			throw new TenantMismatchException(operation);
		}
	}

	/**
	 * Return whether a read entity belongs to the context's tenant.
	 * @param context the tenant context
	 * @param bean the entity
	 * @return whether its tenant property names the context's tenant
	 */
	boolean isOwnedBy(TenantContext context, T bean) {
		Object owner = this.entity.getPropertyAccessor(bean).getProperty(this.tenantProperty);
		return owner != null && context.tenantId().value().equals(uuidOf(owner));
	}

	/**
	 * Return a read entity if it belongs to the context's tenant: the re-check after
	 * every read, the last wall should a statement, a policy or a mapping let another
	 * tenant's row through.
	 * @param context the tenant context
	 * @param bean the entity as read
	 * @param operation the operation, for the exception message
	 * @return the entity
	 * @throws TenantMismatchException if it names another tenant or none
	 */
	T requireOwnedBy(TenantContext context, T bean, String operation) {
		if (!isOwnedBy(context, bean)) {
			throw new TenantMismatchException(operation);
		}
		return bean;
	}

	/**
	 * Return a reader of rows into this entity type with the given converter.
	 * @param converter the converter
	 * @return the reader
	 */
	BiFunction<Row, RowMetadata, T> reader(R2dbcConverter converter) {
		Class<T> type = type();
		return (row, metadata) -> converter.read(type, row, metadata);
	}

	@Nullable Object id(T bean) {
		return this.entity.getIdentifierAccessor(bean).getIdentifier();
	}

	private Object tenantValue(TenantContext context) {
		return (this.tenantProperty.getType() == UUID.class) ? context.tenantId().value() : context.tenantId();
	}

	private static UUID uuidOf(Object owner) {
		return (owner instanceof TenantId tenantId) ? tenantId.value() : (UUID) owner;
	}

	/**
	 * Return the entity with its version set for a first insert, as Spring Data does.
	 * @param bean the entity
	 * @param conversions the conversion service
	 * @return the initialised entity
	 */
	T withInitialVersion(T bean, ConversionService conversions) {
		RelationalPersistentProperty version = this.entity.getVersionProperty();
		if (version == null) {
			return bean;
		}
		PersistentPropertyAccessor<T> accessor = this.entity.getPropertyAccessor(bean);
		long initial = version.getType().isPrimitive() ? 1L : 0L;
		accessor.setProperty(version, conversions.convert(initial, version.getType()));
		return accessor.getBean();
	}

	/**
	 * Return the entity with its version incremented, as Spring Data does.
	 * @param bean the entity
	 * @param conversions the conversion service
	 * @return the entity with the next version
	 */
	T withNextVersion(T bean, ConversionService conversions) {
		RelationalPersistentProperty version = Objects.requireNonNull(this.entity.getVersionProperty());
		PersistentPropertyAccessor<T> accessor = this.entity.getPropertyAccessor(bean);
		Object current = accessor.getProperty(version);
		Long converted = (current != null) ? conversions.convert(current, Long.class) : null;
		long next = (converted != null) ? converted + 1 : 1L;
		accessor.setProperty(version, conversions.convert(next, version.getType()));
		return accessor.getBean();
	}

	@Nullable Object version(T bean) {
		RelationalPersistentProperty version = Objects.requireNonNull(this.entity.getVersionProperty());
		return this.entity.getPropertyAccessor(bean).getProperty(version);
	}

}
