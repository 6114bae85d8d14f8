package io.tenancykit.sample;

import java.util.Map;

import io.tenancykit.test.PostgresDatabase;

import org.springframework.boot.SpringApplication;

/**
 * Runs the sample on a fresh database from the test harness, so that it needs no
 * installed PostgreSQL: run this class's {@code main} from the IDE, or
 * {@code ./mvnw -pl tenancy-sample -am spring-boot:test-run}. The database is created on
 * the server {@code @PostgresTest} would choose (an explicit
 * {@code TENANCY_TEST_POSTGRES_URL}, Testcontainers, the local server on
 * {@code 127.0.0.1:5432}, else an embedded PostgreSQL, which needs a user other than
 * root) and dropped when the application stops. Migrations run as its owner, requests are
 * served as its application role, so row-level security applies exactly as in production.
 */
final class TestTenancySampleApplication {

	private TestTenancySampleApplication() {
	}

	public static void main(String[] args) {
		PostgresDatabase database = PostgresDatabase.createUntilExit();
		// System properties rank above application.yaml and below command-line arguments,
		// which can still override them.
		database.springBootProperties().forEach(System::setProperty);
		// The harness grants the application role its privileges in schema public: the
		// sample's role-creating callback and schema are for the plain spring-boot:run.
		Map.of("spring.flyway.locations", "classpath:db/migration", "spring.flyway.schemas", "public",
				"spring.flyway.default-schema", "public")
			.forEach(System::setProperty);
		SpringApplication.from(TenancySampleApplication::main).run(args);
	}

}
