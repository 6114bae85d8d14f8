package io.tenancykit.test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

@PostgresTest
class PostgresExtensionLifecycleIntegrationTests {

	private static final Queue<PostgresDatabase> seenByFixtures = new ConcurrentLinkedQueue<>();

	@Test
	void givesEachClassAFreshDatabaseAndDropsItAndItsRolesAfterwards(PostgresDatabase database) throws SQLException {
		seenByFixtures.clear();

		EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
			.configurationParameter(TestKitFixture.PARAMETER, "true")
			.selectors(selectClass(FirstFixture.class), selectClass(SecondFixture.class))
			.execute();

		results.testEvents().assertStatistics((stats) -> stats.started(2).succeeded(2));
		assertThat(seenByFixtures).hasSize(2);
		List<String> names = seenByFixtures.stream().map(PostgresDatabase::databaseName).distinct().toList();
		assertThat(names).hasSize(2).doesNotContain(database.databaseName());
		try (Connection admin = database.openAdmin()) {
			for (PostgresDatabase seen : seenByFixtures) {
				assertThat(count(admin, "SELECT count(*) FROM pg_database WHERE datname = ?", seen.databaseName()))
					.as("database %s dropped", seen.databaseName())
					.isZero();
				assertThat(count(admin, "SELECT count(*) FROM pg_roles WHERE rolname IN (?, ?)",
						seen.owner().username(), seen.application().username()))
					.as("roles of %s dropped", seen.databaseName())
					.isZero();
			}
		}
	}

	@Test
	void failsTheClassNamingAllThreeWaysWhenTheExplicitUrlIsUnreachable() {
		EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
			.configurationParameter(TestKitFixture.PARAMETER, "true")
			.configurationParameter(PostgresTest.URL_PROPERTY, "postgresql://postgres@127.0.0.1:1/postgres")
			.selectors(selectClass(FirstFixture.class))
			.execute();

		results.testEvents().assertStatistics((stats) -> stats.started(0).skipped(0));
		results.containerEvents().assertStatistics((stats) -> stats.skipped(0).failed(1));
		Throwable failure = results.containerEvents()
			.failed()
			.stream()
			.map((event) -> event.getPayload(TestExecutionResult.class))
			.flatMap(Optional::stream)
			.map(TestExecutionResult::getThrowable)
			.flatMap(Optional::stream)
			.findFirst()
			.orElseThrow();
		assertThat(failure).isInstanceOf(PostgresUnavailableException.class)
			.hasMessageContaining("postgresql://postgres@127.0.0.1:1/postgres")
			.hasMessageContaining("JUnit configuration parameter tenancy.test.postgres.url")
			.hasMessageContaining("TENANCY_TEST_POSTGRES_URL")
			.hasMessageContaining("-Dtenancy.test.postgres.url")
			.hasMessageContaining("start a Docker engine so that Testcontainers can run postgres:16-alpine")
			.hasMessageContaining("run PostgreSQL on 127.0.0.1:5432 with user postgres")
			.hasMessageContaining("Connection");
	}

	private static long count(Connection connection, String sql, String... parameters) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < parameters.length; i++) {
				statement.setString(i + 1, parameters[i]);
			}
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getLong(1);
			}
		}
	}

	private static void recordWhileOpen(PostgresDatabase database) throws SQLException {
		try (Connection application = database.openJdbc(database.application())) {
			assertThat(PostgresExtensionIntegrationTests.queryString(application, "SELECT current_database()"))
				.isEqualTo(database.databaseName());
		}
		seenByFixtures.add(database);
	}

	@TestKitFixture
	@PostgresTest
	static class FirstFixture {

		@Test
		void usesItsDatabase(PostgresDatabase database) throws SQLException {
			recordWhileOpen(database);
		}

	}

	@TestKitFixture
	@PostgresTest
	static class SecondFixture {

		@Test
		void usesItsDatabase(PostgresDatabase database) throws SQLException {
			recordWhileOpen(database);
		}

	}

}
