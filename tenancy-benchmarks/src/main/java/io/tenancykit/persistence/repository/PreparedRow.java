package io.tenancykit.persistence.repository;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.r2dbc.spi.ColumnMetadata;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import io.r2dbc.spi.Type;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Row} and its {@link RowMetadata} holding prepared values, with the Java types
 * r2dbc-postgresql reads for the columns. It lets {@link RowMappingBenchmark} measure
 * Spring Data's mapping and the kit's checks on top of it, <em>not the driver</em>: no
 * bytes are decoded, nothing is read from a connection.
 */
@NullMarked
final class PreparedRow implements Row, RowMetadata {

	private final List<Column> columns = new ArrayList<>();

	private final Map<String, Column> byName = new LinkedHashMap<>();

	/**
	 * Add a column.
	 * @param name the column name as PostgreSQL reports it (lower case)
	 * @param value its value, {@literal null} for SQL {@code NULL}
	 * @param javaType the type the driver reads it as
	 * @return this row
	 */
	PreparedRow with(String name, @Nullable Object value, Class<?> javaType) {
		Column column = new Column(this.columns.size(), name, value, javaType);
		this.columns.add(column);
		this.byName.put(name, column);
		return this;
	}

	@Override
	public RowMetadata getMetadata() {
		return this;
	}

	@Override
	public <T> @Nullable T get(int index, Class<T> type) {
		return type.cast(this.columns.get(index).value());
	}

	@Override
	public <T> @Nullable T get(String name, Class<T> type) {
		return type.cast(column(name).value());
	}

	@Override
	public ColumnMetadata getColumnMetadata(int index) {
		return this.columns.get(index);
	}

	@Override
	public ColumnMetadata getColumnMetadata(String name) {
		return column(name);
	}

	@Override
	public List<? extends ColumnMetadata> getColumnMetadatas() {
		return this.columns;
	}

	@Override
	public boolean contains(String name) {
		return this.byName.containsKey(name);
	}

	private Column column(String name) {
		Column column = this.byName.get(name);
		if (column == null) {
			throw new java.util.NoSuchElementException("No column " + name);
		}
		return column;
	}

	private record Column(int index, String name, @Nullable Object value,
			Class<?> javaType) implements ColumnMetadata, Type {

		@Override
		public Type getType() {
			return this;
		}

		@Override
		public Class<?> getJavaType() {
			return this.javaType;
		}

		@Override
		public String getName() {
			return this.name;
		}

	}

}
