package io.tenancykit.test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import io.tenancykit.api.Tenant;
import io.tenancykit.api.TenantContext;
import io.tenancykit.api.TenantStatus;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @PostgresTest} on a Spring test: the application context owns the database, has
 * the Spring Boot connection properties and the test beans, and drops the database when
 * it closes.
 */
@PostgresTest
@SpringJUnitConfig(PostgresTestSpringIntegrationTests.Config.class)
class PostgresTestSpringIntegrationTests {

	private static final String DIRECTORY = """
			CREATE TABLE tenancy_tenant (id uuid PRIMARY KEY, key text NOT NULL UNIQUE, display_name text NOT NULL,
				status text NOT NULL DEFAULT 'ACTIVE', created_at timestamptz NOT NULL DEFAULT now(),
				updated_at timestamptz NOT NULL DEFAULT now())""";

	@Autowired
	private PostgresDatabase database;

	@Test
	void parametersReceiveTheDatabaseOfTheApplicationContext(PostgresDatabase parameter) {
		assertThat(parameter).isSameAs(this.database);
	}

	@Test
	void contextGetsR2dbcAsTheApplicationRoleAndMigrationsAsTheOwner(@Autowired Environment environment) {
		assertThat(environment.getProperty("spring.r2dbc.url")).isEqualTo(this.database.r2dbcUrl());
		assertThat(environment.getProperty("spring.r2dbc.username")).isEqualTo(this.database.application().username());
		assertThat(environment.getProperty("spring.r2dbc.password")).isEqualTo(this.database.application().password());
		for (String tool : List.of("flyway", "liquibase")) {
			assertThat(environment.getProperty("spring." + tool + ".url")).isEqualTo(this.database.jdbcUrl());
			assertThat(environment.getProperty("spring." + tool + ".user")).isEqualTo(this.database.owner().username());
			assertThat(environment.getProperty("spring." + tool + ".password"))
				.isEqualTo(this.database.owner().password());
		}
	}

	@Test
	void testTenantsCreateTenantsAndHandOutTheirContexts(@Autowired TestTenants tenants,
			@Autowired TenantRequests requests) throws SQLException {
		this.database.executeAsOwner(DIRECTORY);
		TenantContext acme = tenants.create("acme");
		Tenant initech = tenants.create("initech", TenantStatus.SUSPENDED);
		assertThat(tenants.context("acme")).isEqualTo(acme);
		assertThat(initech.isActive()).isFalse();
		try (Connection connection = this.database.openJdbc(this.database.owner());
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT id FROM tenancy_tenant WHERE key = 'acme'")) {
			rows.next();
			assertThat(rows.getString(1)).isEqualTo(acme.tenantId().toString());
		}
		HttpHeaders headers = new HttpHeaders();
		requests.asTenant(acme).accept(headers);
		assertThat(headers.getFirst("X-Tenant-ID")).isEqualTo("acme");
	}

	@Test
	void databaseIsDroppedWhenTheContextCloses() throws SQLException {
		PostgresDatabase own;
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			new PostgresTestContextCustomizer().customizeContext(context,
					new MergedContextConfiguration(getClass(), null, null, null, null));
			context.refresh();
			own = context.getBean(PostgresDatabase.class);
			assertThat(exists(own)).isTrue();
		}
		assertThat(exists(own)).isFalse();
	}

	@Test
	void everyPostgresTestCustomizerIsEqualSoThatContextsAreCached() {
		PostgresTestContextCustomizerFactory factory = new PostgresTestContextCustomizerFactory();
		assertThat(factory.createContextCustomizer(getClass(), List.of()))
			.isEqualTo(new PostgresTestContextCustomizer())
			.hasSameHashCodeAs(new PostgresTestContextCustomizer());
		assertThat(factory.createContextCustomizer(Config.class, List.of())).isNull();
	}

	private boolean exists(PostgresDatabase own) throws SQLException {
		try (Connection admin = this.database.openAdmin();
				Statement statement = admin.createStatement();
				ResultSet rows = statement
					.executeQuery("SELECT count(*) FROM pg_database WHERE datname = '" + own.databaseName() + "'")) {
			rows.next();
			return rows.getInt(1) == 1;
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Config {

	}

}
