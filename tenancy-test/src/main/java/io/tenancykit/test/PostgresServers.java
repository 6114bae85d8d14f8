package io.tenancykit.test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Chooses the PostgreSQL server that {@link PostgresTest @PostgresTest} classes use, once
 * per JVM and configuration. This is shared test infrastructure (like the Testcontainers
 * container it may start), never tenant state, which is why it lives in static fields.
 */
final class PostgresServers {

	static final String LOCAL_HOST = "127.0.0.1";

	static final String LOCAL_USER = "postgres";

	static final String HOW_TO_PROVIDE = "Provide PostgreSQL in one of four ways: (1) set the environment variable "
			+ PostgresTest.URL_ENVIRONMENT + " or the system property " + PostgresTest.URL_PROPERTY + " (-D"
			+ PostgresTest.URL_PROPERTY + "=...) to an admin URL such as "
			+ "postgresql://postgres:secret@localhost:5432/postgres whose user may CREATE DATABASE and CREATE ROLE;"
			+ " (2) start a Docker engine so that Testcontainers can run " + PostgresTest.CONTAINER_IMAGE
			+ "; (3) run PostgreSQL on " + LOCAL_HOST + ":" + AdminServer.DEFAULT_PORT + " with user " + LOCAL_USER
			+ "; (4) run the build as a user other than root, so that the embedded PostgreSQL can start"
			+ " (initdb refuses to run as root).";

	static final String EMBEDDED_NAME = "embedded PostgreSQL (io.zonky.test binaries)";

	private static final String AUTOMATIC = "";

	private static final Object lock = new Object();

	/** Resolutions by explicit URL ({@link #AUTOMATIC} when none is set). */
	private static final Map<String, Resolution> resolutions = new HashMap<>();

	/**
	 * The started container, kept for the life of the JVM; Testcontainers removes it at
	 * exit.
	 */
	private static @Nullable PostgreSQLContainer container;

	/**
	 * The started embedded server, kept for the life of the JVM; its shutdown hook stops
	 * it and deletes its data directory at exit.
	 */
	private static @Nullable EmbeddedPostgres embedded;

	/** The started Citus container, kept for the life of the JVM. */
	private static @Nullable PostgreSQLContainer citusContainer;

	private PostgresServers() {
	}

	/**
	 * Return the server to use, resolving it on first use.
	 * @param explicit the explicit admin URL, or {@literal null} to detect a server
	 * @return the server
	 * @throws PostgresUnavailableException if the explicit URL is unusable or no server
	 * was found
	 */
	static AdminServer resolve(@Nullable ExplicitUrl explicit) {
		Resolution resolution;
		synchronized (lock) {
			String key = (explicit != null) ? explicit.url() : AUTOMATIC;
			resolution = resolutions.get(key);
			if (resolution == null) {
				resolution = (explicit != null) ? resolveExplicit(explicit) : resolveAutomatically();
				resolutions.put(key, resolution);
			}
		}
		return resolution.server();
	}

	private static Resolution resolveExplicit(ExplicitUrl explicit) {
		try {
			AdminServer server;
			if (explicit.citus() && PostgresTest.CITUS_CONTAINER.equals(explicit.url().strip())) {
				server = startCitusContainer();
			}
			else if (!explicit.citus() && PostgresTest.EMBEDDED.equals(explicit.url().strip())) {
				server = startEmbedded();
			}
			else {
				server = AdminServer.parse(explicit.url(), explicit.origin());
			}
			server.verify();
			if (explicit.citus()) {
				server.verifyCitus();
			}
			return Resolution.of(server);
		}
		catch (Exception ex) {
			return Resolution.failed("The PostgreSQL admin URL " + AdminServer.redact(explicit.url()) + " from "
					+ explicit.origin() + " is unusable: " + describe(ex)
					+ ". An explicit URL is never silently replaced by another server: fix it, or unset it to let"
					+ " @PostgresTest try Testcontainers and then the local server. " + HOW_TO_PROVIDE, ex);
		}
	}

	private static Resolution resolveAutomatically() {
		List<Attempt> attempts = List.of(
				new Attempt("Testcontainers (" + PostgresTest.CONTAINER_IMAGE + ")", PostgresServers::startContainer),
				new Attempt("local server at " + LOCAL_HOST + ":" + AdminServer.DEFAULT_PORT + " as user " + LOCAL_USER,
						PostgresServers::localServer),
				new Attempt(EMBEDDED_NAME, PostgresServers::startEmbedded));
		return firstUsable(attempts);
	}

	/**
	 * Return the explicit admin URL configured for the harness, the Citus one first.
	 * @param parameters the JUnit configuration parameters (empty outside JUnit's
	 * extension context); system properties and the environment are read too
	 * @return the explicit URL, or {@literal null} to detect a server
	 */
	static @Nullable ExplicitUrl explicitUrl(Function<String, Optional<String>> parameters) {
		ExplicitUrl citus = explicitCitusUrl(parameters);
		if (citus != null) {
			return citus;
		}
		ExplicitUrl configured = explicitUrl(parameters.apply(PostgresTest.URL_PROPERTY).orElse(null),
				"system property or JUnit configuration parameter " + PostgresTest.URL_PROPERTY);
		if (configured != null) {
			return configured;
		}
		ExplicitUrl property = explicitUrl(System.getProperty(PostgresTest.URL_PROPERTY),
				"system property " + PostgresTest.URL_PROPERTY);
		if (property != null) {
			return property;
		}
		return explicitUrl(System.getenv(PostgresTest.URL_ENVIRONMENT),
				"environment variable " + PostgresTest.URL_ENVIRONMENT);
	}

	private static @Nullable ExplicitUrl explicitCitusUrl(Function<String, Optional<String>> parameters) {
		String configured = parameters.apply(PostgresTest.CITUS_URL_PROPERTY)
			.orElse(System.getProperty(PostgresTest.CITUS_URL_PROPERTY));
		if (configured != null && !configured.isBlank()) {
			return new ExplicitUrl(configured,
					"system property or JUnit configuration parameter " + PostgresTest.CITUS_URL_PROPERTY, true);
		}
		String environment = System.getenv(PostgresTest.CITUS_URL_ENVIRONMENT);
		return (environment != null && !environment.isBlank())
				? new ExplicitUrl(environment, "environment variable " + PostgresTest.CITUS_URL_ENVIRONMENT, true)
				: null;
	}

	private static @Nullable ExplicitUrl explicitUrl(@Nullable String value, String origin) {
		return (value != null && !value.isBlank()) ? new ExplicitUrl(value, origin, false) : null;
	}

	/**
	 * Return the first server that the attempts produce and that passes
	 * {@link AdminServer#verify()}, or a failure naming every attempt's error.
	 * @param attempts the attempts in order
	 * @return the resolution
	 */
	static Resolution firstUsable(List<Attempt> attempts) {
		List<String> errors = new ArrayList<>();
		errors.add("explicit admin URL: not set (neither environment variable " + PostgresTest.URL_ENVIRONMENT
				+ " nor system property " + PostgresTest.URL_PROPERTY + ")");
		@Nullable Throwable firstCause = null;
		for (Attempt attempt : attempts) {
			try {
				AdminServer server = attempt.start().call();
				server.verify();
				return Resolution.of(server);
			}
			catch (Exception | LinkageError ex) {
				// LinkageError: Testcontainers may be missing from a user's test
				// classpath.
				errors.add(attempt.name() + ": " + describe(ex));
				if (firstCause == null) {
					firstCause = ex;
				}
			}
		}
		return Resolution.failed("No PostgreSQL server is available for @PostgresTest. Tried:\n - "
				+ String.join("\n - ", errors) + "\n" + HOW_TO_PROVIDE, firstCause);
	}

	private static AdminServer startContainer() {
		synchronized (lock) {
			PostgreSQLContainer started = container;
			if (started == null) {
				if (!isDockerAvailable()) {
					throw new IllegalStateException("no Docker engine answered");
				}
				started = new PostgreSQLContainer(DockerImageName.parse(PostgresTest.CONTAINER_IMAGE));
				started.start();
				container = started;
			}
			return new AdminServer(started.getHost(), started.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT),
					new Credentials(started.getUsername(), started.getPassword()), started.getDatabaseName(),
					"Testcontainers " + PostgresTest.CONTAINER_IMAGE);
		}
	}

	/**
	 * Start PostgreSQL from the binaries on the class path, once per JVM: the last
	 * resort, which needs nothing but a JDK. It listens on a free port of the loopback
	 * interface with trust authentication for its superuser {@code postgres}.
	 * @return the embedded server
	 * @throws IOException if the binaries cannot be extracted or the server does not
	 * start
	 * @throws IllegalStateException when running as root, which initdb refuses
	 */
	private static AdminServer startEmbedded() throws IOException {
		synchronized (lock) {
			EmbeddedPostgres started = embedded;
			if (started == null) {
				if (isRoot()) {
					throw new IllegalStateException("not started: initdb refuses to run as root");
				}
				started = EmbeddedPostgres.builder().start();
				embedded = started;
			}
			return new AdminServer("localhost", started.getPort(),
					new Credentials(LOCAL_USER, AdminServer.DEFAULT_PASSWORD), AdminServer.DEFAULT_DATABASE,
					EMBEDDED_NAME);
		}
	}

	/**
	 * Whether this JVM runs as root. On Unix the JDK derives {@code user.name} from the
	 * process's user id, so this is the check initdb itself makes.
	 * @return whether the user is root
	 */
	static boolean isRoot() {
		return "root".equals(System.getProperty("user.name"));
	}

	private static AdminServer startCitusContainer() {
		synchronized (lock) {
			PostgreSQLContainer started = citusContainer;
			if (started == null) {
				if (!isDockerAvailable()) {
					throw new IllegalStateException("no Docker engine answered");
				}
				// The image is PostgreSQL with Citus preloaded and the extension created
				// in the default database: a single-node coordinator.
				started = new PostgreSQLContainer(
						DockerImageName.parse(PostgresTest.CITUS_CONTAINER_IMAGE).asCompatibleSubstituteFor("postgres"))
					.withDatabaseName("postgres");
				started.start();
				citusContainer = started;
			}
			return new AdminServer(started.getHost(), started.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT),
					new Credentials(started.getUsername(), started.getPassword()), started.getDatabaseName(),
					"Testcontainers " + PostgresTest.CITUS_CONTAINER_IMAGE);
		}
	}

	private static boolean isDockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (Throwable ex) {
			// Docker detection fails in many ways (missing socket, bad config, missing
			// native libraries); every one of them means "no Docker here".
			throw new IllegalStateException("no Docker engine answered: " + describe(ex), ex);
		}
	}

	private static AdminServer localServer() {
		return new AdminServer(LOCAL_HOST, AdminServer.DEFAULT_PORT,
				new Credentials(LOCAL_USER, AdminServer.DEFAULT_PASSWORD), AdminServer.DEFAULT_DATABASE,
				"local server");
	}

	/**
	 * Describe an error and its causes in one line.
	 * @param error the error
	 * @return the description
	 */
	static String describe(Throwable error) {
		StringBuilder description = new StringBuilder();
		@Nullable Throwable current = error;
		int depth = 0;
		while (current != null && depth < 4) {
			if (depth > 0) {
				description.append(" <- ");
			}
			description.append(current.getClass().getSimpleName());
			String message = current.getMessage();
			if (message != null && !message.isBlank()) {
				description.append(": ").append(message.strip());
			}
			current = (current.getCause() != current) ? current.getCause() : null;
			depth++;
		}
		return description.toString();
	}

	/**
	 * An explicit admin URL and where it was configured.
	 *
	 * @param url the URL, never blank
	 * @param origin the setting it came from, never blank
	 * @param citus whether the server must be a Citus coordinator
	 */
	record ExplicitUrl(String url, String origin, boolean citus) {

		ExplicitUrl {
			if (url == null || url.isBlank()) {
				throw new IllegalArgumentException("'url' must not be blank");
			}
			if (origin == null || origin.isBlank()) {
				throw new IllegalArgumentException("'origin' must not be blank");
			}
		}

	}

	/**
	 * One way of finding a server.
	 *
	 * @param name what is tried, for messages
	 * @param start produces the server, throwing if it cannot
	 */
	record Attempt(String name, Callable<AdminServer> start) {

		Attempt {
			if (name == null || name.isBlank()) {
				throw new IllegalArgumentException("'name' must not be blank");
			}
			if (start == null) {
				throw new IllegalArgumentException("'start' must not be null");
			}
		}

	}

	/**
	 * The outcome of resolving a server: either a server or a failure message.
	 *
	 * @param usable the server, or {@literal null} on failure
	 * @param failure the failure message, or {@literal null} on success
	 * @param cause the underlying error, if any
	 */
	record Resolution(@Nullable AdminServer usable, @Nullable String failure, @Nullable Throwable cause) {

		static Resolution of(AdminServer server) {
			return new Resolution(server, null, null);
		}

		static Resolution failed(String failure, @Nullable Throwable cause) {
			return new Resolution(null, failure, cause);
		}

		/**
		 * Return the server or throw a fresh exception describing the failure, so that
		 * every test class reports it with its own stack trace.
		 * @return the server
		 */
		AdminServer server() {
			if (this.usable != null) {
				return this.usable;
			}
			throw new PostgresUnavailableException(String.valueOf(this.failure), this.cause);
		}

	}

}
