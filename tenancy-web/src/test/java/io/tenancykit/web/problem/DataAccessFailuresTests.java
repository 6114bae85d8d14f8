package io.tenancykit.web.problem;

import java.io.IOException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.util.concurrent.TimeoutException;

import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import io.tenancykit.web.problem.DataAccessFailures.Failure;
import io.tenancykit.web.problem.DataAccessFailures.Kind;
import org.junit.jupiter.api.Test;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.InvalidDataAccessResourceUsageException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Data access failures are classified by SQLSTATE first and by type otherwise, through
 * their whole cause chain, as Spring R2DBC and r2dbc-postgresql raise them.
 */
class DataAccessFailuresTests {

	@Test
	void classifiesConnectionFailuresAsUnavailable() {
		assertKind(
				new DataAccessResourceFailureException("Failed to obtain R2DBC Connection",
						new R2dbcNonTransientResourceException("refused", new ConnectException("refused"))),
				Kind.UNAVAILABLE);
		assertKind(new DataAccessResourceFailureException("closed",
				new R2dbcNonTransientResourceException("Connection closed")), Kind.UNAVAILABLE);
		assertKind(new R2dbcNonTransientResourceException("connection failure", "08006"), Kind.UNAVAILABLE);
		assertKind(new DataAccessResourceFailureException("io", new IOException("Connection reset")), Kind.UNAVAILABLE);
		assertKind(new R2dbcTimeoutException("Connection acquisition timed out"), Kind.UNAVAILABLE);
		assertKind(new TransientDataAccessResourceException("busy"), Kind.UNAVAILABLE);
	}

	@Test
	void classifiesTheTransientSqlStatesAsUnavailableWithAReason() {
		String[][] cases = { { "57P01", "backend-terminated" }, { "57P02", "backend-terminated" },
				{ "57P03", "backend-terminated" }, { "57014", "statement-timeout" }, { "55P03", "lock-timeout" },
				{ "40001", "serialization-failure" }, { "40P01", "deadlock" }, { "53300", "too-many-connections" },
				{ "08001", "connection" }, { "08P01", "connection" } };
		for (String[] state : cases) {
			// Wrapped as Spring translates it, whatever type the driver chose.
			Failure failure = DataAccessFailures
				.classify(new QueryTimeoutException("x", new R2dbcNonTransientResourceException("x", state[0])));
			assertThat(failure).as(state[0]).isNotNull();
			assertThat(failure.kind()).as(state[0]).isEqualTo(Kind.UNAVAILABLE);
			assertThat(failure.reason()).as(state[0]).isEqualTo(state[1]);
			assertThat(failure.sqlState()).isEqualTo(state[0]);
		}
		assertKind(new PessimisticLockingFailureException("deadlock"), Kind.UNAVAILABLE);
		assertKind(new CannotAcquireLockException("lock"), Kind.UNAVAILABLE);
	}

	@Test
	void classifiesValuesTheDatabaseRefusesAsInvalidValue() {
		for (String state : new String[] { "22021", "22P05", "22003", "22001", "22P02", "22007", "22008", "23502",
				"23514" }) {
			assertKind(new InvalidDataAccessResourceUsageException("insert INSERT", new SQLException("refused", state)),
					Kind.INVALID_VALUE);
			assertKind(new R2dbcBadGrammarException("refused", state), Kind.INVALID_VALUE);
		}
	}

	@Test
	void classifiesConflictsWithStoredDataAsConflict() {
		assertKind(new DuplicateKeyException("dup", new R2dbcDataIntegrityViolationException("dup", "23505")),
				Kind.CONFLICT);
		assertKind(new DataIntegrityViolationException("still referenced",
				new R2dbcDataIntegrityViolationException("fk", "23503")), Kind.CONFLICT);
		assertKind(new R2dbcDataIntegrityViolationException("exclusion", "23P01"), Kind.CONFLICT);
		// Spring counts it as transient, but repeating the request cannot succeed.
		assertKind(new OptimisticLockingFailureException("version moved on"), Kind.CONFLICT);
	}

	@Test
	void classifiesEveryOtherDataAccessFailureAsInternal() {
		assertKind(new InvalidDataAccessResourceUsageException("select SELECT",
				new SQLException("no such table", "42P01")), Kind.INTERNAL);
		assertKind(new R2dbcBadGrammarException("permission denied", "42501"), Kind.INTERNAL);
		assertKind(new InvalidDataAccessApiUsageException("misuse"), Kind.INTERNAL);
	}

	@Test
	void classifiesABareTimeoutAsDeadline() {
		assertKind(new TimeoutException("Did not observe any item"), Kind.DEADLINE);
		assertKind(new IllegalStateException(new TimeoutException()), Kind.DEADLINE);
	}

	@Test
	void leavesFailuresOutsideDataAccessAlone() {
		assertThat(DataAccessFailures.classify(new IllegalStateException("boom"))).isNull();
		assertThat(DataAccessFailures.classify(new IOException("client went away"))).isNull();
	}

	@Test
	void describesCausesByClassAndSqlStateOnly() {
		String secret = "Key (name)=(acme secret) already exists";
		Failure failure = DataAccessFailures
			.classify(new DuplicateKeyException(secret, new R2dbcDataIntegrityViolationException(secret, "23505")));
		assertThat(failure).isNotNull();
		assertThat(failure.causes()).isEqualTo(
				DuplicateKeyException.class.getName() + " < " + R2dbcDataIntegrityViolationException.class.getName());
		assertThat(failure.sqlState()).isEqualTo("23505");
		assertThat(failure.toString()).doesNotContain("acme");
	}

	@Test
	void ignoresASqlStateThatIsNotOne() {
		Failure failure = DataAccessFailures
			.classify(new R2dbcTransientResourceException("x", "<script>", new IOException("x")));
		assertThat(failure).isNotNull();
		assertThat(failure.sqlState()).isNull();
		assertThat(failure.kind()).isEqualTo(Kind.UNAVAILABLE);
	}

	@Test
	void survivesACyclicCauseChain() {
		IllegalStateException first = new IllegalStateException("a");
		IllegalArgumentException second = new IllegalArgumentException("b", first);
		first.initCause(second);
		assertThat(DataAccessFailures.classify(first)).isNull();
	}

	private static void assertKind(Throwable failure, Kind kind) {
		Failure classified = DataAccessFailures.classify(failure);
		assertThat(classified).as("%s", failure).isNotNull();
		assertThat(classified.kind()).as("%s", failure).isEqualTo(kind);
	}

}
