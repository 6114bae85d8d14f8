package io.tenancykit.web.problem;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientException;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.util.ClassUtils;

/**
 * Classifies a failure of data access, once, by walking its cause chain: by SQLSTATE when
 * the database gave one, by the exception types of Spring's {@code DataAccessException}
 * hierarchy, of R2DBC and of the JDK otherwise (ADR-026). Spring and R2DBC are optional:
 * their types are only consulted when present.
 * <p>
 * The classification names what the failure <em>is</em>, never what it says: messages of
 * drivers can echo values the client sent, so the problem never carries them; the
 * {@link Failure#causes() causes} are class names and the SQLSTATE is a code. The log
 * adds the innermost cause's message only with its quoted parts masked
 * ({@link io.tenancykit.web.logging.FailureCauses}).
 */
final class DataAccessFailures {

	private static final int MAX_CAUSE_DEPTH = 16;

	private static final boolean SPRING_TX_PRESENT = ClassUtils.isPresent("org.springframework.dao.DataAccessException",
			DataAccessFailures.class.getClassLoader());

	private static final boolean R2DBC_PRESENT = ClassUtils.isPresent("io.r2dbc.spi.R2dbcException",
			DataAccessFailures.class.getClassLoader());

	private static final boolean JDBC_PRESENT = ClassUtils.isPresent("java.sql.SQLException",
			DataAccessFailures.class.getClassLoader());

	/** SQLSTATEs, beyond class 08, after which a retry can succeed. */
	private static final Set<String> TRANSIENT_STATES = Set.of("57P01", "57P02", "57P03", "57014", "55P03", "40001",
			"40P01", "40003", "53300", "53000", "53100", "53200", "25006", "25P03", "58030");

	/** Integrity violations that say "the data conflicts with what is stored". */
	private static final Set<String> CONFLICT_STATES = Set.of("23505", "23P01", "23503", "23001", "23000");

	/** Integrity violations that say "this value cannot be stored". */
	private static final Set<String> INVALID_VALUE_STATES = Set.of("23502", "23514");

	private DataAccessFailures() {
	}

	/**
	 * Classify a failure.
	 * @param failure the failure, must not be {@literal null}
	 * @return the classification, or {@literal null} when the failure is not one of data
	 * access (nothing in its cause chain is a data access exception or a timeout)
	 */
	static @Nullable Failure classify(Throwable failure) {
		List<Throwable> chain = chain(failure);
		boolean dataAccess = false;
		@Nullable String sqlState = null;
		for (Throwable candidate : chain) {
			dataAccess |= isDataAccess(candidate);
			if (sqlState == null) {
				sqlState = sqlState(candidate);
			}
		}
		String causes = causes(chain);
		if (!dataAccess) {
			return isTimeout(chain) ? new Failure(Kind.DEADLINE, "timeout", null, causes) : null;
		}
		if (sqlState != null) {
			Kind bySqlState = bySqlState(sqlState);
			if (bySqlState != null) {
				return new Failure(bySqlState, reason(sqlState), sqlState, causes);
			}
		}
		Throwable deciding = transientCause(chain);
		if (SPRING_TX_PRESENT && SpringTypes.isConflict(chain)) {
			// An optimistic lock failure is a TransientDataAccessException to
			// Spring, but a retry of the same request cannot succeed: the client
			// must read again.
			return new Failure(Kind.CONFLICT, "conflict", sqlState, causes);
		}
		if (deciding != null) {
			return new Failure(Kind.UNAVAILABLE, deciding.getClass().getSimpleName(), sqlState, causes);
		}
		return new Failure(Kind.INTERNAL, "unclassified", sqlState, causes);
	}

	private static @Nullable Kind bySqlState(String sqlState) {
		if (sqlState.startsWith("08") || TRANSIENT_STATES.contains(sqlState)) {
			return Kind.UNAVAILABLE;
		}
		if (sqlState.startsWith("22") || INVALID_VALUE_STATES.contains(sqlState)) {
			return Kind.INVALID_VALUE;
		}
		if (CONFLICT_STATES.contains(sqlState)) {
			return Kind.CONFLICT;
		}
		return null;
	}

	/**
	 * Return the innermost cause that marks the failure as transient, whose type names it
	 * best in the log (an acquire timeout rather than the exception Spring wrapped it
	 * in), or {@literal null}.
	 */
	private static @Nullable Throwable transientCause(List<Throwable> chain) {
		Throwable innermost = null;
		for (Throwable candidate : chain) {
			if ((SPRING_TX_PRESENT && SpringTypes.isTransient(candidate))
					|| (R2DBC_PRESENT && R2dbcTypes.isTransient(candidate)) || candidate instanceof TimeoutException
					|| candidate instanceof IOException || isPoolExhaustion(candidate)) {
				innermost = candidate;
			}
		}
		return innermost;
	}

	// Pool exhaustion as reactor-pool signals it, without depending on reactor-pool.
	private static boolean isPoolExhaustion(Throwable candidate) {
		return candidate.getClass().getName().startsWith("reactor.pool.");
	}

	private static String reason(String sqlState) {
		return switch (sqlState) {
			case "57014" -> "statement-timeout";
			case "55P03" -> "lock-timeout";
			case "40001" -> "serialization-failure";
			case "40P01" -> "deadlock";
			case "53300" -> "too-many-connections";
			case "57P01", "57P02", "57P03" -> "backend-terminated";
			case "23505" -> "unique-violation";
			case "23503" -> "foreign-key-violation";
			default -> sqlState.startsWith("08") ? "connection"
					: (sqlState.startsWith("22") ? "data-exception" : "sqlstate-" + sqlState.substring(0, 2));
		};
	}

	private static boolean isDataAccess(Throwable candidate) {
		return (SPRING_TX_PRESENT && SpringTypes.isDataAccess(candidate))
				|| (R2DBC_PRESENT && R2dbcTypes.isDataAccess(candidate))
				|| (JDBC_PRESENT && candidate instanceof SQLException) || isPoolExhaustion(candidate);
	}

	private static boolean isTimeout(List<Throwable> chain) {
		for (Throwable candidate : chain) {
			if (candidate instanceof TimeoutException) {
				return true;
			}
		}
		return false;
	}

	private static @Nullable String sqlState(Throwable candidate) {
		String state = null;
		if (R2DBC_PRESENT) {
			state = R2dbcTypes.sqlState(candidate);
		}
		if (state == null && JDBC_PRESENT && candidate instanceof SQLException sql) {
			state = sql.getSQLState();
		}
		// A SQLSTATE is five characters of digits and upper-case letters; anything else
		// is not one and is not logged.
		return (state != null && state.matches("[0-9A-Z]{5}")) ? state : null;
	}

	private static List<Throwable> chain(Throwable failure) {
		List<Throwable> chain = new ArrayList<>();
		Throwable candidate = failure;
		while (candidate != null && chain.size() < MAX_CAUSE_DEPTH && !chain.contains(candidate)) {
			chain.add(candidate);
			candidate = candidate.getCause();
		}
		return chain;
	}

	private static String causes(List<Throwable> chain) {
		StringBuilder causes = new StringBuilder();
		for (Throwable candidate : chain) {
			if (!causes.isEmpty()) {
				causes.append(" < ");
			}
			causes.append(candidate.getClass().getName());
		}
		return causes.toString();
	}

	/**
	 * What a failure means to the client.
	 */
	enum Kind {

		/** The database cannot serve the request right now; a retry later can succeed. */
		UNAVAILABLE,

		/** Something took too long outside the database's own limits. */
		DEADLINE,

		/** A value of the request cannot be stored. */
		INVALID_VALUE,

		/** The request conflicts with what is stored. */
		CONFLICT,

		/** Anything else: a fault of the application or the schema. */
		INTERNAL

	}

	/**
	 * A classified failure.
	 *
	 * @param kind what it means to the client
	 * @param reason a short stable reason for the log, such as {@code statement-timeout}
	 * @param sqlState the SQLSTATE of the first cause that has one, or {@literal null}
	 * @param causes the class names of the cause chain, outermost first
	 */
	record Failure(Kind kind, String reason, @Nullable String sqlState, String causes) {

	}

	private static final class SpringTypes {

		static boolean isDataAccess(Throwable candidate) {
			return candidate instanceof DataAccessException;
		}

		static boolean isConflict(List<Throwable> chain) {
			for (Throwable candidate : chain) {
				if (candidate instanceof OptimisticLockingFailureException
						|| candidate instanceof DataIntegrityViolationException) {
					return true;
				}
			}
			return false;
		}

		static boolean isTransient(Throwable candidate) {
			return candidate instanceof TransientDataAccessException
					|| candidate instanceof DataAccessResourceFailureException
					|| candidate instanceof QueryTimeoutException
					|| candidate instanceof RecoverableDataAccessException;
		}

	}

	private static final class R2dbcTypes {

		static boolean isDataAccess(Throwable candidate) {
			return candidate instanceof R2dbcException;
		}

		static boolean isTransient(Throwable candidate) {
			return candidate instanceof R2dbcTransientException
					|| candidate instanceof R2dbcNonTransientResourceException;
		}

		static @Nullable String sqlState(Throwable candidate) {
			return (candidate instanceof R2dbcException r2dbc) ? r2dbc.getSqlState() : null;
		}

	}

}
