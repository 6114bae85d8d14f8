package io.tenancykit.sample;

import java.util.LinkedHashMap;
import java.util.Map;

import io.tenancykit.test.Credentials;
import io.tenancykit.test.PostgresDatabase;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Starts the real sample application on a random port against a {@code @PostgresTest}
 * database: migrations as the owner role, requests served as the application role.
 */
final class SampleApplications {

	private SampleApplications() {
	}

	static ConfigurableApplicationContext start(PostgresDatabase db) {
		return start(db, db.application());
	}

	static ConfigurableApplicationContext start(PostgresDatabase db, Credentials r2dbcRole) {
		return start(db, r2dbcRole, db.r2dbcUrl(), Map.of());
	}

	/**
	 * Start the sample with the application role, another R2DBC URL (such as one through
	 * a proxy) and further properties, which win over the defaults.
	 */
	static ConfigurableApplicationContext start(PostgresDatabase db, String r2dbcUrl, Map<String, String> more) {
		return start(db, db.application(), r2dbcUrl, more);
	}

	/**
	 * Start the sample as {@link #start(PostgresDatabase, String, Map)}, with listeners
	 * that see its events from the first, such as one that captures the log once Spring
	 * Boot has initialized logging.
	 */
	static ConfigurableApplicationContext start(PostgresDatabase db, String r2dbcUrl, Map<String, String> more,
			ApplicationListener<?>... listeners) {
		return start(db, db.application(), r2dbcUrl, more, listeners);
	}

	private static ConfigurableApplicationContext start(PostgresDatabase db, Credentials r2dbcRole, String r2dbcUrl,
			Map<String, String> more, ApplicationListener<?>... listeners) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("server.port", "0");
		properties.put("spring.r2dbc.url", r2dbcUrl);
		properties.put("spring.r2dbc.username", r2dbcRole.username());
		properties.put("spring.r2dbc.password", r2dbcRole.password());
		properties.put("spring.flyway.url", db.jdbcUrl());
		properties.put("spring.flyway.user", db.owner().username());
		properties.put("spring.flyway.password", db.owner().password());
		properties.put("spring.flyway.schemas", "public");
		properties.put("spring.flyway.default-schema", "public");
		// The harness grants the application role its privileges: the sample's
		// role-creating callback (db/sample-roles) is only for the local run.
		properties.put("spring.flyway.locations", "classpath:db/migration");
		properties.putAll(more);
		// Command-line arguments, not default properties: they must win over the yaml.
		String[] args = properties.entrySet()
			.stream()
			.map((property) -> "--" + property.getKey() + "=" + property.getValue())
			.toArray(String[]::new);
		return new SpringApplicationBuilder(TenancySampleApplication.class).listeners(listeners).run(args);
	}

	static WebTestClient client(ConfigurableApplicationContext context) {
		String port = context.getEnvironment().getRequiredProperty("local.server.port");
		return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
	}

}
