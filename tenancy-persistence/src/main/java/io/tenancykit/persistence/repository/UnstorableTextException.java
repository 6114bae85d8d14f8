package io.tenancykit.persistence.repository;

import io.r2dbc.spi.R2dbcNonTransientException;

/**
 * Signalled when an entity handed to a {@link TenantScopedRepository} write holds text
 * that PostgreSQL cannot store as it is: a lone (unpaired) UTF-16 surrogate, which the
 * driver would encode as {@code ?} so that the stored text silently differs from the one
 * written. Nothing is written. It carries SQLSTATE {@value #SQL_STATE}
 * ({@code character_not_in_repertoire}), the state PostgreSQL gives text it cannot take,
 * such as a NUL, so that both are answered alike (the kit's web layer: 400
 * {@code invalid-value}). The message names the column and the position, never the text.
 */
public final class UnstorableTextException extends R2dbcNonTransientException {

	/** The SQLSTATE of the exception: {@code character_not_in_repertoire}. */
	public static final String SQL_STATE = "22021";

	private static final long serialVersionUID = 1L;

	private final String column;

	/**
	 * Create the exception.
	 * @param operation the repository operation that refused the entity
	 * @param column the column whose value cannot be stored
	 * @param index the index of the first lone surrogate in the value's text
	 */
	public UnstorableTextException(String operation, String column, int index) {
		super(operation + ": the value of column '" + column + "' holds a lone UTF-16 surrogate at index " + index
				+ ", which PostgreSQL cannot store unchanged", SQL_STATE);
		this.column = column;
	}

	/**
	 * Return the column whose value cannot be stored.
	 * @return the column name
	 */
	public String getColumn() {
		return this.column;
	}

}
