package io.tenancykit.architecture;

import org.junit.jupiter.api.Test;

import static io.tenancykit.architecture.Fixtures.of;
import static io.tenancykit.architecture.Fixtures.violations;
import static org.assertj.core.api.Assertions.assertThat;

class ExplicitContextRulesTests {

	private static final String FIXTURES = "io.tenancykit.architecture.fixtures.";

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
	void acceptsRepositoryWithContextFirstPrivateHelpersAndToString() {
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
							+ "model.ProjectRepository.findAll("));
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

}
