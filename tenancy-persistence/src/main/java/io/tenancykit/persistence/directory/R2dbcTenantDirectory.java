package io.tenancykit.persistence.directory;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import io.tenancykit.api.Tenant;
import io.tenancykit.api.TenantDirectory;
import io.tenancykit.api.TenantId;
import io.tenancykit.api.TenantKey;
import io.tenancykit.api.TenantResolutionException;
import io.tenancykit.api.TenantStatus;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * {@link TenantDirectory} that reads the {@code tenancy_tenant} table created by the
 * kit's migrations. Lookups complete empty when no tenant matches and signal
 * {@link TenantResolutionException.DirectoryUnavailable} when the database fails or does
 * not answer within the timeout; they never signal a raw database exception.
 */
public final class R2dbcTenantDirectory implements TenantDirectory {

	/** The name of the tenant directory table. */
	public static final String TABLE = "tenancy_tenant";

	/** The timeout used when none is given. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

	private static final String SELECT = "SELECT id, key, display_name, status, created_at, updated_at FROM " + TABLE
			+ " WHERE ";

	private final DatabaseClient client;

	private final Duration timeout;

	/**
	 * Create a directory with the {@linkplain #DEFAULT_TIMEOUT default timeout}.
	 * @param client the database client, must not be {@literal null}
	 */
	public R2dbcTenantDirectory(DatabaseClient client) {
		this(client, DEFAULT_TIMEOUT);
	}

	/**
	 * Create a directory.
	 * @param client the database client, must not be {@literal null}
	 * @param timeout how long a lookup may take before it signals
	 * {@link TenantResolutionException.DirectoryUnavailable}; must be positive
	 */
	public R2dbcTenantDirectory(DatabaseClient client, Duration timeout) {
		Objects.requireNonNull(client, "'client' must not be null");
		Objects.requireNonNull(timeout, "'timeout' must not be null");
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("'timeout' must be positive");
		}
		this.client = client;
		this.timeout = timeout;
	}

	@Override
	public Mono<Tenant> findByKey(TenantKey key) {
		Objects.requireNonNull(key, "'key' must not be null");
		return find("key = $1", key.value());
	}

	@Override
	public Mono<Tenant> findById(TenantId id) {
		Objects.requireNonNull(id, "'id' must not be null");
		return find("id = $1", id.value());
	}

	private Mono<Tenant> find(String predicate, Object value) {
		return this.client.sql(SELECT + predicate)
			.bind(0, value)
			.map(R2dbcTenantDirectory::tenant)
			.one()
			.timeout(this.timeout)
			.onErrorMap((ex) -> !(ex instanceof TenantResolutionException),
					TenantResolutionException.DirectoryUnavailable::new);
	}

	private static Tenant tenant(Readable row) {
		return new Tenant(new TenantId(required(row, "id", UUID.class)),
				new TenantKey(required(row, "key", String.class)), required(row, "display_name", String.class),
				TenantStatus.valueOf(required(row, "status", String.class)),
				required(row, "created_at", OffsetDateTime.class).toInstant(),
				required(row, "updated_at", OffsetDateTime.class).toInstant());
	}

	private static <V> V required(Readable row, String column, Class<V> type) {
		return Objects.requireNonNull(row.get(column, type), () -> "column " + column + " must not be null");
	}

}
