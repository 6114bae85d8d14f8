package io.tenancykit.architecture;

import org.junit.jupiter.api.Test;

import static io.tenancykit.architecture.Fixtures.messages;
import static io.tenancykit.architecture.Fixtures.of;
import static io.tenancykit.architecture.Fixtures.violations;
import static org.assertj.core.api.Assertions.assertThat;

class ExplicitContextRulesTests {

	private static final String FIXTURES = "io.tenancykit.architecture.fixtures.";

	private static final String REPOSITORY_METHODS = FIXTURES + "repositorymethods.violating.";

	@Test
	void rejectsRepositoryMethodWithoutTenantContext() {
		assertThat(violations(TenancyArchitectureRules.REPOSITORY_METHODS_TAKE_TENANT_CONTEXT_FIRST,
				of("repositorymethods.violating")))
			.anySatisfy((line) -> assertThat(line).startsWith("Method <" + FIXTURES
					+ "repositorymethods.violating.ImplicitProjectRepository.findByName(java.lang.String)> of tenant-scoped "
					+ "repository"));
	}

	@Test
	void rejectsRepositoryMethodWithTenantContextNotFirst() {
		assertThat(violations(TenancyArchitectureRules.REPOSITORY_METHODS_TAKE_TENANT_CONTEXT_FIRST,
				of("repositorymethods.violating")))
			.anySatisfy((line) -> assertThat(line).startsWith("Method <" + FIXTURES
					+ "repositorymethods.violating.ImplicitProjectRepository.findNewest(int, io.tenancykit.api.TenantContext)>"));
	}

	@Test
	void rejectsDerivedQueryWithoutContextInRepositoryInterface() {
		assertThat(messages(TenancyArchitectureRules.REPOSITORY_METHODS_TAKE_TENANT_CONTEXT_FIRST,
				of("repositorymethods.violating")))
			.contains(violation("ImplicitProjectCatalog.findByNameContaining(java.lang.String)",
					"ImplicitProjectCatalog"));
	}

	@Test
	void rejectsDerivedQueryWithContextNotFirstInRepositoryInterface() {
		assertThat(messages(TenancyArchitectureRules.REPOSITORY_METHODS_TAKE_TENANT_CONTEXT_FIRST,
				of("repositorymethods.violating")))
			.contains(violation("ImplicitProjectCatalog.countByName(java.lang.String, io.tenancykit.api.TenantContext)",
					"ImplicitProjectCatalog"));
	}

	@Test
	void rejectsDefaultMethodWithoutContextInRepositoryInterface() {
		assertThat(messages(TenancyArchitectureRules.REPOSITORY_METHODS_TAKE_TENANT_CONTEXT_FIRST,
				of("repositorymethods.violating")))
			.contains(violation("ImplicitProjectCatalog.named(java.lang.String)", "ImplicitProjectCatalog"));
	}

	@Test
	void rejectsDerivedQueryOfRepositoryExtendingAnIntermediateInterface() {
		assertThat(messages(TenancyArchitectureRules.REPOSITORY_METHODS_TAKE_TENANT_CONTEXT_FIRST,
				of("repositorymethods.violating")))
			.contains(violation("ArchivedProjectRepository.findAllByOrderByNameAsc()", "ArchivedProjectRepository"));
	}

	@Test
	void rejectsFragmentMethodWithoutContextOfRepositoryInterface() {
		assertThat(messages(TenancyArchitectureRules.REPOSITORY_METHODS_TAKE_TENANT_CONTEXT_FIRST,
				of("repositorymethods.violating")))
			.contains(violation("TextSearch.search(java.lang.String)", "ArchivedProjectRepository"));
	}

	@Test
	void reportsExactlyTheRepositoryMethodsWithoutContextFirst() {
		assertThat(messages(TenancyArchitectureRules.REPOSITORY_METHODS_TAKE_TENANT_CONTEXT_FIRST,
				of("repositorymethods.violating")))
			.containsExactlyInAnyOrder(
					violation("ImplicitProjectRepository.findByName(java.lang.String)", "ImplicitProjectRepository"),
					violation("ImplicitProjectRepository.findNewest(int, io.tenancykit.api.TenantContext)",
							"ImplicitProjectRepository"),
					violation("ImplicitProjectCatalog.findByNameContaining(java.lang.String)",
							"ImplicitProjectCatalog"),
					violation("ImplicitProjectCatalog.countByName(java.lang.String, io.tenancykit.api.TenantContext)",
							"ImplicitProjectCatalog"),
					violation("ImplicitProjectCatalog.named(java.lang.String)", "ImplicitProjectCatalog"),
					violation("ArchivedProjectRepository.findAllByOrderByNameAsc()", "ArchivedProjectRepository"),
					violation("TextSearch.search(java.lang.String)", "ArchivedProjectRepository"));
	}

	@Test
	void acceptsRepositoriesWithContextFirstPrivateHelpersAndToString() {
		assertThat(violations(TenancyArchitectureRules.REPOSITORY_METHODS_TAKE_TENANT_CONTEXT_FIRST,
				of("repositorymethods.compliant")))
			.isEmpty();
	}

	@Test
	void rejectsControllerMethodThatBuildsItsOwnContext() {
		assertThat(
				violations(TenancyArchitectureRules.HANDLERS_TAKE_TENANT_CONTEXT_PARAMETER, of("handlers.violating")))
			.anySatisfy((line) -> assertThat(line).startsWith(
					"Method <" + FIXTURES + "handlers.violating.ProjectController.list(io.tenancykit.api.Tenant)> "
							+ "declares no TenantContext parameter but calls <" + FIXTURES
							+ "model.ProjectRepository.findAll(io.tenancykit.api.TenantContext, "
							+ "org.springframework.data.domain.Sort)>"));
	}

	@Test
	void rejectsControllerMethodCallingRepositoryClassWithoutContext() {
		assertThat(
				violations(TenancyArchitectureRules.HANDLERS_TAKE_TENANT_CONTEXT_PARAMETER, of("handlers.violating")))
			.anySatisfy((line) -> assertThat(line).startsWith(
					"Method <" + FIXTURES + "handlers.violating.ProjectController.recent(io.tenancykit.api.Tenant)> "
							+ "declares no TenantContext parameter but calls <" + FIXTURES
							+ "model.ProjectQueries.recent(io.tenancykit.api.TenantContext)>"));
	}

	@Test
	void rejectsControllerMethodCallingTemplateWithoutContext() {
		assertThat(
				violations(TenancyArchitectureRules.HANDLERS_TAKE_TENANT_CONTEXT_PARAMETER, of("handlers.violating")))
			.anySatisfy((line) -> assertThat(line).startsWith(
					"Method <" + FIXTURES + "handlers.violating.ProjectController.total(io.tenancykit.api.Tenant)> "
							+ "declares no TenantContext parameter but calls "
							+ "<io.tenancykit.persistence.repository.TenantScopedTemplate.count("));
	}

	@Test
	void rejectsRepositoryCallInsideLambdaOfControllerMethod() {
		assertThat(
				violations(TenancyArchitectureRules.HANDLERS_TAKE_TENANT_CONTEXT_PARAMETER, of("handlers.violating")))
			.anySatisfy((line) -> assertThat(line).startsWith("Method <" + FIXTURES
					+ "handlers.violating.ProjectController.count(reactor.core.publisher.Mono)> "
					+ "declares no TenantContext parameter but calls <" + FIXTURES + "model.ProjectRepository.count("));
	}

	@Test
	void rejectsHelperOfFunctionalHandlerWithoutContext() {
		assertThat(
				violations(TenancyArchitectureRules.HANDLERS_TAKE_TENANT_CONTEXT_PARAMETER, of("handlers.violating")))
			.anySatisfy((line) -> assertThat(line).startsWith(
					"Method <" + FIXTURES + "handlers.violating.ProjectHandler.load(java.util.UUID)> declares no "
							+ "TenantContext parameter"))
			.noneSatisfy((line) -> assertThat(line).contains("ProjectHandler.show("));
	}

	@Test
	void acceptsHandlersWithContextOrServerRequestAndNonHandlers() {
		assertThat(
				violations(TenancyArchitectureRules.HANDLERS_TAKE_TENANT_CONTEXT_PARAMETER, of("handlers.compliant")))
			.isEmpty();
	}

	private static String violation(String method, String repository) {
		return "Method <" + REPOSITORY_METHODS + method + "> of tenant-scoped repository <" + REPOSITORY_METHODS
				+ repository + "> does not take a TenantContext as its first parameter";
	}

}
