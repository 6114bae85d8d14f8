package io.tenancykit.test;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PgBouncer in transaction pooling mode in front of a {@link PostgresDatabase}, started
 * from the installed binary for tests that prove the kit behind a connection pooler
 * (docs/guides/behind-a-connection-pooler.md). Its configuration is written to a
 * temporary directory: {@code pool_mode = transaction}, {@code auth_type = md5} with the
 * database's owner and application roles in the {@code auth_file}, listening on a free
 * port of {@code 127.0.0.1}, at most the given number of server connections. Closing it
 * stops the process and deletes the directory.
 * <p>
 * The binary is the system property {@value #BINARY_PROPERTY} if set, else
 * {@code pgbouncer} on the {@code PATH}, else {@code /usr/sbin/pgbouncer} (where Debian's
 * package installs it). A missing binary fails the test with the command that installs
 * it, never skips it. PgBouncer refuses to run as root, so as root it is started with
 * {@code -u nobody}.
 */
public final class PgBouncer implements AutoCloseable {

	/** The system property naming the PgBouncer binary to start. */
	public static final String BINARY_PROPERTY = "tenancy.test.pgbouncer";

	private static final Path DEBIAN_BINARY = Paths.get("/usr/sbin/pgbouncer");

	private static final long START_TIMEOUT_MS = 10_000;

	private final Process process;

	private final Path directory;

	private final PostgresDatabase database;

	private final int port;

	private PgBouncer(Process process, Path directory, PostgresDatabase database, int port) {
		this.process = process;
		this.directory = directory;
		this.database = database;
		this.port = port;
	}

	/**
	 * Start a PgBouncer in transaction pooling mode in front of a database and wait until
	 * it accepts connections.
	 * @param database the database, must not be {@literal null}
	 * @param poolSize the most server connections per user, at least 1
	 * @return the running PgBouncer; close it to stop it
	 * @throws IllegalStateException if PgBouncer is not installed or does not start
	 */
	public static PgBouncer start(PostgresDatabase database, int poolSize) {
		Objects.requireNonNull(database, "'database' must not be null");
		if (poolSize < 1) {
			throw new IllegalArgumentException("'poolSize' must be at least 1");
		}
		Path binary = binary();
		try {
			Path directory = Files.createTempDirectory("tenancy-pgbouncer");
			int port = freePort();
			Path config = directory.resolve("pgbouncer.ini");
			Files.writeString(config, config(database, port, poolSize, directory.resolve("users.txt")),
					StandardCharsets.UTF_8);
			Files.writeString(directory.resolve("users.txt"), users(database), StandardCharsets.UTF_8);
			List<String> command = new ArrayList<>(List.of(binary.toString()));
			if ("root".equals(System.getProperty("user.name"))) {
				// It reads its configuration before it drops privileges, so the directory
				// may stay private to root.
				command.addAll(List.of("-u", "nobody"));
			}
			command.add(config.toString());
			Path output = directory.resolve("pgbouncer.log");
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.start();
			PgBouncer pgBouncer = new PgBouncer(process, directory, database, port);
			pgBouncer.awaitListening(output);
			return pgBouncer;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start PgBouncer (" + binary + "): " + ex.getMessage(), ex);
		}
	}

	private static Path binary() {
		String configured = System.getProperty(BINARY_PROPERTY);
		if (configured != null && !configured.isBlank()) {
			Path path = Paths.get(configured);
			if (!Files.isExecutable(path)) {
				throw new IllegalStateException(BINARY_PROPERTY + "=" + configured + " is not an executable file");
			}
			return path;
		}
		return onPath().or(() -> Optional.of(DEBIAN_BINARY).filter(Files::isExecutable))
			.orElseThrow(() -> new IllegalStateException("PgBouncer is not installed: no 'pgbouncer' on the PATH nor "
					+ DEBIAN_BINARY + ". Install it (Debian, Ubuntu: 'sudo apt-get install -y pgbouncer'; macOS: "
					+ "'brew install pgbouncer') or name the binary with -D" + BINARY_PROPERTY
					+ "=/path/to/pgbouncer"));
	}

	private static Optional<Path> onPath() {
		String path = System.getenv("PATH");
		if (path == null) {
			return Optional.empty();
		}
		return Stream.of(path.split(File.pathSeparator))
			.filter((entry) -> !entry.isEmpty())
			.map((entry) -> Paths.get(entry, "pgbouncer"))
			.filter(Files::isExecutable)
			.findFirst();
	}

	private static String config(PostgresDatabase database, int port, int poolSize, Path users) {
		String name = database.databaseName();
		return String.join("\n", "[databases]",
				name + " = host=" + database.host() + " port=" + database.port() + " dbname=" + name, "", "[pgbouncer]",
				"listen_addr = 127.0.0.1", "listen_port = " + port, "unix_socket_dir =", "auth_type = md5",
				"auth_file = " + users, "pool_mode = transaction", "default_pool_size = " + poolSize,
				"max_client_conn = 200",
				// Sent by the JDBC driver, which the tests use for their own checks.
				"ignore_startup_parameters = extra_float_digits", "");
	}

	// Names and passwords are hex digits and underscores: nothing to escape.
	private static String users(PostgresDatabase database) {
		StringBuilder users = new StringBuilder();
		for (Credentials credentials : List.of(database.owner(), database.application())) {
			users.append('"')
				.append(credentials.username())
				.append("\" \"")
				.append(credentials.password())
				.append("\"\n");
		}
		return users.toString();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private void awaitListening(Path output) {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				close();
				throw new IllegalStateException(
						"PgBouncer exited with status " + this.process.exitValue() + ": " + read(output));
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 500);
				return;
			}
			catch (IOException ex) {
				sleep();
			}
		}
		String log = read(output);
		close();
		throw new IllegalStateException(
				"PgBouncer did not listen on 127.0.0.1:" + this.port + " within " + START_TIMEOUT_MS + " ms: " + log);
	}

	private static void sleep() {
		try {
			Thread.sleep(50);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for PgBouncer", ex);
		}
	}

	private static String read(Path output) {
		try {
			return Files.readString(output, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "(no output: " + ex.getMessage() + ")";
		}
	}

	/**
	 * Return the port PgBouncer listens on, at {@code 127.0.0.1}.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Return the R2DBC URL of the database through PgBouncer, without credentials and
	 * without driver options.
	 * @return a URL such as {@code r2dbc:postgresql://127.0.0.1:41234/tk_0123456789ab}
	 */
	public String r2dbcUrl() {
		return "r2dbc:postgresql://127.0.0.1:" + this.port + "/" + this.database.databaseName();
	}

	/**
	 * Return what PgBouncer has logged so far, for assertion messages.
	 * @return the log
	 */
	public String log() {
		return read(this.directory.resolve("pgbouncer.log"));
	}

	/**
	 * Stop PgBouncer and delete its directory.
	 */
	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		delete(this.directory);
	}

	private static void delete(Path directory) {
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not delete " + directory, ex);
		}
	}

	@Override
	public String toString() {
		return "PgBouncer[127.0.0.1:" + this.port + " -> " + this.database.databaseName() + "]";
	}

}
