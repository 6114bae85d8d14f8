package io.tenancykit.test;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when {@link PostgresTest @PostgresTest} finds no usable PostgreSQL server. It
 * fails the test class rather than skipping it, so a missing database can never pass
 * unnoticed; the message names every way to provide a server and why each one tried did
 * not work.
 */
public final class PostgresUnavailableException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	PostgresUnavailableException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
