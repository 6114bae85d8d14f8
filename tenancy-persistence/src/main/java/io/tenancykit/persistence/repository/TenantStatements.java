package io.tenancykit.persistence.repository;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.tenancykit.api.TenantContext;
import io.tenancykit.persistence.repository.SelectShape.Projection;
import io.tenancykit.persistence.rls.RowLevelSecurity;
import io.tenancykit.persistence.rls.TenantSetting;
import io.tenancykit.persistence.rls.TenantSettingMode;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.core.PropertyReferenceException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mapping.MappingException;
import org.springframework.data.mapping.context.MappingContext;
import org.springframework.data.r2dbc.convert.R2dbcConverter;
import org.springframework.data.r2dbc.dialect.PostgresDialect;
import org.springframework.data.r2dbc.mapping.OutboundRow;
import org.springframework.data.r2dbc.query.BoundAssignments;
import org.springframework.data.r2dbc.query.BoundCondition;
import org.springframework.data.r2dbc.query.UpdateMapper;
import org.springframework.data.relational.core.dialect.RenderContextFactory;
import org.springframework.data.relational.core.mapping.RelationalPersistentEntity;
import org.springframework.data.relational.core.mapping.RelationalPersistentProperty;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.CriteriaDefinition;
import org.springframework.data.relational.core.query.Query;
import org.springframework.data.relational.core.sql.Condition;
import org.springframework.data.relational.core.sql.Conditions;
import org.springframework.data.relational.core.sql.Expression;
import org.springframework.data.relational.core.sql.Expressions;
import org.springframework.data.relational.core.sql.Functions;
import org.springframework.data.relational.core.sql.IdentifierProcessing;
import org.springframework.data.relational.core.sql.SQL;
import org.springframework.data.relational.core.sql.SelectBuilder.SelectFromAndJoin;
import org.springframework.data.relational.core.sql.SqlIdentifier;
import org.springframework.data.relational.core.sql.StatementBuilder;
import org.springframework.data.relational.core.sql.Table;
import org.springframework.data.relational.core.sql.render.RenderContext;
import org.springframework.data.relational.core.sql.render.SqlRenderer;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.r2dbc.core.binding.BindMarker;
import org.springframework.r2dbc.core.binding.BindMarkers;
import org.springframework.r2dbc.core.binding.Bindings;
import org.springframework.r2dbc.core.binding.MutableBindings;

/**
 * Builds and renders the statements {@link TenantScopedTemplate} generates. Every one
 * binds the context's tenant id as its first marker ({@code $1}) and restricts
 * {@code tenant_id} to it, as a group with any criteria so that no {@code OR} widens it;
 * with row-level security in {@link TenantSettingMode#INLINE} it also sets the tenant
 * inline (ADR-021).
 */
// OutboundRow, Spring Data R2DBC's own write model, is typed with the deprecated r2dbc
// Parameter; the kit writes what Spring Data writes, so it uses it too.
@SuppressWarnings("deprecation")
final class TenantStatements {

	/** The most select shapes whose SQL is kept. */
	static final int MAX_RENDERED_SELECTS = 1024;

	/**
	 * The inline setting of generated statements, which bind the tenant id as their first
	 * marker ({@code $1}): rendered once rather than per statement.
	 */
	private static final String INLINE_FIRST_MARKER_CONDITION = TenantSetting.inlineCondition(
			"CAST(" + PostgresDialect.INSTANCE.getBindMarkersFactory().create().next().getPlaceholder() + " AS text)");

	private final MappingContext<? extends RelationalPersistentEntity<?>, ? extends RelationalPersistentProperty> mappingContext;

	private final UpdateMapper mapper;

	private final RenderContext renderContext;

	private final IdentifierProcessing identifiers;

	private final RowLevelSecurity rowLevelSecurity;

	/**
	 * The SQL of each select shape rendered so far. Rendering is most of what building a
	 * select costs; the bindings are still mapped for every statement. Shapes whose limit
	 * or offset keeps changing can fill it: beyond the bound, selects are rendered every
	 * time.
	 */
	private final Map<SelectShape, RenderedSql> renderedSelects = new ConcurrentHashMap<>();

	/**
	 * The SQL of each entity's read by id ({@code LIMIT 2}, as a single-result select),
	 * rendered by the general path on first use: a read by id then binds its two values
	 * directly, without criteria or a shape to map.
	 */
	private final Map<Class<?>, RenderedSql> renderedByIds = new ConcurrentHashMap<>();

	private final R2dbcConverter converter;

	TenantStatements(R2dbcConverter converter, RowLevelSecurity rowLevelSecurity) {
		this.converter = converter;
		this.mappingContext = converter.getMappingContext();
		this.mapper = new UpdateMapper(PostgresDialect.INSTANCE, converter);
		this.renderContext = new RenderContextFactory(PostgresDialect.INSTANCE).createRenderContext();
		this.identifiers = PostgresDialect.INSTANCE.getIdentifierProcessing();
		this.rowLevelSecurity = rowLevelSecurity;
	}

	TenantStatement select(TenantEntity<?> meta, TenantContext context, Query query) {
		return select(meta, context, query, Projection.ROWS);
	}

	/**
	 * Build the select of the row with the given id, at most two rows (as {@link #select}
	 * builds it for {@code Query.query(where(id).is(id)).limit(2)}). An id the driver
	 * binds as it is (a {@link UUID}, {@link Long}, {@link Integer} or {@link String} of
	 * the id property's own type, without a custom conversion) is bound directly into the
	 * SQL rendered for the entity once; any other goes the general way.
	 */
	TenantStatement selectById(TenantEntity<?> meta, TenantContext context, Object id) {
		// An entity's read by id is kept only when its id type binds as it is, so an id
		// of
		// that very type needs no further check.
		RenderedSql rendered = this.renderedByIds.get(meta.type());
		if (rendered != null && id.getClass() == meta.idProperty().getType()) {
			BindMarkers markers = PostgresDialect.INSTANCE.getBindMarkersFactory().create();
			MutableBindings bindings = new MutableBindings(markers);
			bindings.bind(bindings.nextMarker(), context.tenantId().value());
			bindings.bind(bindings.nextMarker(), id);
			return new TenantStatement(rendered.sql(), bindings);
		}
		TenantStatement general = select(meta, context,
				Query.query(Criteria.where(meta.idProperty().getName()).is(id)).limit(2));
		if (rendered == null && bindsAsIs(meta, id) && count(general.bindings()) == 2) {
			this.renderedByIds.putIfAbsent(meta.type(), new RenderedSql(general.sql(), 2));
		}
		return general;
	}

	private boolean bindsAsIs(TenantEntity<?> meta, Object id) {
		Class<?> type = id.getClass();
		return type == meta.idProperty().getType()
				&& (type == UUID.class || type == Long.class || type == Integer.class || type == String.class)
				&& this.converter.getTargetType(type) == type;
	}

	TenantStatement count(TenantEntity<?> meta, TenantContext context, Query query) {
		return select(meta, context, Query.query(criteriaOf(query)), Projection.COUNT);
	}

	TenantStatement exists(TenantEntity<?> meta, TenantContext context, Query query) {
		return select(meta, context, Query.query(criteriaOf(query)).limit(1), Projection.EXISTS);
	}

	private TenantStatement select(TenantEntity<?> meta, TenantContext context, Query query, Projection projection) {
		// Reads set the tenant inline in every mode: on Citus a router query is sent
		// whole, sub-select included, to the worker holding the tenant's shard.
		Scope scope = new Scope(meta, context, TenantSettingMode.INLINE);
		Condition where = scope.where(criteriaOf(query));
		SelectShape shape = SelectShape.of(meta, projection, query);
		RenderedSql rendered = this.renderedSelects.get(shape);
		Bindings bindings = scope.bindings();
		if (rendered != null && rendered.markers() == count(bindings)) {
			return new TenantStatement(rendered.sql(), bindings);
		}
		String sql = render(meta, scope, where, query, projection);
		if (this.renderedSelects.size() < MAX_RENDERED_SELECTS) {
			this.renderedSelects.put(shape, new RenderedSql(sql, count(bindings)));
		}
		return new TenantStatement(sql, bindings);
	}

	private String render(TenantEntity<?> meta, Scope scope, Condition where, Query query, Projection projection) {
		List<Expression> columns = switch (projection) {
			case ROWS -> List.of(Expressions.asterisk(scope.table));
			case COUNT -> List.of(Functions.count(Expressions.asterisk()));
			case EXISTS -> List.of(SQL.literalOf(1));
		};
		SelectFromAndJoin select = StatementBuilder.select(columns).from(scope.table);
		// The builder is mutable, as Spring Data's own statement mapper uses it.
		select.where(where);
		if (query.isSorted()) {
			select.orderBy(this.mapper.getMappedSort(scope.table, checkedSort(meta, query.getSort()), meta.entity()));
		}
		if (query.getLimit() > 0) {
			select.limit(query.getLimit());
		}
		if (query.getOffset() > 0) {
			select.offset(query.getOffset());
		}
		return SqlRenderer.create(this.renderContext).render(select.build());
	}

	private static int count(Bindings bindings) {
		int count = 0;
		for (Bindings.Binding ignored : bindings) {
			count++;
		}
		return count;
	}

	TenantStatement update(TenantEntity<?> meta, TenantContext context, OutboundRow row, Criteria criteria,
			TenantSettingMode mode) {
		Scope scope = new Scope(meta, context, mode);
		Map<SqlIdentifier, Parameter> assignments = new LinkedHashMap<>(row);
		assignments.remove(meta.tenantColumn());
		assignments.remove(meta.idColumn());
		for (RelationalPersistentProperty property : meta.entity()) {
			if (property.isInsertOnly()) {
				assignments.remove(property.getColumnName());
			}
		}
		if (assignments.isEmpty()) {
			// Nothing but keys to write: assign the id to itself so that the statement
			// still reports whether the row exists.
			assignments.put(meta.idColumn(), Objects.requireNonNull(row.get(meta.idColumn())));
		}
		BoundAssignments bound = this.mapper.getMappedObject(scope.markers, assignments, scope.table, meta.entity());
		scope.add(bound.getBindings());
		Condition where = scope.where(criteria);
		String sql = SqlRenderer.create(this.renderContext)
			.render(StatementBuilder.update(scope.table).set(bound.getAssignments()).where(where).build())
				+ " RETURNING *";
		return new TenantStatement(sql, scope.bindings());
	}

	TenantStatement insert(TenantEntity<?> meta, TenantContext context, OutboundRow row, TenantSettingMode mode) {
		BindMarkers markers = PostgresDialect.INSTANCE.getBindMarkersFactory().create();
		MutableBindings bindings = new MutableBindings(markers);
		BindMarker tenant = bindings.nextMarker();
		bindings.bind(tenant, context.tenantId().value());
		List<String> columns = new ArrayList<>();
		List<String> values = new ArrayList<>();
		columns.add(meta.tenantColumn().toSql(this.identifiers));
		values.add(tenant.getPlaceholder());
		for (Map.Entry<SqlIdentifier, Parameter> column : row.entrySet()) {
			Parameter value = column.getValue();
			if (column.getKey().equals(meta.tenantColumn()) || !value.hasValue()) {
				continue;
			}
			Parameter converted = this.mapper.getBindValue(value);
			BindMarker marker = bindings.nextMarker();
			Object raw = converted.getValue();
			if (raw != null) {
				bindings.bind(marker, raw);
			}
			else {
				bindings.bindNull(marker, converted.getType());
			}
			columns.add(column.getKey().toSql(this.identifiers));
			values.add(marker.getPlaceholder());
		}
		String table = meta.table().toSql(this.identifiers);
		// @formatter:off
		String sql = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") " + (inline(mode)
				// INSERT ... SELECT rather than VALUES: the row is produced only after the
				// one-time filter has set the tenant, so the WITH CHECK policy sees it.
				? "SELECT " + String.join(", ", values) + " WHERE " + INLINE_FIRST_MARKER_CONDITION
				: "VALUES (" + String.join(", ", values) + ")") + " RETURNING *";
		// @formatter:on
		return new TenantStatement(sql, bindings);
	}

	TenantStatement delete(TenantEntity<?> meta, TenantContext context, Query query, TenantSettingMode mode) {
		Scope scope = new Scope(meta, context, mode);
		Condition where = scope.where(criteriaOf(query));
		String sql = SqlRenderer.create(this.renderContext)
			.render(StatementBuilder.delete(scope.table).where(where).build());
		return new TenantStatement(sql, scope.bindings());
	}

	/**
	 * Return whether statements set the tenant inline (ADR-021) in the given mode.
	 */
	private boolean inline(TenantSettingMode mode) {
		return this.rowLevelSecurity.isEnabled() && mode == TenantSettingMode.INLINE;
	}

	private Sort checkedSort(TenantEntity<?> meta, Sort sort) {
		for (Sort.Order order : sort) {
			try {
				this.mappingContext.getPersistentPropertyPath(order.getProperty(), meta.type());
			}
			catch (MappingException | PropertyReferenceException ex) {
				throw new InvalidDataAccessApiUsageException(
						"Cannot sort " + meta.name() + " by '" + abbreviate(order.getProperty())
								+ "': sort by one of its mapped properties " + sortableProperties(meta),
						ex);
			}
		}
		return sort;
	}

	private static Set<String> sortableProperties(TenantEntity<?> meta) {
		Set<String> names = new TreeSet<>();
		meta.entity().doWithProperties((RelationalPersistentProperty property) -> names.add(property.getName()));
		return names;
	}

	private static String abbreviate(String text) {
		String printable = text.codePoints()
			.map((c) -> Character.isISOControl(c) ? '?' : c)
			.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
			.toString();
		return (printable.length() > 64) ? printable.substring(0, 64) + "…" : printable;
	}

	static CriteriaDefinition criteriaOf(Query query) {
		return query.getCriteria().orElse(Criteria.empty());
	}

	/**
	 * The rendered SQL of a select shape and the number of bind markers it has, which the
	 * bindings of every statement reusing it must have too.
	 */
	private record RenderedSql(String sql, int markers) {

	}

	/**
	 * The bind markers and bindings of one generated statement, starting with the tenant
	 * id as {@code $1}, and the tenant condition every statement carries.
	 */
	private final class Scope {

		final BindMarkers markers = PostgresDialect.INSTANCE.getBindMarkersFactory().create();

		final Table table;

		private final TenantEntity<?> meta;

		private final MutableBindings own = new MutableBindings(this.markers);

		private final BindMarker tenant;

		private final boolean inline;

		private Bindings bindings;

		Scope(TenantEntity<?> meta, TenantContext context, TenantSettingMode mode) {
			this.meta = meta;
			this.inline = inline(mode);
			this.table = Table.create(meta.table());
			this.tenant = this.own.nextMarker();
			this.own.bind(this.tenant, context.tenantId().value());
			this.bindings = this.own;
		}

		void add(Bindings more) {
			this.bindings = Bindings.merge(this.bindings, more);
		}

		Condition where(CriteriaDefinition criteria) {
			Condition tenantCondition = Conditions.isEqual(this.table.column(this.meta.tenantColumn()),
					SQL.bindMarker(this.tenant.getPlaceholder()));
			// The inline setting goes first; PostgreSQL evaluates it as a one-time filter
			// before reading rows, whatever its position.
			Condition where = this.inline ? Conditions.just(INLINE_FIRST_MARKER_CONDITION).and(tenantCondition)
					: tenantCondition;
			if (!criteria.isEmpty()) {
				BoundCondition bound = TenantStatements.this.mapper.getMappedObject(this.markers, criteria, this.table,
						this.meta.entity());
				add(bound.getBindings());
				where = where.and(Conditions.nest(bound.getCondition()));
			}
			return where;
		}

		Bindings bindings() {
			return this.bindings;
		}

	}

}
