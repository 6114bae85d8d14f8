package io.tenancykit.architecture;

import org.junit.jupiter.api.Test;

import static io.tenancykit.architecture.Fixtures.of;
import static io.tenancykit.architecture.Fixtures.violations;
import static org.assertj.core.api.Assertions.assertThat;

class RawDataAccessRulesTests {

	private static final String FIXTURES = "io.tenancykit.architecture.fixtures.";

	@Test
	void rejectsDatabaseClientInAService() {
		assertThat(violations(TenancyArchitectureRules.NO_RAW_DATA_ACCESS, of("rawaccess.violating")))
			.anySatisfy((line) -> assertThat(line).startsWith("Field <" + FIXTURES
					+ "rawaccess.violating.ProjectService.client> has type <org.springframework.r2dbc.core.DatabaseClient>"))
			.anySatisfy((line) -> assertThat(line).startsWith(
					"Method <" + FIXTURES + "rawaccess.violating.ProjectService.countAllTenantsProjects()> calls "
							+ "method <org.springframework.r2dbc.core.DatabaseClient.sql(java.lang.String)>"));
	}

	@Test
	void rejectsConnectionFactoryAndEntityTemplate() {
		assertThat(violations(TenancyArchitectureRules.NO_RAW_DATA_ACCESS, of("rawaccess.violating")))
			.anySatisfy((line) -> assertThat(line).startsWith(
					"Method <" + FIXTURES + "rawaccess.violating.ReportQueries.connect(io.r2dbc.spi.ConnectionFactory)>"
							+ " calls method <io.r2dbc.spi.ConnectionFactory.create()>"))
			.anySatisfy((line) -> assertThat(line).startsWith("Method <" + FIXTURES
					+ "rawaccess.violating.ReportQueries.countProjects(org.springframework.data.r2dbc.core.R2dbcEntityTemplate)> "
					+ "calls method <org.springframework.data.r2dbc.core.R2dbcEntityTemplate.count("));
	}

	@Test
	void rejectsDatabaseClientInTenantScopedRepository() {
		assertThat(violations(TenancyArchitectureRules.NO_RAW_DATA_ACCESS, of("rawaccess.violating")))
			.anySatisfy((line) -> assertThat(line).startsWith("Field <" + FIXTURES
					+ "rawaccess.violating.LegacyProjectQueries.client> has type <org.springframework.r2dbc.core.DatabaseClient>"))
			.anySatisfy((line) -> assertThat(line).startsWith("Method <" + FIXTURES
					+ "rawaccess.violating.LegacyProjectQueries.countAll(io.tenancykit.api.TenantContext)> calls method "
					+ "<org.springframework.r2dbc.core.DatabaseClient.sql(java.lang.String)>"));
	}

	@Test
	void acceptsTemplateInRepositoriesAndServicesAndClientInConfiguration() {
		assertThat(violations(TenancyArchitectureRules.NO_RAW_DATA_ACCESS, of("rawaccess.compliant"))).isEmpty();
	}

}
