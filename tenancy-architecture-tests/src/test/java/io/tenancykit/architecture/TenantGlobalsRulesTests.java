package io.tenancykit.architecture;

import org.junit.jupiter.api.Test;

import static io.tenancykit.architecture.Fixtures.of;
import static io.tenancykit.architecture.Fixtures.violations;
import static org.assertj.core.api.Assertions.assertThat;

class TenantGlobalsRulesTests {

	private static final String FIXTURES = "io.tenancykit.architecture.fixtures.";

	@Test
	void rejectsStaticTenantContextField() {
		assertThat(violations(TenancyArchitectureRules.NO_STATIC_TENANT_STATE, of("staticstate.violating")))
			.anySatisfy((line) -> assertThat(line).startsWith("Field <" + FIXTURES
					+ "staticstate.violating.CurrentTenant.current> is static and holds tenant state of type "
					+ "<io.tenancykit.api.TenantContext>"));
	}

	@Test
	void rejectsStaticCollectionOfTenantKeys() {
		assertThat(violations(TenancyArchitectureRules.NO_STATIC_TENANT_STATE, of("staticstate.violating")))
			.anySatisfy((line) -> assertThat(line)
				.startsWith("Field <" + FIXTURES + "staticstate.violating.TenantIdCache.KEYS> is static")
				.contains("io.tenancykit.api.TenantKey"));
	}

	@Test
	void acceptsTenantContextInInstanceStateOfAValue() {
		assertThat(violations(TenancyArchitectureRules.NO_STATIC_TENANT_STATE, of("staticstate.compliant"))).isEmpty();
	}

	@Test
	void rejectsThreadLocalInTenantAwareClass() {
		assertThat(
				violations(TenancyArchitectureRules.NO_THREAD_LOCALS_IN_TENANT_AWARE_CODE, of("threadlocal.violating")))
			.anySatisfy((line) -> assertThat(line).startsWith("Field <" + FIXTURES
					+ "threadlocal.violating.TenantHolder.current> has type <java.lang.ThreadLocal>"))
			.anySatisfy((line) -> assertThat(line).startsWith("Method <" + FIXTURES
					+ "threadlocal.violating.InheritingTenantHolder.bind(io.tenancykit.api.TenantId, java.lang.Runnable)> "
					+ "calls constructor <java.lang.InheritableThreadLocal.<init>()>"));
	}

	@Test
	void acceptsThreadLocalInClassThatIsNotTenantAware() {
		assertThat(
				violations(TenancyArchitectureRules.NO_THREAD_LOCALS_IN_TENANT_AWARE_CODE, of("threadlocal.compliant")))
			.isEmpty();
	}

	@Test
	void rejectsContextWriteAndContextOfInTenantAwareClass() {
		assertThat(violations(TenancyArchitectureRules.NO_REACTOR_CONTEXT_IN_TENANT_AWARE_CODE,
				of("reactorcontext.violating")))
			.anySatisfy((line) -> assertThat(line)
				.startsWith("Method <" + FIXTURES + "reactorcontext.violating.TenantContextWriter.withTenant(")
				.contains("calls method <reactor.core.publisher.Mono.contextWrite("))
			.anySatisfy((line) -> assertThat(line)
				.startsWith("Method <" + FIXTURES + "reactorcontext.violating.TenantContextWriter.withTenant(")
				.contains("calls method <reactor.util.context.Context.of("));
	}

	@Test
	void rejectsDeferContextualInTenantAwareClass() {
		assertThat(violations(TenancyArchitectureRules.NO_REACTOR_CONTEXT_IN_TENANT_AWARE_CODE,
				of("reactorcontext.violating")))
			.anySatisfy((line) -> assertThat(line).startsWith("Method <" + FIXTURES
					+ "reactorcontext.violating.TenantContextReader.current()> calls method <reactor.core.publisher.Flux.deferContextual("));
	}

	@Test
	void acceptsReactorContextInClassThatIsNotTenantAware() {
		assertThat(violations(TenancyArchitectureRules.NO_REACTOR_CONTEXT_IN_TENANT_AWARE_CODE,
				of("reactorcontext.compliant")))
			.isEmpty();
	}

	@Test
	void rejectsMdcPutAndPutCloseableInTenantAwareClass() {
		assertThat(violations(TenancyArchitectureRules.NO_MDC_WRITES_IN_TENANT_AWARE_CODE, of("mdc.violating")))
			.anySatisfy((line) -> assertThat(line).startsWith(
					"Method <" + FIXTURES + "mdc.violating.TenantMdcFilter.enter(io.tenancykit.api.TenantContext)> "
							+ "calls method <org.slf4j.MDC.put("))
			.anySatisfy((line) -> assertThat(line).startsWith(
					"Method <" + FIXTURES + "mdc.violating.TenantMdcFilter.scope(io.tenancykit.api.TenantContext)> "
							+ "calls method <org.slf4j.MDC.putCloseable("));
	}

	@Test
	void acceptsKeyValueLoggingAndMdcOutsideTenantAwareCode() {
		assertThat(violations(TenancyArchitectureRules.NO_MDC_WRITES_IN_TENANT_AWARE_CODE, of("mdc.compliant")))
			.isEmpty();
	}

	@Test
	void rejectsTenantContextFieldInServiceAndWebFilter() {
		assertThat(violations(TenancyArchitectureRules.NO_TENANT_CONTEXT_FIELDS_IN_COMPONENTS,
				of("componentfields.violating")))
			.anySatisfy((line) -> assertThat(line)
				.startsWith("Field <" + FIXTURES + "componentfields.violating.ReportService.lastContext> of component"))
			.anySatisfy((line) -> assertThat(line).startsWith(
					"Field <" + FIXTURES + "componentfields.violating.CachingTenantFilter.resolved> of component"));
	}

	@Test
	void acceptsTenantContextInPerRequestValue() {
		assertThat(violations(TenancyArchitectureRules.NO_TENANT_CONTEXT_FIELDS_IN_COMPONENTS,
				of("componentfields.compliant")))
			.isEmpty();
	}

}
