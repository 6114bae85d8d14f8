package io.tenancykit.architecture;

import io.tenancykit.api.archfixture.ReactiveApiType;
import io.tenancykit.api.archfixture.SpringAwareApiType;
import io.tenancykit.persistence.archfixture.PlainStore;
import io.tenancykit.persistence.archfixture.WebAwareStore;
import io.tenancykit.web.archfixture.PersistenceAwareFilter;
import io.tenancykit.web.archfixture.PlainFilter;
import org.junit.jupiter.api.Test;

import static io.tenancykit.architecture.Fixtures.messages;
import static io.tenancykit.architecture.Fixtures.of;
import static io.tenancykit.architecture.Fixtures.violations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LayerRulesTests {

	private static final String FIXTURES = "io.tenancykit.architecture.fixtures.";

	@Test
	void rejectsWebPackageClassUsingPersistenceInternals() {
		assertThat(violations(TenancyArchitectureRules.WEB_DOES_NOT_DEPEND_ON_PERSISTENCE_INTERNALS,
				of("webinternals.violating")))
			.anySatisfy((line) -> assertThat(line).startsWith("Method <" + FIXTURES
					+ "webinternals.violating.web.ProjectEndpoint.secured()> gets field <io.tenancykit.persistence.rls.RowLevelSecurity.ENABLED>"));
	}

	@Test
	void rejectsControllerOutsideWebPackageUsingPersistenceInternals() {
		assertThat(violations(TenancyArchitectureRules.WEB_DOES_NOT_DEPEND_ON_PERSISTENCE_INTERNALS,
				of("webinternals.violating")))
			.anySatisfy((line) -> assertThat(line).startsWith("Method <" + FIXTURES
					+ "webinternals.violating.project.ProjectController.rls(io.tenancykit.api.TenantContext)> gets field "
					+ "<io.tenancykit.persistence.rls.RowLevelSecurity.DISABLED>"))
			.noneSatisfy((line) -> assertThat(line).contains("ProjectStore"));
	}

	@Test
	void rejectsWebFilterOutsideWebPackageUsingPersistenceInternals() {
		assertThat(messages(TenancyArchitectureRules.WEB_DOES_NOT_DEPEND_ON_PERSISTENCE_INTERNALS,
				of("webinternals.violating")))
			.contains("Method <" + FIXTURES + "webinternals.violating.project.RlsAuditFilter.filter("
					+ "org.springframework.web.server.ServerWebExchange, org.springframework.web.server.WebFilterChain)> "
					+ "calls method <io.tenancykit.persistence.rls.TenantSetting.inlineCondition(java.lang.String)>");
	}

	@Test
	void rejectsWebExceptionHandlerOutsideWebPackageUsingPersistenceInternals() {
		assertThat(messages(TenancyArchitectureRules.WEB_DOES_NOT_DEPEND_ON_PERSISTENCE_INTERNALS,
				of("webinternals.violating")))
			.contains("Method <" + FIXTURES + "webinternals.violating.project.VerificationProblemHandler.handle("
					+ "org.springframework.web.server.ServerWebExchange, java.lang.Throwable)> checks instanceof "
					+ "<io.tenancykit.persistence.verify.RlsVerificationException>");
	}

	@Test
	void rejectsHandlerFilterFunctionOutsideWebPackageUsingPersistenceInternals() {
		assertThat(messages(TenancyArchitectureRules.WEB_DOES_NOT_DEPEND_ON_PERSISTENCE_INTERNALS,
				of("webinternals.violating")))
			.contains("Method <" + FIXTURES + "webinternals.violating.project.RlsHandlerFilter.filter("
					+ "org.springframework.web.reactive.function.server.ServerRequest, "
					+ "org.springframework.web.reactive.function.server.HandlerFunction)> gets field "
					+ "<io.tenancykit.persistence.rls.RowLevelSecurity.ENABLED>");
	}

	@Test
	void acceptsWebClassUsingRepositoriesAndPublicRepositoryTypes() {
		assertThat(violations(TenancyArchitectureRules.WEB_DOES_NOT_DEPEND_ON_PERSISTENCE_INTERNALS,
				of("webinternals.compliant")))
			.isEmpty();
	}

	@Test
	void rejectsPackageCycleBelowRoot() {
		assertThat(
				violations(TenancyArchitectureRules.noCyclesIn(FIXTURES + "cycles.violating"), of("cycles.violating")))
			.anySatisfy((line) -> assertThat(line).startsWith("Cycle detected: Slice billing")
				.contains(FIXTURES + "cycles.violating.billing.Invoice.project")
				.contains(FIXTURES + "cycles.violating.projects.Project.latestInvoice"));
	}

	@Test
	void acceptsAcyclicPackagesBelowRoot() {
		assertThat(
				violations(TenancyArchitectureRules.noCyclesIn(FIXTURES + "cycles.compliant"), of("cycles.compliant")))
			.isEmpty();
	}

	@Test
	void rejectsBlankRootPackage() {
		assertThatIllegalArgumentException().isThrownBy(() -> TenancyArchitectureRules.noCyclesIn(" "))
			.withMessage("'rootPackage' must be a package name such as com.acme");
	}

	@Test
	void rejectsApiTypeThatUsesSpring() {
		assertThat(violations(TenancyKitRules.API_IS_FRAMEWORK_FREE,
				Fixtures.of(SpringAwareApiType.class, ReactiveApiType.class)))
			.anySatisfy((line) -> assertThat(line).startsWith("Method <" + SpringAwareApiType.class.getName()
					+ ".check(java.lang.String)> calls method <org.springframework.util.Assert.hasText("))
			.noneSatisfy((line) -> assertThat(line).contains(ReactiveApiType.class.getName()));
	}

	@Test
	void acceptsApiTypeThatUsesReactor() {
		assertThat(violations(TenancyKitRules.API_IS_FRAMEWORK_FREE, Fixtures.of(ReactiveApiType.class))).isEmpty();
	}

	@Test
	void rejectsWebTypeThatUsesPersistence() {
		assertThat(violations(TenancyKitRules.WEB_DOES_NOT_DEPEND_ON_PERSISTENCE,
				Fixtures.of(PersistenceAwareFilter.class, PlainFilter.class)))
			.anySatisfy((line) -> assertThat(line).startsWith("Field <" + PersistenceAwareFilter.class.getName()
					+ ".store> has type <" + WebAwareStore.class.getName()))
			.noneSatisfy((line) -> assertThat(line).contains(PlainFilter.class.getName()));
	}

	@Test
	void acceptsWebTypeThatUsesOnlyTheApi() {
		assertThat(violations(TenancyKitRules.WEB_DOES_NOT_DEPEND_ON_PERSISTENCE, Fixtures.of(PlainFilter.class)))
			.isEmpty();
	}

	@Test
	void rejectsPersistenceTypeThatUsesWeb() {
		assertThat(violations(TenancyKitRules.PERSISTENCE_DOES_NOT_DEPEND_ON_WEB,
				Fixtures.of(WebAwareStore.class, PlainStore.class)))
			.anySatisfy((line) -> assertThat(line).startsWith("Field <" + WebAwareStore.class.getName()
					+ ".filter> has type <" + PersistenceAwareFilter.class.getName()))
			.noneSatisfy((line) -> assertThat(line).contains(PlainStore.class.getName()));
	}

	@Test
	void acceptsPersistenceTypeThatUsesOnlyTheApi() {
		assertThat(violations(TenancyKitRules.PERSISTENCE_DOES_NOT_DEPEND_ON_WEB, Fixtures.of(PlainStore.class)))
			.isEmpty();
	}

	@Test
	void rejectsCycleBetweenKitModules() {
		assertThat(violations(TenancyKitRules.KIT_IS_FREE_OF_CYCLES,
				Fixtures.of(PersistenceAwareFilter.class, WebAwareStore.class)))
			.anySatisfy((line) -> assertThat(line).startsWith("Cycle detected: Slice persistence")
				.contains(WebAwareStore.class.getName() + ".filter")
				.contains(PersistenceAwareFilter.class.getName() + ".store"));
	}

	@Test
	void acceptsKitModulesWithoutCycle() {
		assertThat(violations(TenancyKitRules.KIT_IS_FREE_OF_CYCLES,
				Fixtures.of(PlainFilter.class, PlainStore.class, ReactiveApiType.class)))
			.isEmpty();
	}

}
