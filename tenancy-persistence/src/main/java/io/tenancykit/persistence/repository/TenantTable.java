package io.tenancykit.persistence.repository;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.r2dbc.spi.Parameter;
import io.r2dbc.spi.Readable;

/**
 * How a {@link TenantScopedRepository} reads and writes one tenant-owned table: its name,
 * its id column, its other columns, and the mapping between rows and entities. The table
 * must have a {@code tenant_id uuid} column and the primary key
 * {@code (tenant_id, <idColumn>)}.
 *
 * @param <T> the entity type
 * @param <ID> the type of the id column, one the R2DBC driver can bind (such as
 * {@link java.util.UUID} or {@link Long})
 * @param name the table name, optionally schema-qualified; a plain lowercase SQL
 * identifier
 * @param idColumn the id column, the second column of the primary key
 * @param columns the other columns, each written by insert and update; not empty, without
 * {@code tenant_id} and the id column
 * @param id the function that returns the id of an entity
 * @param rowMapper the function that maps a row with {@code tenant_id}, the id column and
 * {@code columns} to an entity
 * @param values the function that returns the value of each of {@code columns} for an
 * entity, as a {@link Parameter} (see {@link io.r2dbc.spi.Parameters#in(Class)}) so that
 * {@literal null} values carry their type
 */
public record TenantTable<T extends TenantOwned, ID>(String name, String idColumn, List<String> columns,
		Function<T, ID> id, Function<? super Readable, T> rowMapper, Function<T, Map<String, Parameter>> values) {

	/** The column that holds the owning tenant in every tenant-owned table. */
	public static final String TENANT_ID_COLUMN = "tenant_id";

	private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

	private static final Pattern QUALIFIED_NAME = Pattern.compile("([a-z_][a-z0-9_]{0,62}\\.)?[a-z_][a-z0-9_]{0,62}");

	public TenantTable {
		Objects.requireNonNull(name, "'name' must not be null");
		Objects.requireNonNull(idColumn, "'idColumn' must not be null");
		Objects.requireNonNull(columns, "'columns' must not be null");
		Objects.requireNonNull(id, "'id' must not be null");
		Objects.requireNonNull(rowMapper, "'rowMapper' must not be null");
		Objects.requireNonNull(values, "'values' must not be null");
		if (!QUALIFIED_NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("'name' must be a lowercase SQL identifier, optionally qualified");
		}
		requireColumnName("idColumn", idColumn);
		columns = List.copyOf(columns);
		if (columns.isEmpty()) {
			throw new IllegalArgumentException("'columns' must not be empty");
		}
		for (String column : columns) {
			requireColumnName("columns", column);
			if (column.equals(idColumn)) {
				throw new IllegalArgumentException("'columns' must not contain the id column");
			}
		}
		if (columns.stream().distinct().count() != columns.size()) {
			throw new IllegalArgumentException("'columns' must not contain duplicates");
		}
	}

	private static void requireColumnName(String argument, String column) {
		if (!IDENTIFIER.matcher(column).matches()) {
			throw new IllegalArgumentException("'" + argument + "' must hold lowercase SQL identifiers");
		}
		if (column.equals(TENANT_ID_COLUMN)) {
			throw new IllegalArgumentException(
					"'" + argument + "' must not contain " + TENANT_ID_COLUMN + ", which the repository binds itself");
		}
	}

	/**
	 * Return every column the repository selects: {@code tenant_id}, the id column, then
	 * {@link #columns()}.
	 * @return the selected columns
	 */
	public List<String> allColumns() {
		return Stream.concat(Stream.of(TENANT_ID_COLUMN, this.idColumn), this.columns.stream()).toList();
	}

}
