package io.tenancykit.persistence.repository;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Sort;
import org.springframework.data.relational.core.query.CriteriaDefinition;
import org.springframework.data.relational.core.query.Query;
import org.springframework.data.relational.core.sql.SqlIdentifier;

/**
 * What the SQL of a generated select depends on, and nothing else: the entity, what it
 * selects, the structure of the criteria (columns, comparators, combinators, groups and,
 * for each value, its class or, for a collection, its size, which is the number of bind
 * markers), the sort, the limit and the offset. Two queries of one shape render the same
 * SQL text with the same bind markers in the same order; only the bound values differ.
 * {@link TenantStatements} renders each shape once.
 *
 * @param entity the entity's metadata, compared by identity (one per entity type)
 * @param projection what the select returns
 * @param criteria the structure of the criteria, from the first criterion to the last
 * @param sort the sort
 * @param limit the limit, {@code -1} for none
 * @param offset the offset, {@code -1} for none
 */
record SelectShape(TenantEntity<?> entity, Projection projection, List<Criterion> criteria, Sort sort, int limit,
		long offset) {

	/**
	 * What a select returns.
	 */
	enum Projection {

		/** The entity's columns. */
		ROWS,

		/** {@code count(*)}. */
		COUNT,

		/** {@code 1}, at most one row. */
		EXISTS

	}

	/**
	 * Return the shape of a query.
	 * @param entity the entity's metadata
	 * @param projection what the select returns
	 * @param query the query
	 * @return the shape
	 */
	static SelectShape of(TenantEntity<?> entity, Projection projection, Query query) {
		return new SelectShape(entity, projection, criteria(TenantStatements.criteriaOf(query)), query.getSort(),
				query.getLimit(), query.getOffset());
	}

	private static List<Criterion> criteria(CriteriaDefinition last) {
		if (last.isEmpty()) {
			return List.of();
		}
		List<Criterion> chain = new ArrayList<>();
		CriteriaDefinition current = last;
		while (current != null) {
			chain.add(0, criterion(current));
			current = current.getPrevious();
		}
		return List.copyOf(chain);
	}

	private static Criterion criterion(CriteriaDefinition criteria) {
		List<List<Criterion>> group = new ArrayList<>();
		if (criteria.isGroup()) {
			for (CriteriaDefinition member : criteria.getGroup()) {
				group.add(criteria(member));
			}
		}
		return new Criterion(criteria.getCombinator(), criteria.getColumn(), criteria.getComparator(),
				criteria.isIgnoreCase(), valueShape(criteria.getValue()), List.copyOf(group));
	}

	private static Object valueShape(@Nullable Object value) {
		if (value == null) {
			return NoValue.INSTANCE;
		}
		if (value instanceof Collection<?> collection) {
			return new Elements(collection.size());
		}
		if (value.getClass().isArray()) {
			return new Elements(Array.getLength(value));
		}
		return value.getClass();
	}

	/**
	 * The structure of one criterion.
	 *
	 * @param combinator how it joins the criterion before it
	 * @param column its column, {@literal null} for a group
	 * @param comparator its comparator, {@literal null} for a group
	 * @param ignoreCase whether it ignores case
	 * @param value the class of its value, {@link NoValue} or the size of a collection
	 * @param group the structures of the members of a group, empty otherwise
	 */
	record Criterion(CriteriaDefinition.Combinator combinator, @Nullable SqlIdentifier column,
			CriteriaDefinition.@Nullable Comparator comparator, boolean ignoreCase, Object value,
			List<List<Criterion>> group) {

	}

	/**
	 * A collection value: one bind marker per element.
	 *
	 * @param size the number of elements
	 */
	record Elements(int size) {

	}

	/** No value. */
	enum NoValue {

		INSTANCE

	}

}
