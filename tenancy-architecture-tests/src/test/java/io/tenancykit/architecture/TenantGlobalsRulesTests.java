package io.tenancykit.architecture;

import org.junit.jupiter.api.Test;

import static io.tenancykit.architecture.Fixtures.messages;
import static io.tenancykit.architecture.Fixtures.of;
import static io.tenancykit.architecture.Fixtures.violations;
import static org.assertj.core.api.Assertions.assertThat;

class TenantGlobalsRulesTests {

	private static final String FIXTURES = "io.tenancykit.architecture.fixtures.";

	private static final String INHERITED_COMPONENT_FIELD = "Field <" + FIXTURES
			+ "componentfields.violating.AbstractTenantAwareService.tenant> of singleton <" + FIXTURES
			+ "componentfields.violating.BillingService> holds tenant state of type <io.tenancykit.api.TenantContext>";

	private static final String MDC_PUT_REFERENCE = "Method <" + FIXTURES
			+ "mdc.violating.TenantMdcFields.enter(io.tenancykit.api.TenantContext)> references method "
			+ "<org.slf4j.MDC.put(java.lang.String, java.lang.String)>";

	private static final String MDC_ADAPTER_PUT = "Method <" + FIXTURES
			+ "mdc.violating.TenantMdcFields.enterThroughAdapter(io.tenancykit.api.TenantContext)> calls method "
			+ "<org.slf4j.spi.MDCAdapter.put(java.lang.String, java.lang.String)>";

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
		assertThat(violations(TenancyArchitectureRules.NO_TENANT_FIELDS_IN_COMPONENTS, of("componentfields.violating")))
			.anySatisfy((line) -> assertThat(line)
				.startsWith("Field <" + FIXTURES + "componentfields.violating.ReportService.lastContext> of singleton"))
			.anySatisfy((line) -> assertThat(line).startsWith(
					"Field <" + FIXTURES + "componentfields.violating.CachingTenantFilter.resolved> of singleton"));
	}

	@Test
	void acceptsTenantContextInPerRequestValue() {
		assertThat(violations(TenancyArchitectureRules.NO_TENANT_FIELDS_IN_COMPONENTS, of("componentfields.compliant")))
			.isEmpty();
	}

	@Test
	void rejectsEnumSingletonHoldingTheCurrentTenantId() {
		assertThat(messages(TenancyArchitectureRules.NO_STATIC_TENANT_STATE, of("staticstate.violating")))
			.contains(singletonField("enum", "TenantHolder", "current", "io.tenancykit.api.TenantId"));
	}

	@Test
	void rejectsEnumSingletonCollectingTenants() {
		assertThat(messages(TenancyArchitectureRules.NO_STATIC_TENANT_STATE, of("staticstate.violating")))
			.contains(singletonField("enum", "RecentTenants", "recent", "java.util.List<io.tenancykit.api.Tenant>"));
	}

	@Test
	void rejectsStaticInstanceSingletonHoldingATenantKey() {
		assertThat(messages(TenancyArchitectureRules.NO_STATIC_TENANT_STATE, of("staticstate.violating")))
			.contains(singletonField("static singleton", "RequestTenant", "key", "io.tenancykit.api.TenantKey"));
	}

	@Test
	void reportsExactlyTheGlobalTenantState() {
		assertThat(messages(TenancyArchitectureRules.NO_STATIC_TENANT_STATE, of("staticstate.violating")))
			.containsExactlyInAnyOrder(staticField("CurrentTenant", "current", "io.tenancykit.api.TenantContext"),
					staticField("TenantIdCache", "KEYS",
							"java.util.Map<java.lang.String, io.tenancykit.api.TenantKey>"),
					staticField("LastResolved", "TENANT",
							"java.util.concurrent.atomic.AtomicReference<io.tenancykit.api.Tenant>"),
					singletonField("enum", "TenantHolder", "current", "io.tenancykit.api.TenantId"),
					singletonField("enum", "RecentTenants", "recent", "java.util.List<io.tenancykit.api.Tenant>"),
					singletonField("static singleton", "RequestTenant", "key", "io.tenancykit.api.TenantKey"),
					singletonField("static singleton", "TenantScope$Companion", "current",
							"io.tenancykit.api.TenantContext"),
					singletonField("static singleton", "TenantRegistry", "active", "io.tenancykit.api.TenantId"));
	}

	@Test
	void rejectsCompanionObjectHoldingTheCurrentTenant() {
		assertThat(messages(TenancyArchitectureRules.NO_STATIC_TENANT_STATE, of("staticstate.violating")))
			.contains(singletonField("static singleton", "TenantScope$Companion", "current",
					"io.tenancykit.api.TenantContext"));
	}

	@Test
	void rejectsLazyHolderSingletonHoldingATenantId() {
		assertThat(messages(TenancyArchitectureRules.NO_STATIC_TENANT_STATE, of("staticstate.violating")))
			.contains(singletonField("static singleton", "TenantRegistry", "active", "io.tenancykit.api.TenantId"));
	}

	@Test
	void acceptsComparatorPredicatePerTenantMapAndStatelessSingletons() {
		assertThat(violations(TenancyArchitectureRules.NO_STATIC_TENANT_STATE, of("staticstate.compliant"))).isEmpty();
	}

	@Test
	void reportsExactlyTheTenantFieldsOfSingletons() {
		assertThat(messages(TenancyArchitectureRules.NO_TENANT_FIELDS_IN_COMPONENTS, of("componentfields.violating")))
			.containsExactlyInAnyOrder(
					componentField("ReportService", "lastContext", "io.tenancykit.api.TenantContext"),
					componentField("CachingTenantFilter", "resolved",
							"java.util.concurrent.atomic.AtomicReference<io.tenancykit.api.TenantContext>"),
					componentField("InvoiceExporter", "tenant", "io.tenancykit.api.TenantId"),
					componentField("DefaultTenantService", "fallback", "io.tenancykit.api.TenantKey"),
					componentField("ReportRenderer", "current", "io.tenancykit.api.Tenant"), INHERITED_COMPONENT_FIELD);
	}

	@Test
	void rejectsTenantFieldThatAComponentInherits() {
		assertThat(messages(TenancyArchitectureRules.NO_TENANT_FIELDS_IN_COMPONENTS, of("componentfields.violating")))
			.contains(INHERITED_COMPONENT_FIELD);
	}

	@Test
	void rejectsTenantFieldOfClassCreatedByBeanMethod() {
		assertThat(messages(TenancyArchitectureRules.NO_TENANT_FIELDS_IN_COMPONENTS, of("componentfields.violating")))
			.contains(componentField("ReportRenderer", "current", "io.tenancykit.api.Tenant"));
	}

	@Test
	void rejectsTenantFieldOfClassOnlyWhenABeanMethodCreatesIt() {
		assertThat(violations(TenancyArchitectureRules.NO_TENANT_FIELDS_IN_COMPONENTS,
				of(io.tenancykit.architecture.fixtures.componentfields.violating.ReportRenderer.class)))
			.isEmpty();
	}

	@Test
	void rejectsThreadLocalInitialisedWithATenantKey() {
		assertThat(
				messages(TenancyArchitectureRules.NO_THREAD_LOCALS_IN_TENANT_AWARE_CODE, of("threadlocal.violating")))
			.contains("Field <" + FIXTURES + "threadlocal.violating.TenantClock.KEY> has type <java.lang.ThreadLocal>",
					"Method <" + FIXTURES + "threadlocal.violating.TenantClock.stamp()> calls method "
							+ "<java.lang.ThreadLocal.get()>");
	}

	@Test
	void rejectsSignalContextViewReadInTenantAwareClass() {
		assertThat(messages(TenancyArchitectureRules.NO_REACTOR_CONTEXT_IN_TENANT_AWARE_CODE,
				of("reactorcontext.violating")))
			.contains("Method <" + FIXTURES
					+ "reactorcontext.violating.SignalAudit.audited(reactor.core.publisher.Flux)> "
					+ "calls method <reactor.core.publisher.Signal.getContextView()>");
	}

	@Test
	void rejectsContextViewLookupsInTenantAwareClass() {
		assertThat(messages(TenancyArchitectureRules.NO_REACTOR_CONTEXT_IN_TENANT_AWARE_CODE,
				of("reactorcontext.violating")))
			.contains("Method <" + FIXTURES
					+ "reactorcontext.violating.ContextLookup.key(reactor.util.context.ContextView)> "
					+ "calls method <reactor.util.context.ContextView.getOrDefault(java.lang.Object, java.lang.Object)>",
					"Method <" + FIXTURES
							+ "reactorcontext.violating.ContextLookup.hasTenant(reactor.util.context.ContextView)> "
							+ "calls method <reactor.util.context.ContextView.hasKey(java.lang.Object)>",
					"Method <" + FIXTURES + "reactorcontext.violating.TenantContextReader.current()> calls method "
							+ "<reactor.util.context.ContextView.get(java.lang.Class)>");
	}

	@Test
	void rejectsLog4jThreadContextsAndMdcContextMapInTenantAwareClass() {
		assertThat(messages(TenancyArchitectureRules.NO_MDC_WRITES_IN_TENANT_AWARE_CODE, of("mdc.violating")))
			.containsExactlyInAnyOrder(
					"Method <" + FIXTURES + "mdc.violating.Log4jTenantScope.open(io.tenancykit.api.TenantContext)> "
							+ "calls method <org.apache.logging.log4j.CloseableThreadContext.put(java.lang.String, "
							+ "java.lang.String)>",
					"Method <" + FIXTURES + "mdc.violating.Log4jTenantScope.enter(io.tenancykit.api.TenantContext)> "
							+ "calls method <org.apache.logging.log4j.ThreadContext.put(java.lang.String, "
							+ "java.lang.String)>",
					"Method <" + FIXTURES + "mdc.violating.TenantContextMap.enter(io.tenancykit.api.TenantContext)> "
							+ "calls method <org.slf4j.MDC.setContextMap(java.util.Map)>",
					"Method <" + FIXTURES + "mdc.violating.TenantMdcFilter.enter(io.tenancykit.api.TenantContext)> "
							+ "calls method <org.slf4j.MDC.put(java.lang.String, java.lang.String)>",
					"Method <" + FIXTURES + "mdc.violating.TenantMdcFilter.scope(io.tenancykit.api.TenantContext)> "
							+ "calls method <org.slf4j.MDC.putCloseable(java.lang.String, java.lang.String)>",
					MDC_PUT_REFERENCE, MDC_ADAPTER_PUT,
					"Method <" + FIXTURES + "mdc.violating.RequestLogging.enter(java.lang.String)> calls method "
							+ "<org.slf4j.MDC.put(java.lang.String, java.lang.String)>");
	}

	@Test
	void rejectsContextMapMergeAndContextFactoryReferenceInTenantAwareClass() {
		assertThat(messages(TenancyArchitectureRules.NO_REACTOR_CONTEXT_IN_TENANT_AWARE_CODE,
				of("reactorcontext.violating")))
			.contains(
					"Method <" + FIXTURES + "reactorcontext.violating.TenantContextMerge.merged("
							+ "reactor.util.context.Context, io.tenancykit.api.TenantId)> calls method "
							+ "<reactor.util.context.Context.putAllMap(java.util.Map)>",
					"Method <" + FIXTURES
							+ "reactorcontext.violating.TenantContextMerge.snapshot(io.tenancykit.api.TenantId)> "
							+ "references method <reactor.util.context.Context.of(java.util.Map)>");
	}

	@Test
	void rejectsSinkContextReadInTenantAwareClass() {
		assertThat(messages(TenancyArchitectureRules.NO_REACTOR_CONTEXT_IN_TENANT_AWARE_CODE,
				of("reactorcontext.violating")))
			.contains("Method <" + FIXTURES + "reactorcontext.violating.CallbackTenant.tenant()> calls method "
					+ "<reactor.core.publisher.MonoSink.contextView()>");
	}

	@Test
	void rejectsOperatorHookInTenantAwareClass() {
		assertThat(messages(TenancyArchitectureRules.NO_REACTOR_CONTEXT_IN_TENANT_AWARE_CODE,
				of("reactorcontext.violating")))
			.contains("Method <" + FIXTURES
					+ "reactorcontext.violating.TenantPropagationHook.install(java.util.function.Consumer)> "
					+ "calls method <reactor.core.publisher.Hooks.onEachOperator(java.lang.String, "
					+ "java.util.function.Function)>");
	}

	@Test
	void rejectsMdcWriteThroughMethodReferenceAndAdapterInTenantAwareClass() {
		assertThat(messages(TenancyArchitectureRules.NO_MDC_WRITES_IN_TENANT_AWARE_CODE, of("mdc.violating")))
			.contains(MDC_PUT_REFERENCE, MDC_ADAPTER_PUT);
	}

	@Test
	void rejectsThreadLocalOfClassNamingTheTenantWithoutKitTypes() {
		assertThat(
				messages(TenancyArchitectureRules.NO_THREAD_LOCALS_IN_TENANT_AWARE_CODE, of("threadlocal.violating")))
			.contains(
					"Field <" + FIXTURES + "threadlocal.violating.TenantContextHolder.CURRENT_TENANT> has type "
							+ "<java.lang.ThreadLocal>",
					"Method <" + FIXTURES + "threadlocal.violating.TenantContextHolder.setTenantId(java.lang.String)> "
							+ "calls method <java.lang.ThreadLocal.set(java.lang.Object)>");
	}

	@Test
	void rejectsMdcWriteUnderATenantKeyWithoutKitTypes() {
		assertThat(messages(TenancyArchitectureRules.NO_MDC_WRITES_IN_TENANT_AWARE_CODE, of("mdc.violating")))
			.contains("Method <" + FIXTURES + "mdc.violating.RequestLogging.enter(java.lang.String)> calls method "
					+ "<org.slf4j.MDC.put(java.lang.String, java.lang.String)>");
	}

	@Test
	void rejectsReactorContextWriteUnderATenantKeyWithoutKitTypes() {
		assertThat(messages(TenancyArchitectureRules.NO_REACTOR_CONTEXT_IN_TENANT_AWARE_CODE,
				of("reactorcontext.violating")))
			.contains("Method <" + FIXTURES
					+ "reactorcontext.violating.HeaderContextFilter.filter(java.lang.String, reactor.core.publisher.Mono)> "
					+ "calls method <reactor.util.context.Context.of(java.lang.Object, java.lang.Object)>");
	}

	private static String staticField(String type, String field, String fieldType) {
		return "Field <" + FIXTURES + "staticstate.violating." + type + "." + field
				+ "> is static and holds tenant state of type <" + fieldType + ">";
	}

	private static String singletonField(String kind, String type, String field, String fieldType) {
		return "Field <" + FIXTURES + "staticstate.violating." + type + "." + field + "> of " + kind + " <" + FIXTURES
				+ "staticstate.violating." + type + "> holds tenant state of type <" + fieldType + ">";
	}

	private static String componentField(String type, String field, String fieldType) {
		return "Field <" + FIXTURES + "componentfields.violating." + type + "." + field + "> of singleton <" + FIXTURES
				+ "componentfields.violating." + type + "> holds tenant state of type <" + fieldType + ">";
	}

}
