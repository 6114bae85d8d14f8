package io.tenancykit.architecture;

import org.junit.jupiter.api.Test;

import static io.tenancykit.architecture.Fixtures.messages;
import static io.tenancykit.architecture.Fixtures.of;
import static io.tenancykit.architecture.Fixtures.violations;
import static org.assertj.core.api.Assertions.assertThat;

class TenantContextCreationRulesTests {

	private static final String VIOLATING = "io.tenancykit.architecture.fixtures.contexts.violating.";

	private static final String HANDLERS = "io.tenancykit.architecture.fixtures.handlers.violating.";

	@Test
	void rejectsControllerBuildingAContextFromAHeader() {
		assertThat(messages(TenancyArchitectureRules.TENANT_CONTEXTS_COME_FROM_RESOLUTION, of("contexts.violating")))
			.contains(created(VIOLATING + "HeaderProjectController.list(java.lang.String)"));
	}

	@Test
	void rejectsFunctionalHandlerBuildingAContextFromAQueryParameterByMethodReference() {
		assertThat(messages(TenancyArchitectureRules.TENANT_CONTEXTS_COME_FROM_RESOLUTION, of("contexts.violating")))
			.contains(created(VIOLATING + "QueryParameterHandler.count("
					+ "org.springframework.web.reactive.function.server.ServerRequest)"));
	}

	@Test
	void rejectsHandlerThatDeclaresAContextButBuildsAnother() {
		assertThat(messages(TenancyArchitectureRules.TENANT_CONTEXTS_COME_FROM_RESOLUTION, of("contexts.violating")))
			.contains(created(VIOLATING
					+ "SwitchingController.show(io.tenancykit.api.TenantContext, java.util.UUID, java.lang.String)"));
	}

	@Test
	void rejectsServiceBuildingAContextFromATenantItWasHanded() {
		assertThat(messages(TenancyArchitectureRules.TENANT_CONTEXTS_COME_FROM_RESOLUTION, of("contexts.violating")))
			.contains(created(VIOLATING + "ImportService.importProject(io.tenancykit.api.Tenant, "
					+ "io.tenancykit.architecture.fixtures.model.Project)"));
	}

	@Test
	void rejectsControllerMarkedAsSystemTenantJob() {
		assertThat(messages(TenancyArchitectureRules.TENANT_CONTEXTS_COME_FROM_RESOLUTION, of("contexts.violating")))
			.contains(created(VIOLATING + "AdminController.purge(io.tenancykit.api.Tenant)"));
	}

	@Test
	void reportsExactlyTheContextsCreatedOutsideResolution() {
		assertThat(messages(TenancyArchitectureRules.TENANT_CONTEXTS_COME_FROM_RESOLUTION, of("contexts.violating")))
			.containsExactlyInAnyOrder(created(VIOLATING + "HeaderProjectController.list(java.lang.String)"),
					created(VIOLATING + "QueryParameterHandler.count("
							+ "org.springframework.web.reactive.function.server.ServerRequest)"),
					created(VIOLATING + "SwitchingController.show(io.tenancykit.api.TenantContext, java.util.UUID, "
							+ "java.lang.String)"),
					created(VIOLATING + "ImportService.importProject(io.tenancykit.api.Tenant, "
							+ "io.tenancykit.architecture.fixtures.model.Project)"),
					created(VIOLATING + "AdminController.purge(io.tenancykit.api.Tenant)"));
	}

	@Test
	void rejectsHandlersThatBuildContextsFromATenant() {
		assertThat(messages(TenancyArchitectureRules.TENANT_CONTEXTS_COME_FROM_RESOLUTION, of("handlers.violating")))
			.containsExactlyInAnyOrder(created(HANDLERS + "ProjectController.list(io.tenancykit.api.Tenant)"),
					created(HANDLERS + "ProjectController.count(reactor.core.publisher.Mono)"),
					created(HANDLERS + "ProjectController.recent(io.tenancykit.api.Tenant)"),
					created(HANDLERS + "ProjectController.total(io.tenancykit.api.Tenant)"),
					created(HANDLERS + "ProjectHandler.load(java.util.UUID)"));
	}

	@Test
	void acceptsSystemTenantJobsOnClassOrMethodAndHandlersUsingTheResolvedContext() {
		assertThat(violations(TenancyArchitectureRules.TENANT_CONTEXTS_COME_FROM_RESOLUTION, of("contexts.compliant")))
			.isEmpty();
	}

	@Test
	void acceptsHandlerFixturesThatUseTheResolvedContextOrAreSystemJobs() {
		assertThat(violations(TenancyArchitectureRules.TENANT_CONTEXTS_COME_FROM_RESOLUTION, of("handlers.compliant")))
			.isEmpty();
	}

	private static String created(String method) {
		return "Method <" + method + "> creates a TenantContext with "
				+ "<io.tenancykit.api.TenantContext.of(io.tenancykit.api.Tenant)>";
	}

}
