package io.tenancykit.persistence.rls;

import java.time.Duration;
import java.util.Objects;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * How a repository statement gets the {@linkplain TenantSetting tenant setting} to the
 * server that evaluates the row-level security policy. On one PostgreSQL server that
 * server is the one the statement is sent to; on Citus it is the worker holding the
 * tenant's shard, which never sees a {@code set_config} call evaluated by the
 * coordinator.
 */
public enum TenantSettingMode {

	/**
	 * Ask the database once, before the first write, and use {@link #CITUS} when it has
	 * the {@code citus} extension, {@link #INLINE} otherwise.
	 */
	AUTO,

	/**
	 * Each statement sets its own tenant with an inline sub-select (ADR-021): one round
	 * trip per operation. For a single PostgreSQL server.
	 */
	INLINE,

	/**
	 * For Citus (ADR-023). Reads set the tenant inline, as {@link #INLINE} does: Citus
	 * sends a router query whole, sub-select included, to the worker holding the tenant's
	 * shard. Writes ({@code INSERT}, {@code UPDATE}, {@code DELETE}, hand-written
	 * statements) run in a transaction (the caller's, if there is one) whose first
	 * statement is {@code SET LOCAL}, which Citus replays on the worker connections of
	 * the transaction: the coordinator evaluates an inline {@code set_config} of a
	 * distributed modification itself, so the shard's policy would never see the tenant.
	 */
	CITUS;

	/** How long a detection may take. */
	public static final Duration DETECTION_TIMEOUT = Duration.ofSeconds(10);

	/**
	 * The statement that tells whether the database is a Citus coordinator: whether the
	 * {@code citus} extension is installed in it.
	 */
	public static final String CITUS_DETECTION = "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'citus') AS citus";

	/**
	 * Return the mode a database needs: {@link #CITUS} when it has the {@code citus}
	 * extension, {@link #INLINE} otherwise.
	 * @param client the database client, must not be {@literal null}
	 * @param timeout how long the detection may take, must not be {@literal null}
	 * @return the mode
	 */
	public static Mono<TenantSettingMode> detect(DatabaseClient client, Duration timeout) {
		Objects.requireNonNull(client, "'client' must not be null");
		Objects.requireNonNull(timeout, "'timeout' must not be null");
		return client.sql(CITUS_DETECTION)
			.map((row) -> Boolean.TRUE.equals(row.get("citus", Boolean.class)))
			.one()
			.map((citus) -> citus ? CITUS : INLINE)
			.timeout(timeout);
	}

}
