package io.tenancykit.test;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;

import org.jspecify.annotations.Nullable;

/**
 * A PostgreSQL server reached through a role that may create databases and roles. Its
 * {@link #toString()} never reveals the password.
 *
 * @param host the host name or address, never blank
 * @param port the TCP port
 * @param admin the admin login
 * @param maintenanceDatabase the database to connect to when creating and dropping test
 * databases, never blank
 * @param origin where this server came from, for messages
 */
record AdminServer(String host, int port, Credentials admin, String maintenanceDatabase, String origin) {

	static final int DEFAULT_PORT = 5432;

	static final String DEFAULT_DATABASE = "postgres";

	static final String DEFAULT_PASSWORD = "postgres";

	/**
	 * Seconds a connection attempt (and its login) may take, so that a missing server
	 * fails quickly instead of hanging the build.
	 */
	private static final String CONNECT_TIMEOUT_SECONDS = "5";

	AdminServer {
		if (host == null || host.isBlank()) {
			throw new IllegalArgumentException("'host' must not be blank");
		}
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException("'port' must be between 1 and 65535 but was " + port);
		}
		if (admin == null) {
			throw new IllegalArgumentException("'admin' must not be null");
		}
		if (maintenanceDatabase == null || maintenanceDatabase.isBlank()) {
			throw new IllegalArgumentException("'maintenanceDatabase' must not be blank");
		}
		if (origin == null || origin.isBlank()) {
			throw new IllegalArgumentException("'origin' must not be blank");
		}
	}

	/**
	 * Parse an admin URL, either {@code postgresql://user:password@host:port/database}
	 * (also {@code postgres://}) or
	 * {@code jdbc:postgresql://host:port/database?user=...&password=...}. Port and
	 * database default to {@code 5432} and {@code postgres}; user and password may be
	 * percent-encoded. A missing password becomes {@code postgres}, which trust
	 * authentication ignores.
	 * @param url the URL
	 * @param origin where the URL came from, for messages
	 * @return the server
	 * @throws IllegalArgumentException if the URL has neither form or lacks a host or
	 * user
	 */
	static AdminServer parse(String url, String origin) {
		String trimmed = url.trim();
		String lower = trimmed.toLowerCase(Locale.ROOT);
		String withoutJdbc = lower.startsWith("jdbc:") ? trimmed.substring("jdbc:".length()) : trimmed;
		String scheme = withoutJdbc.toLowerCase(Locale.ROOT);
		if (!scheme.startsWith("postgresql://") && !scheme.startsWith("postgres://")) {
			throw new IllegalArgumentException(
					"Admin URL from " + origin + " must look like postgresql://user:password@host:port/database or "
							+ "jdbc:postgresql://host:port/database?user=...&password=... but was " + redact(url));
		}
		URI uri;
		try {
			uri = new URI(withoutJdbc);
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException("Admin URL from " + origin + " is malformed: " + redact(url), ex);
		}
		String host = uri.getHost();
		if (host == null || host.isBlank()) {
			throw new IllegalArgumentException("Admin URL from " + origin + " names no host: " + redact(url));
		}
		int port = (uri.getPort() != -1) ? uri.getPort() : DEFAULT_PORT;
		String path = uri.getRawPath();
		String database = (path == null || path.length() <= 1) ? DEFAULT_DATABASE : decode(path.substring(1));
		@Nullable String user = null;
		@Nullable String password = null;
		String userInfo = uri.getRawUserInfo();
		if (userInfo != null) {
			int colon = userInfo.indexOf(':');
			user = decode((colon != -1) ? userInfo.substring(0, colon) : userInfo);
			password = (colon != -1) ? decode(userInfo.substring(colon + 1)) : null;
		}
		String query = uri.getRawQuery();
		if (query != null) {
			for (String pair : query.split("&", -1)) {
				int equals = pair.indexOf('=');
				String key = decode((equals != -1) ? pair.substring(0, equals) : pair);
				String value = (equals != -1) ? decode(pair.substring(equals + 1)) : "";
				if (key.equals("user")) {
					user = value;
				}
				else if (key.equals("password")) {
					password = value;
				}
			}
		}
		if (user == null || user.isBlank()) {
			throw new IllegalArgumentException("Admin URL from " + origin + " names no user: " + redact(url));
		}
		String effectivePassword = (password == null || password.isEmpty()) ? DEFAULT_PASSWORD : password;
		return new AdminServer(host, port, new Credentials(user, effectivePassword), database, origin);
	}

	/**
	 * Return the URL with any password replaced by {@code ******}, for messages.
	 * @param url the URL
	 * @return the redacted URL
	 */
	static String redact(String url) {
		String redacted = url.replaceAll("(?i)(password=)[^&]*", "$1******");
		return redacted.replaceAll("(://[^:/@?#]*:)[^@/?#]*@", "$1******@");
	}

	private static String decode(String text) {
		return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

	/**
	 * Open a connection to a database on this server.
	 * @param database the database name
	 * @param credentials the login
	 * @return an open connection in auto-commit mode
	 * @throws SQLException if the server refuses or does not answer in time
	 */
	Connection connect(String database, Credentials credentials) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", credentials.username());
		properties.setProperty("password", credentials.password());
		properties.setProperty("connectTimeout", CONNECT_TIMEOUT_SECONDS);
		properties.setProperty("loginTimeout", CONNECT_TIMEOUT_SECONDS);
		properties.setProperty("ApplicationName", "tenancy-test");
		return DriverManager.getConnection(jdbcUrl(database), properties);
	}

	/**
	 * Open an admin connection to a database on this server.
	 * @param database the database name
	 * @return an open connection in auto-commit mode
	 * @throws SQLException if the server refuses or does not answer in time
	 */
	Connection connectAsAdmin(String database) throws SQLException {
		return connect(database, this.admin);
	}

	String jdbcUrl(String database) {
		return "jdbc:postgresql://" + hostAndPort() + "/" + database;
	}

	String hostAndPort() {
		String literalHost = (this.host.indexOf(':') != -1 && !this.host.startsWith("[")) ? "[" + this.host + "]"
				: this.host;
		return literalHost + ":" + this.port;
	}

	/**
	 * Check that this server answers and that the admin may create databases and roles.
	 * @throws SQLException if the server cannot be reached
	 * @throws IllegalStateException if the admin lacks privileges or the server is too
	 * old
	 */
	void verify() throws SQLException {
		try (Connection connection = connectAsAdmin(this.maintenanceDatabase);
				var statement = connection.createStatement();
				var result = statement.executeQuery("SELECT rolsuper, rolcreatedb, rolcreaterole,"
						+ " current_setting('server_version_num')::int FROM pg_roles WHERE rolname = current_user")) {
			if (!result.next()) {
				throw new IllegalStateException("role " + this.admin.username() + " is not visible in pg_roles");
			}
			boolean superuser = result.getBoolean(1);
			boolean mayCreate = superuser || (result.getBoolean(2) && result.getBoolean(3));
			if (!mayCreate) {
				throw new IllegalStateException("role " + this.admin.username()
						+ " may not CREATE DATABASE and CREATE ROLE; use a superuser or a role with CREATEDB CREATEROLE");
			}
			if (result.getInt(4) < 130000) {
				throw new IllegalStateException(
						"PostgreSQL 13 or later is required (for DROP DATABASE ... WITH (FORCE))");
			}
		}
	}

	/**
	 * Check that the maintenance database has the {@code citus} extension, as a Citus
	 * coordinator's has.
	 * @throws SQLException if the server cannot be reached
	 * @throws IllegalStateException if it is not a Citus coordinator
	 */
	void verifyCitus() throws SQLException {
		try (Connection connection = connectAsAdmin(this.maintenanceDatabase);
				var statement = connection.createStatement();
				var result = statement.executeQuery("SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'citus'")) {
			if (!result.next()) {
				throw new IllegalStateException("database " + this.maintenanceDatabase
						+ " has no citus extension: this is not a Citus coordinator");
			}
		}
	}

	static boolean isSuperuser(Connection connection) throws SQLException {
		try (var statement = connection.createStatement();
				var result = statement.executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
			return result.next() && result.getBoolean(1);
		}
	}

	@Override
	public String toString() {
		return "PostgreSQL at " + hostAndPort() + " as " + this.admin.username() + " (" + this.origin + ")";
	}

}
