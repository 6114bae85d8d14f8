package io.tenancykit.architecture;

import org.junit.jupiter.api.Test;

import static io.tenancykit.architecture.Fixtures.messages;
import static io.tenancykit.architecture.Fixtures.of;
import static io.tenancykit.architecture.Fixtures.violations;
import static org.assertj.core.api.Assertions.assertThat;

class TenantScopedSqlRulesTests {

	private static final String VIOLATING = "io.tenancykit.architecture.fixtures.repositorysql.violating.";

	private static final String MIXIN_QUERY = "Method <" + VIOLATING
			+ "ProjectArchiveQueries.findArchived(io.tenancykit.api.TenantContext)> of tenant-scoped repository <"
			+ VIOLATING + "ArchivingProjectRepository> declares @Query <SELECT * FROM project WHERE archived> "
			+ "without :tenant_id";

	private static final String COMMENTED_SELECT = "Class <" + VIOLATING
			+ "CommentedProjectQueries> holds SQL <-- the archive page SELECT * FROM project WHERE archived> "
			+ "without :tenant_id";

	private static final String COMMENTED_PARENTHESISED_SELECT = "Class <" + VIOLATING
			+ "CommentedProjectQueries> holds SQL </* report */ (SELECT * FROM project WHERE updated_at < now() "
			+ "- interval '1 year')> without :tenant_id";

	@Test
	void rejectsQueryAnnotationWithoutTenantParameter() {
		assertThat(messages(TenancyArchitectureRules.TENANT_SCOPED_SQL_BINDS_TENANT_ID, of("repositorysql.violating")))
			.contains(query("countNamed(io.tenancykit.api.TenantContext, java.lang.String)",
					"SELECT count(*) FROM project WHERE name = :name"));
	}

	@Test
	void rejectsQueryAnnotationBindingTheTenantFromAnArgument() {
		assertThat(messages(TenancyArchitectureRules.TENANT_SCOPED_SQL_BINDS_TENANT_ID, of("repositorysql.violating")))
			.contains(query("findAllOf(io.tenancykit.api.TenantContext, java.util.UUID)",
					"SELECT * FROM project WHERE tenant_id = :tenantId"));
	}

	@Test
	void rejectsHandWrittenQueryAndTextBlockStatementWithoutTenantParameter() {
		assertThat(messages(TenancyArchitectureRules.TENANT_SCOPED_SQL_BINDS_TENANT_ID, of("repositorysql.violating")))
			.contains(sql("select * from project where archived order by name"),
					sql("UPDATE project SET name = :name WHERE id = :id"));
	}

	@Test
	void reportsExactlyTheStatementsWithoutTenantParameter() {
		assertThat(messages(TenancyArchitectureRules.TENANT_SCOPED_SQL_BINDS_TENANT_ID, of("repositorysql.violating")))
			.containsExactlyInAnyOrder(
					query("countNamed(io.tenancykit.api.TenantContext, java.lang.String)",
							"SELECT count(*) FROM project WHERE name = :name"),
					query("findAllOf(io.tenancykit.api.TenantContext, java.util.UUID)",
							"SELECT * FROM project WHERE tenant_id = :tenantId"),
					sql("select * from project where archived order by name"),
					sql("UPDATE project SET name = :name WHERE id = :id"), MIXIN_QUERY, COMMENTED_SELECT,
					COMMENTED_PARENTHESISED_SELECT);
	}

	@Test
	void rejectsQueryAnnotationOfAMixinTheRepositoryExtends() {
		assertThat(messages(TenancyArchitectureRules.TENANT_SCOPED_SQL_BINDS_TENANT_ID, of("repositorysql.violating")))
			.contains(MIXIN_QUERY);
	}

	@Test
	void rejectsStatementsOpeningWithACommentOrParenthesis() {
		assertThat(messages(TenancyArchitectureRules.TENANT_SCOPED_SQL_BINDS_TENANT_ID, of("repositorysql.violating")))
			.contains(COMMENTED_SELECT, COMMENTED_PARENTHESISED_SELECT);
	}

	@Test
	void acceptsBoundStatementsMessagesAndQueriesOfSharedReferenceData() {
		assertThat(
				violations(TenancyArchitectureRules.TENANT_SCOPED_SQL_BINDS_TENANT_ID, of("repositorysql.compliant")))
			.isEmpty();
	}

	private static String query(String method, String sql) {
		return "Method <" + VIOLATING + "ProjectStatistics." + method + "> of tenant-scoped repository <" + VIOLATING
				+ "ProjectStatistics> declares @Query <" + sql + "> without :tenant_id";
	}

	private static String sql(String sql) {
		return "Class <" + VIOLATING + "ArchivedProjectQueries> holds SQL <" + sql + "> without :tenant_id";
	}

}
