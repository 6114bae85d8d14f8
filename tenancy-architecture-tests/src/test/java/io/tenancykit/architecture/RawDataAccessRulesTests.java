package io.tenancykit.architecture;

import org.junit.jupiter.api.Test;

import static io.tenancykit.architecture.Fixtures.messages;
import static io.tenancykit.architecture.Fixtures.of;
import static io.tenancykit.architecture.Fixtures.violations;
import static org.assertj.core.api.Assertions.assertThat;

class RawDataAccessRulesTests {

	private static final String FIXTURES = "io.tenancykit.architecture.fixtures.";

	private static final String VIOLATING = FIXTURES + "rawaccess.violating.";

	private static final String ARCHIVE_CONFIGURATION_DELETE = "Method <" + VIOLATING
			+ "ArchiveConfiguration.purgeArchive(org.springframework.data.r2dbc.core.FluentR2dbcOperations)> runs "
			+ "<org.springframework.data.r2dbc.core.FluentR2dbcOperations.delete(java.lang.Class)> in configuration code";

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

	@Test
	void rejectsJdbcTemplateInAService() {
		assertThat(messages(TenancyArchitectureRules.NO_RAW_DATA_ACCESS, of("rawaccess.violating"))).contains(
				"Field <" + VIOLATING
						+ "JdbcProjectService.jdbc> has type <org.springframework.jdbc.core.JdbcTemplate>",
				"Method <" + VIOLATING + "JdbcProjectService.count(io.tenancykit.api.TenantContext)> calls method "
						+ "<org.springframework.jdbc.core.JdbcTemplate.queryForObject(java.lang.String, java.lang.Class)>");
	}

	@Test
	void rejectsNamedParameterJdbcTemplate() {
		assertThat(messages(TenancyArchitectureRules.NO_RAW_DATA_ACCESS, of("rawaccess.violating")))
			.contains("Method <" + VIOLATING + "NamedProjectQueries.names(java.lang.String)> calls method "
					+ "<org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate.queryForList("
					+ "java.lang.String, java.util.Map, java.lang.Class)>");
	}

	@Test
	void rejectsDataSourceConnectionAndJdbcStatements() {
		assertThat(messages(TenancyArchitectureRules.NO_RAW_DATA_ACCESS, of("rawaccess.violating"))).contains(
				"Method <" + VIOLATING + "ProjectExport.rows()> calls method <javax.sql.DataSource.getConnection()>",
				"Method <" + VIOLATING + "ProjectExport.rows()> calls method "
						+ "<java.sql.Connection.prepareStatement(java.lang.String)>",
				"Method <" + VIOLATING
						+ "ProjectExport.rows()> calls method <java.sql.PreparedStatement.executeQuery()>");
	}

	@Test
	void rejectsJdbcTemplateInTenantScopedRepository() {
		assertThat(messages(TenancyArchitectureRules.NO_RAW_DATA_ACCESS, of("rawaccess.violating")))
			.contains("Method <" + VIOLATING + "JdbcProjectQueries.archive(io.tenancykit.api.TenantContext, "
					+ "java.util.UUID)> calls method <org.springframework.jdbc.core.JdbcTemplate.update("
					+ "java.lang.String, [Ljava.lang.Object;)>");
	}

	@Test
	void rejectsScheduledStatementInConfigurationClass() {
		assertThat(messages(TenancyArchitectureRules.NO_RAW_DATA_ACCESS, of("rawaccess.violating")))
			.contains("Method <" + VIOLATING + "MaintenanceConfiguration.purgeArchived()> runs "
					+ "<org.springframework.r2dbc.core.DatabaseClient.sql(java.lang.String)> in configuration code");
	}

	@Test
	void rejectsStatementInApplicationRunnerBeanOfConfigurationClass() {
		assertThat(messages(TenancyArchitectureRules.NO_RAW_DATA_ACCESS, of("rawaccess.violating")))
			.contains("Method <" + VIOLATING + "StartupConfiguration.resetDemoData("
					+ "org.springframework.r2dbc.core.DatabaseClient)> runs "
					+ "<org.springframework.r2dbc.core.DatabaseClient.sql(java.lang.String)> in configuration code");
	}

	@Test
	void rejectsStatementInCommandLineRunnerOfApplicationClass() {
		assertThat(messages(TenancyArchitectureRules.NO_RAW_DATA_ACCESS, of("rawaccess.violating")))
			.contains("Method <" + VIOLATING + "ReportingApplication.run([Ljava.lang.String;)> runs "
					+ "<org.springframework.jdbc.core.JdbcTemplate.update(java.lang.String)> in configuration code");
	}

	@Test
	void reportsConfigurationClassesOnlyForWhatTheyRun() {
		assertThat(messages(TenancyArchitectureRules.NO_RAW_DATA_ACCESS, of("rawaccess.violating")))
			.filteredOn((line) -> line.contains("Configuration") || line.contains("ReportingApplication"))
			.containsExactlyInAnyOrder("Method <" + VIOLATING + "MaintenanceConfiguration.purgeArchived()> runs "
					+ "<org.springframework.r2dbc.core.DatabaseClient.sql(java.lang.String)> in configuration code",
					"Method <" + VIOLATING + "StartupConfiguration.resetDemoData("
							+ "org.springframework.r2dbc.core.DatabaseClient)> runs "
							+ "<org.springframework.r2dbc.core.DatabaseClient.sql(java.lang.String)> in configuration code",
					"Method <" + VIOLATING + "ReportingApplication.run([Ljava.lang.String;)> runs "
							+ "<org.springframework.jdbc.core.JdbcTemplate.update(java.lang.String)> in configuration code",
					ARCHIVE_CONFIGURATION_DELETE);
	}

	@Test
	void rejectsFluentEntityOperationsInAService() {
		assertThat(messages(TenancyArchitectureRules.NO_RAW_DATA_ACCESS, of("rawaccess.violating")))
			.contains("Field <" + VIOLATING
					+ "ProjectSelects.select> has type <org.springframework.data.r2dbc.core.ReactiveSelectOperation>",
					"Method <" + VIOLATING + "ProjectSelects.everyTenantsProjects()> calls method "
							+ "<org.springframework.data.r2dbc.core.ReactiveSelectOperation.select(java.lang.Class)>");
	}

	@Test
	void rejectsFluentEntityOperationsRunInConfigurationClass() {
		assertThat(messages(TenancyArchitectureRules.NO_RAW_DATA_ACCESS, of("rawaccess.violating")))
			.contains(ARCHIVE_CONFIGURATION_DELETE);
	}

	@Test
	void rejectsJdbcOperationObject() {
		assertThat(messages(TenancyArchitectureRules.NO_RAW_DATA_ACCESS, of("rawaccess.violating"))).contains(
				"Field <" + VIOLATING + "ArchivePurge.purge> has type <org.springframework.jdbc.object.SqlUpdate>",
				"Method <" + VIOLATING + "ArchivePurge.run()> calls method "
						+ "<org.springframework.jdbc.object.SqlUpdate.update()>");
	}

	@Test
	void rejectsNestedStatementSpecOfDatabaseClient() {
		assertThat(messages(TenancyArchitectureRules.NO_RAW_DATA_ACCESS, of("rawaccess.violating")))
			.contains("Method <" + VIOLATING + "StatementSupport.rowsUpdated("
					+ "org.springframework.r2dbc.core.DatabaseClient$GenericExecuteSpec)> calls method "
					+ "<org.springframework.r2dbc.core.DatabaseClient$GenericExecuteSpec.fetch()>");
	}

	@Test
	void rejectsEntityTemplateInTenantScopedRepository() {
		assertThat(messages(TenancyArchitectureRules.NO_RAW_DATA_ACCESS, of("rawaccess.violating")))
			.contains("Method <" + VIOLATING + "EntityTemplateProjectQueries.all(io.tenancykit.api.TenantContext)> "
					+ "calls method <org.springframework.data.r2dbc.core.R2dbcEntityTemplate.select("
					+ "org.springframework.data.relational.core.query.Query, java.lang.Class)>");
	}

	@Test
	void rejectsConnectionFactoryInTenantScopedRepository() {
		assertThat(messages(TenancyArchitectureRules.NO_RAW_DATA_ACCESS, of("rawaccess.violating"))).contains(
				"Field <" + VIOLATING + "ConnectionProjectQueries.connections> has type "
						+ "<io.r2dbc.spi.ConnectionFactory>",
				"Method <" + VIOLATING + "ConnectionProjectQueries.touch(io.tenancykit.api.TenantContext)> "
						+ "calls method <io.r2dbc.spi.ConnectionFactory.create()>");
	}

}
