package io.tenancykit.boot.testsupport;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.tenancykit.api.Tenant;
import io.tenancykit.api.TenantDirectory;
import io.tenancykit.api.TenantId;
import io.tenancykit.api.TenantKey;
import io.tenancykit.api.TenantStatus;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Beans that must exist but are never used for I/O: a {@link DatabaseClient} over a
 * connection factory that refuses every connection, and an in-memory directory.
 */
public final class StubDatabase {

	public static final String REFUSAL = "no database in this test";

	public static final Tenant ACME = new Tenant(new TenantId(UUID.fromString("0b5c4a4e-7f0a-4e7c-9d55-1f3c1e2d3a01")),
			new TenantKey("acme"), "Acme", TenantStatus.ACTIVE, Instant.EPOCH, Instant.EPOCH);

	private StubDatabase() {
	}

	public static ConnectionFactory refusingConnectionFactory() {
		return new ConnectionFactory() {

			@Override
			public Publisher<? extends Connection> create() {
				return Mono.error(new IllegalStateException(REFUSAL));
			}

			@Override
			public ConnectionFactoryMetadata getMetadata() {
				return () -> "PostgreSQL";
			}

		};
	}

	public static TenantDirectory inMemoryDirectory() {
		Map<TenantKey, Tenant> byKey = Map.of(ACME.key(), ACME);
		Map<TenantId, Tenant> byId = Map.of(ACME.id(), ACME);
		return new TenantDirectory() {

			@Override
			public Mono<Tenant> findByKey(TenantKey key) {
				return Mono.justOrEmpty(byKey.get(key));
			}

			@Override
			public Mono<Tenant> findById(TenantId id) {
				return Mono.justOrEmpty(byId.get(id));
			}

		};
	}

	@Configuration(proxyBeanMethods = false)
	public static class DatabaseClientConfiguration {

		@Bean
		DatabaseClient databaseClient() {
			return DatabaseClient.create(refusingConnectionFactory());
		}

	}

	@Configuration(proxyBeanMethods = false)
	public static class DirectoryConfiguration {

		@Bean
		TenantDirectory userTenantDirectory() {
			return inMemoryDirectory();
		}

	}

}
