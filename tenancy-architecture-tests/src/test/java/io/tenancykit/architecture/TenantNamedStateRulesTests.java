package io.tenancykit.architecture;

import org.junit.jupiter.api.Test;

import static io.tenancykit.architecture.Fixtures.messages;
import static io.tenancykit.architecture.Fixtures.of;
import static io.tenancykit.architecture.Fixtures.violations;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The global-state and component rules recognise a tenant that has become a
 * {@code String}, {@code UUID} or {@code long} by the name of its field.
 */
class TenantNamedStateRulesTests {

	private static final String FIXTURES = "io.tenancykit.architecture.fixtures.";

	@Test
	void rejectsMutableStaticStringNamedForTheTenant() {
		assertThat(messages(TenancyArchitectureRules.NO_STATIC_TENANT_STATE, of("namedstate.violating")))
			.contains(staticField("TenantContext", "currentTenant", "java.lang.String"));
	}

	@Test
	void rejectsVolatileStaticUuidAndObjectNamedForTheTenant() {
		assertThat(messages(TenancyArchitectureRules.NO_STATIC_TENANT_STATE, of("namedstate.violating"))).contains(
				staticField("CurrentTenantId", "currentTenantId", "java.util.UUID"),
				staticField("LegacyTenant", "tenant", "java.lang.Object"));
	}

	@Test
	void rejectsFinalStaticHolderOfTheTenant() {
		assertThat(messages(TenancyArchitectureRules.NO_STATIC_TENANT_STATE, of("namedstate.violating"))).contains(
				staticField("TenantReference", "CURRENT_TENANT",
						"java.util.concurrent.atomic.AtomicReference<java.lang.String>"),
				staticField("TenantSlot", "TENANT", "java.lang.String[]"));
	}

	@Test
	void rejectsStaticTenantIdAsANumber() {
		assertThat(messages(TenancyArchitectureRules.NO_STATIC_TENANT_STATE, of("namedstate.violating"))).contains(
				staticField("NumericTenant", "currentTenantId", "long"),
				staticField("NumericTenant", "LAST_TENANT", "java.util.concurrent.atomic.AtomicLong"));
	}

	@Test
	void rejectsStaticMutableCollectionOfTenantsNotKeyedByTheTenant() {
		assertThat(messages(TenancyArchitectureRules.NO_STATIC_TENANT_STATE, of("namedstate.violating"))).contains(
				staticField("TenantStack", "TENANT_STACK", "java.util.Deque<java.lang.String>"),
				staticField("TenantStack", "ACTIVE_TENANT", "java.util.List<java.util.UUID>"),
				staticField("ThreadTenants", "TENANT_BY_THREAD", "java.util.Map<java.lang.Thread, java.lang.String>"));
	}

	@Test
	void rejectsSingletonsRememberingTheTenantAsAString() {
		assertThat(messages(TenancyArchitectureRules.NO_STATIC_TENANT_STATE, of("namedstate.violating"))).contains(
				singletonField("enum", "TenantSession", "currentTenant", "java.lang.String"),
				singletonField("static singleton", "TenantState", "tenantId", "java.util.UUID"));
	}

	@Test
	void reportsExactlyTheStaticStateNamedForATenant() {
		assertThat(messages(TenancyArchitectureRules.NO_STATIC_TENANT_STATE, of("namedstate.violating")))
			.containsExactlyInAnyOrder(staticField("TenantContext", "currentTenant", "java.lang.String"),
					staticField("CurrentTenantId", "currentTenantId", "java.util.UUID"),
					staticField("LegacyTenant", "tenant", "java.lang.Object"),
					staticField("TenantReference", "CURRENT_TENANT",
							"java.util.concurrent.atomic.AtomicReference<java.lang.String>"),
					staticField("TenantSlot", "TENANT", "java.lang.String[]"),
					staticField("NumericTenant", "currentTenantId", "long"),
					staticField("NumericTenant", "LAST_TENANT", "java.util.concurrent.atomic.AtomicLong"),
					staticField("TenantStack", "TENANT_STACK", "java.util.Deque<java.lang.String>"),
					staticField("TenantStack", "ACTIVE_TENANT", "java.util.List<java.util.UUID>"),
					staticField("ThreadTenants", "TENANT_BY_THREAD",
							"java.util.Map<java.lang.Thread, java.lang.String>"),
					staticField("TenantInfoHolder", "currentTenant", FIXTURES + "namedstate.violating.TenantInfo"),
					staticField("TenantInfoHolder", "TENANT",
							FIXTURES + "namedstate.violating.TenantInfoHolder$ValueHolder<java.lang.String>"),
					singletonField("enum", "TenantSession", "currentTenant", "java.lang.String"),
					singletonField("static singleton", "TenantState", "tenantId", "java.util.UUID"));
	}

	@Test
	void acceptsConstantsKeyedMapsCountersAndValuesNamedForTenants() {
		assertThat(violations(TenancyArchitectureRules.NO_STATIC_TENANT_STATE, of("namedstate.compliant"))).isEmpty();
	}

	@Test
	void rejectsMutableTenantNamedFieldsOfComponents() {
		assertThat(
				messages(TenancyArchitectureRules.NO_TENANT_FIELDS_IN_COMPONENTS, of("namedcomponentfields.violating")))
			.contains(componentField("ReportService", "currentTenantId", "java.lang.String"),
					componentField("TenantTracker", "tenant", "java.util.UUID"),
					componentField("ProjectController", "tenantKey", "java.lang.String"),
					componentField("HeaderTenantFilter", "resolvedTenant", "java.util.UUID"));
	}

	@Test
	void rejectsTenantNamedFieldOfClassCreatedByBeanMethod() {
		assertThat(
				messages(TenancyArchitectureRules.NO_TENANT_FIELDS_IN_COMPONENTS, of("namedcomponentfields.violating")))
			.contains(componentField("AuditWriter", "tenantId", "java.lang.Long"));
	}

	@Test
	void rejectsFinalHoldersOfTheTenantInComponents() {
		assertThat(
				messages(TenancyArchitectureRules.NO_TENANT_FIELDS_IN_COMPONENTS, of("namedcomponentfields.violating")))
			.contains(
					componentField("ExportService", "currentTenant",
							"java.util.concurrent.atomic.AtomicReference<java.lang.String>"),
					componentField("ExportService", "tenantSlot", "java.lang.String[]"),
					componentField("ExportService", "pendingTenants", "java.util.List<java.lang.String>"));
	}

	@Test
	void reportsExactlyTheTenantNamedFieldsOfSingletons() {
		assertThat(
				messages(TenancyArchitectureRules.NO_TENANT_FIELDS_IN_COMPONENTS, of("namedcomponentfields.violating")))
			.containsExactlyInAnyOrder(componentField("ReportService", "currentTenantId", "java.lang.String"),
					componentField("TenantTracker", "tenant", "java.util.UUID"),
					componentField("ProjectController", "tenantKey", "java.lang.String"),
					componentField("HeaderTenantFilter", "resolvedTenant", "java.util.UUID"),
					componentField("AuditWriter", "tenantId", "java.lang.Long"),
					componentField("ExportService", "currentTenant",
							"java.util.concurrent.atomic.AtomicReference<java.lang.String>"),
					componentField("ExportService", "tenantSlot", "java.lang.String[]"),
					componentField("ExportService", "pendingTenants", "java.util.List<java.lang.String>"),
					"Field <" + FIXTURES + "namedcomponentfields.violating.AbstractTenantService.tenantId> of "
							+ "singleton <" + FIXTURES + "namedcomponentfields.violating.InvoiceService> is mutable "
							+ "and named for a tenant, of type <java.lang.String>",
					componentField("LastTenantService", "lastTenant", "java.lang.String"));
	}

	@Test
	void acceptsInjectedConfigurationKeyedMapsAndPerRequestValuesNamedForTenants() {
		assertThat(violations(TenancyArchitectureRules.NO_TENANT_FIELDS_IN_COMPONENTS,
				of("namedcomponentfields.compliant")))
			.isEmpty();
	}

	@Test
	void reportsAStaticTenantNamedFieldOfAComponentAsGlobalStateToo() {
		assertThat(messages(TenancyArchitectureRules.NO_STATIC_TENANT_STATE, of("namedcomponentfields.violating")))
			.containsExactly("Field <" + FIXTURES + "namedcomponentfields.violating.LastTenantService.lastTenant> is "
					+ "static, mutable and named for a tenant, of type <java.lang.String>");
	}

	private static String staticField(String type, String field, String fieldType) {
		return "Field <" + FIXTURES + "namedstate.violating." + type + "." + field
				+ "> is static, mutable and named for a tenant, of type <" + fieldType + ">";
	}

	private static String singletonField(String kind, String type, String field, String fieldType) {
		return "Field <" + FIXTURES + "namedstate.violating." + type + "." + field + "> of " + kind + " <" + FIXTURES
				+ "namedstate.violating." + type + "> is mutable and named for a tenant, of type <" + fieldType + ">";
	}

	private static String componentField(String type, String field, String fieldType) {
		return "Field <" + FIXTURES + "namedcomponentfields.violating." + type + "." + field + "> of singleton <"
				+ FIXTURES + "namedcomponentfields.violating." + type + "> is mutable and named for a tenant, of type <"
				+ fieldType + ">";
	}

}
