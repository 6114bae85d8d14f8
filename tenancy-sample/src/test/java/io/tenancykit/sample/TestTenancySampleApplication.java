package io.tenancykit.sample;

import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * Runs the sample against a throw-away PostgreSQL container, for developers with Docker:
 * run this class's {@code main} from the IDE, or
 * {@code ./mvnw -pl tenancy-sample -am spring-boot:test-run}.
 * <p>
 * Flyway gets the container's administrative connection through
 * {@code @ServiceConnection}; the application itself still connects as the non-owner role
 * {@code tenancy_sample_app} that the sample's migration callback creates, so row-level
 * security applies exactly as in production.
 */
@TestConfiguration(proxyBeanMethods = false)
class TestTenancySampleApplication {

	@Bean
	@ServiceConnection(type = FlywayConnectionDetails.class)
	PostgreSQLContainer postgres() {
		return new PostgreSQLContainer(DockerImageName.parse("postgres:16-alpine"));
	}

	@Bean
	DynamicPropertyRegistrar applicationRoleConnection(PostgreSQLContainer postgres) {
		return (registry) -> registry.add("spring.r2dbc.url", () -> "r2dbc:postgresql://" + postgres.getHost() + ":"
				+ postgres.getMappedPort(5432) + "/" + postgres.getDatabaseName() + "?schema=tenancy_sample");
	}

	public static void main(String[] args) {
		SpringApplication.from(TenancySampleApplication::main).with(TestTenancySampleApplication.class).run(args);
	}

}
