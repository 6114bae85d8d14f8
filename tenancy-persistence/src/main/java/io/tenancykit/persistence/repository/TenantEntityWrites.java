package io.tenancykit.persistence.repository;

import java.util.Objects;

import io.tenancykit.api.TenantContext;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.r2dbc.convert.R2dbcConverter;
import org.springframework.data.r2dbc.core.DefaultReactiveDataAccessStrategy;
import org.springframework.data.r2dbc.core.ReactiveDataAccessStrategy;
import org.springframework.data.r2dbc.dialect.PostgresDialect;
import org.springframework.data.r2dbc.mapping.OutboundRow;
import org.springframework.data.r2dbc.mapping.event.AfterSaveCallback;
import org.springframework.data.r2dbc.mapping.event.BeforeConvertCallback;
import org.springframework.data.r2dbc.mapping.event.BeforeSaveCallback;
import org.springframework.data.relational.core.mapping.OptimisticLockingUtils;
import org.springframework.data.relational.core.mapping.RelationalPersistentEntity;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.data.relational.core.sql.SqlIdentifier;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;

/**
 * The entity writes of {@link TenantScopedTemplate}: insert, update and delete of one
 * entity, with Spring Data's entity callbacks and optimistic locking. An entity naming
 * another tenant is refused before any I/O, one naming none is claimed for the context's
 * tenant, and what the database returns is checked to belong to it.
 */
// OutboundRow and ReactiveDataAccessStrategy, Spring Data R2DBC's own write model that
// R2dbcEntityTemplate still uses, are typed with the deprecated r2dbc Parameter; the kit
// writes what Spring Data writes, so it uses them too.
@SuppressWarnings("deprecation")
final class TenantEntityWrites {

	private final TenantScopedTemplate template;

	private final DatabaseClient client;

	private final R2dbcConverter converter;

	private final ReactiveDataAccessStrategy dataAccessStrategy;

	private final TenantStatements statements;

	private final TenantSettingRunner setting;

	private final EntityCallbacks callbacks;

	TenantEntityWrites(TenantScopedTemplate template, DatabaseClient client, R2dbcConverter converter,
			TenantStatements statements, TenantSettingRunner setting, EntityCallbacks callbacks) {
		this.template = template;
		this.client = client;
		this.converter = converter;
		this.dataAccessStrategy = new DefaultReactiveDataAccessStrategy(PostgresDialect.INSTANCE, converter);
		this.statements = statements;
		this.setting = setting;
		this.callbacks = callbacks;
	}

	/** See {@link TenantScopedTemplate#insert(TenantContext, Object)}. */
	<T> Mono<T> insert(TenantContext context, TenantEntity<T> meta, T entity) {
		SqlIdentifier table = meta.table();
		return claimed(meta, context, entity, "insert")
			.flatMap((owned) -> this.callbacks.callback(BeforeConvertCallback.class, owned, table))
			.flatMap((converted) -> {
				T versioned = meta.withInitialVersion(converted, this.converter.getConversionService());
				OutboundRow row = this.dataAccessStrategy.getOutboundRow(versioned);
				Parameter id = row.get(meta.idColumn());
				if (id == null || !id.hasValue()
						|| (id.getValue() instanceof Number number && number.longValue() == 0L)) {
					row.remove(meta.idColumn());
				}
				return this.callbacks.callback(BeforeSaveCallback.class, versioned, row, table).flatMap((toSave) -> {
					// Checked as the callbacks left the row: nothing is sent.
					UnstorableTextException refused = StorableText.check("insert", row);
					if (refused != null) {
						return Mono.error(refused);
					}
					return this.setting
						.run(context,
								(mode) -> this.client.sql(this.statements.insert(meta, context, row, mode))
									.map(meta.reader(this.converter))
									.one())
						.onErrorMap(TenantFailures::isForeignKeyViolation,
								(ex) -> TenantFailures.referenceNotFound("insert", ex))
						.map((stored) -> meta.requireOwnedBy(context, stored, "insert"))
						.doOnNext((stored) -> populateId(toSave, stored, meta))
						.flatMap((stored) -> this.callbacks.callback(AfterSaveCallback.class, stored, row, table));
				});
			});
	}

	/** See {@link TenantScopedTemplate#update(TenantContext, Object)}. */
	<T> Mono<T> update(TenantContext context, TenantEntity<T> meta, T entity) {
		SqlIdentifier table = meta.table();
		RelationalPersistentEntity<T> persistent = meta.entity();
		return claimed(meta, context, entity, "update")
			.flatMap((owned) -> this.callbacks.callback(BeforeConvertCallback.class, owned, table))
			.flatMap((converted) -> {
				Object id = meta.id(converted);
				if (id == null) {
					return Mono.error(new InvalidDataAccessApiUsageException(
							"update: entity " + meta.name() + " has no id; insert it instead"));
				}
				boolean versioned = persistent.hasVersionProperty();
				Object version = versioned ? meta.version(converted) : null;
				T toWrite = versioned ? meta.withNextVersion(converted, this.converter.getConversionService())
						: converted;
				OutboundRow row = this.dataAccessStrategy.getOutboundRow(toWrite);
				return this.callbacks.callback(BeforeSaveCallback.class, toWrite, row, table).flatMap((toSave) -> {
					UnstorableTextException refused = StorableText.check("update", row);
					if (refused != null) {
						return Mono.error(refused);
					}
					Criteria predicate = rowAtVersion(persistent, id, version);
					return this.setting
						.run(context,
								(mode) -> this.client.sql(this.statements.update(meta, context, row, predicate, mode))
									.map(meta.reader(this.converter))
									.one())
						.onErrorMap(TenantFailures::isForeignKeyViolation,
								(ex) -> TenantFailures.referenceNotFound("update", ex))
						.map((stored) -> meta.requireOwnedBy(context, stored, "update"))
						.switchIfEmpty(Mono.defer(() -> versionConflictOrMissing(context, meta, toSave, id, version)))
						.flatMap((stored) -> this.callbacks.callback(AfterSaveCallback.class, stored, row, table));
				});
			});
	}

	/**
	 * Return the criteria of the row with the given id and, for a versioned entity, the
	 * given version ({@code IS NULL} for a {@literal null} one), as Spring Data matches
	 * them.
	 */
	private static Criteria rowAtVersion(RelationalPersistentEntity<?> persistent, Object id,
			@Nullable Object version) {
		Criteria byId = Criteria.where(persistent.getRequiredIdProperty().getName()).is(id);
		if (!persistent.hasVersionProperty()) {
			return byId;
		}
		String versionName = persistent.getRequiredVersionProperty().getName();
		return byId
			.and((version != null) ? Criteria.where(versionName).is(version) : Criteria.where(versionName).isNull());
	}

	/**
	 * Return the entity owned by the context's tenant (see {@link TenantEntity#claim}),
	 * or the {@link TenantMismatchException} as an error, before any I/O.
	 */
	private static <T> Mono<T> claimed(TenantEntity<T> meta, TenantContext context, T entity, String operation) {
		try {
			return Mono.just(meta.claim(context, entity, operation));
		}
		catch (TenantMismatchException ex) {
			return Mono.error(ex);
		}
	}

	private <T> Mono<T> versionConflictOrMissing(TenantContext context, TenantEntity<T> meta, T entity, Object id,
			@Nullable Object version) {
		Mono<T> missing = Mono.error(() -> TenantFailures.notFound(meta));
		if (!meta.entity().hasVersionProperty()) {
			return missing;
		}
		// The row was not updated: a version conflict if the tenant still has it, missing
		// otherwise. Only this failure path costs a second round trip.
		return this.template.existsById(context, meta.type(), id)
			.flatMap((exists) -> exists
					? Mono.error(OptimisticLockingUtils.updateFailed(entity, version, meta.entity())) : missing);
	}

	/** See {@link TenantScopedTemplate#delete(TenantContext, Object)}. */
	<T> Mono<Long> delete(TenantContext context, TenantEntity<T> meta, T entity) {
		try {
			// As for writes: no tenant means the context's, another tenant is refused.
			meta.requireClaimable(context, entity, "delete");
		}
		catch (TenantMismatchException ex) {
			return Mono.error(ex);
		}
		Object id = Objects.requireNonNull(meta.id(entity), "'entity' must have an id");
		RelationalPersistentEntity<T> persistent = meta.entity();
		if (!persistent.hasVersionProperty()) {
			return this.template.delete(context, Query.query(rowAtVersion(persistent, id, null)), meta.type());
		}
		Criteria criteria = rowAtVersion(persistent, id, meta.version(entity));
		return this.template.delete(context, Query.query(criteria), meta.type())
			.flatMap(
					(deleted) -> (deleted > 0) ? Mono.just(deleted)
							: this.template.existsById(context, meta.type(), id)
								.flatMap((exists) -> exists
										? Mono.error(OptimisticLockingUtils.deleteFailed(entity, persistent))
										: Mono.just(0L)));
	}

	private <T> void populateId(T original, T stored, TenantEntity<T> meta) {
		// Mutable entities get their generated id in place, as with Spring Data.
		Object id = meta.id(stored);
		if (id != null && meta.id(original) == null) {
			var accessor = meta.entity().getPropertyAccessor(original);
			if (!meta.idProperty().isImmutable()) {
				accessor.setProperty(meta.idProperty(), id);
			}
		}
	}

}
