package io.tenancykit.architecture;

import org.junit.jupiter.api.Test;

import static io.tenancykit.architecture.Fixtures.messages;
import static io.tenancykit.architecture.Fixtures.of;
import static io.tenancykit.architecture.Fixtures.violations;
import static org.assertj.core.api.Assertions.assertThat;

class SpringDataRepositoryRulesTests {

	private static final String FIXTURES = "io.tenancykit.architecture.fixtures.";

	private static final String VIOLATING = FIXTURES + "springdata.violating.";

	@Test
	void rejectsR2dbcRepositoryOfEntityWithTenantIdProperty() {
		assertThat(messages(TenancyArchitectureRules.NO_SPRING_DATA_REPOSITORIES_FOR_TENANT_OWNED_ENTITIES,
				of("springdata.violating")))
			.contains(violation("TaskRepository", VIOLATING + "Task"));
	}

	@Test
	void rejectsReactiveCrudRepositoryOfEntityMappingTenantIdColumnUnderAnotherName() {
		assertThat(messages(TenancyArchitectureRules.NO_SPRING_DATA_REPOSITORIES_FOR_TENANT_OWNED_ENTITIES,
				of("springdata.violating")))
			.contains(violation("MembershipRepository", VIOLATING + "Membership"));
	}

	@Test
	void rejectsRepositoryDefinitionOfEntityWithOwningTenantProperty() {
		assertThat(messages(TenancyArchitectureRules.NO_SPRING_DATA_REPOSITORIES_FOR_TENANT_OWNED_ENTITIES,
				of("springdata.violating")))
			.contains(violation("InvoiceRepository", VIOLATING + "Invoice"));
	}

	@Test
	void rejectsInterfaceInheritingRepositoryDefinition() {
		assertThat(messages(TenancyArchitectureRules.NO_SPRING_DATA_REPOSITORIES_FOR_TENANT_OWNED_ENTITIES,
				of("springdata.violating")))
			.contains(violation("OverdueInvoiceRepository", VIOLATING + "Invoice"));
	}

	@Test
	void rejectsCrudRepositoryOfEntityWithTenantIdUnderAnotherName() {
		assertThat(messages(TenancyArchitectureRules.NO_SPRING_DATA_REPOSITORIES_FOR_TENANT_OWNED_ENTITIES,
				of("springdata.violating")))
			.contains(violation("AuditEntryRepository", VIOLATING + "AuditEntry"));
	}

	@Test
	void rejectsListCrudRepositoryOfTenantOwnedEntity() {
		assertThat(messages(TenancyArchitectureRules.NO_SPRING_DATA_REPOSITORIES_FOR_TENANT_OWNED_ENTITIES,
				of("springdata.violating")))
			.contains(violation("NoteRepository", VIOLATING + "Note"));
	}

	@Test
	void rejectsSpringDataRepositoryOfTenantOwnedEntityThroughGenericBase() {
		assertThat(messages(TenancyArchitectureRules.NO_SPRING_DATA_REPOSITORIES_FOR_TENANT_OWNED_ENTITIES,
				of("springdata.violating")))
			.contains(violation("ProjectCrudRepository", FIXTURES + "model.Project"))
			.noneSatisfy((line) -> assertThat(line).contains("BaseRepository>"));
	}

	@Test
	void reportsEachRepositoryOnceWithItsLocation() {
		assertThat(violations(TenancyArchitectureRules.NO_SPRING_DATA_REPOSITORIES_FOR_TENANT_OWNED_ENTITIES,
				of("springdata.violating")))
			.containsExactlyInAnyOrder(located("TaskRepository", VIOLATING + "Task"),
					located("MembershipRepository", VIOLATING + "Membership"),
					located("InvoiceRepository", VIOLATING + "Invoice"),
					located("OverdueInvoiceRepository", VIOLATING + "Invoice"),
					located("AuditEntryRepository", VIOLATING + "AuditEntry"),
					located("NoteRepository", VIOLATING + "Note"),
					located("ProjectCrudRepository", FIXTURES + "model.Project"),
					located("WorkspaceRepository", VIOLATING + "Workspace"),
					located("LedgerRepository", VIOLATING + "LedgerEntry"),
					located("SubscriptionRepository", VIOLATING + "Subscription"),
					located("AuditLogRepository", VIOLATING + "AuditLog"), located("TagRepository", VIOLATING + "Tag"));
	}

	@Test
	void rejectsR2dbcRepositoryOfEntityWithSnakeCaseTenantIdProperty() {
		assertThat(messages(TenancyArchitectureRules.NO_SPRING_DATA_REPOSITORIES_FOR_TENANT_OWNED_ENTITIES,
				of("springdata.violating")))
			.contains(violation("TagRepository", VIOLATING + "Tag"));
	}

	@Test
	void rejectsSortingRepositoryOfEntityMappingUpperCaseTenantIdColumnOnAField() {
		assertThat(messages(TenancyArchitectureRules.NO_SPRING_DATA_REPOSITORIES_FOR_TENANT_OWNED_ENTITIES,
				of("springdata.violating")))
			.contains(violation("WorkspaceRepository", VIOLATING + "Workspace"));
	}

	@Test
	void rejectsRepositoryDefinitionOfRecordMappingTenantIdColumnUnderAnotherName() {
		assertThat(messages(TenancyArchitectureRules.NO_SPRING_DATA_REPOSITORIES_FOR_TENANT_OWNED_ENTITIES,
				of("springdata.violating")))
			.contains(violation("LedgerRepository", VIOLATING + "LedgerEntry"));
	}

	@Test
	void rejectsR2dbcRepositoryOfEntityMappingTenantIdColumnOnAnAccessor() {
		assertThat(messages(TenancyArchitectureRules.NO_SPRING_DATA_REPOSITORIES_FOR_TENANT_OWNED_ENTITIES,
				of("springdata.violating")))
			.contains(violation("SubscriptionRepository", VIOLATING + "Subscription"));
	}

	@Test
	void rejectsRepositoryDefinitionComposedIntoAnAnnotationWithADomainClassAlias() {
		assertThat(messages(TenancyArchitectureRules.NO_SPRING_DATA_REPOSITORIES_FOR_TENANT_OWNED_ENTITIES,
				of("springdata.violating")))
			.contains(violation("AuditLogRepository", VIOLATING + "AuditLog"));
	}

	@Test
	void acceptsSpringDataRepositoriesOfSharedReferenceDataAndTenantScopedRepositories() {
		assertThat(violations(TenancyArchitectureRules.NO_SPRING_DATA_REPOSITORIES_FOR_TENANT_OWNED_ENTITIES,
				of("springdata.compliant")))
			.isEmpty();
	}

	private static String violation(String repository, String entity) {
		return "Class <" + VIOLATING + repository + "> is a Spring Data repository of tenant-owned entity <" + entity
				+ ">";
	}

	private static String located(String repository, String entity) {
		return violation(repository, entity) + " in (" + repository + ".java:0)";
	}

}
