package io.tenancykit.architecture;

import org.junit.jupiter.api.Test;

import static io.tenancykit.architecture.Fixtures.messages;
import static io.tenancykit.architecture.Fixtures.of;
import static io.tenancykit.architecture.Fixtures.violations;
import static org.assertj.core.api.Assertions.assertThat;

class TenantOwnedRulesTests {

	private static final String VIOLATING = "io.tenancykit.architecture.fixtures.tenantowned.violating.";

	@Test
	void rejectsRecordWithTenantIdThatMarksNoOwningTenant() {
		assertThat(messages(TenancyArchitectureRules.TENANT_OWNED_ENTITIES_MARK_THEIR_OWNING_TENANT,
				of("tenantowned.violating")))
			.contains(violation("Invoice", "tenantId"));
	}

	@Test
	void rejectsClassWithTenantIdFieldThatMarksNoOwningTenant() {
		assertThat(messages(TenancyArchitectureRules.TENANT_OWNED_ENTITIES_MARK_THEIR_OWNING_TENANT,
				of("tenantowned.violating")))
			.contains(violation("Comment", "tenantId"));
	}

	@Test
	void rejectsUuidTenantIdMappedOnlyByTheNamingStrategy() {
		assertThat(messages(TenancyArchitectureRules.TENANT_OWNED_ENTITIES_MARK_THEIR_OWNING_TENANT,
				of("tenantowned.violating")))
			.contains(violation("Attachment", "tenantId"));
	}

	@Test
	void rejectsTenantIdUnderAnotherNameThatMarksNoOwningTenant() {
		assertThat(messages(TenancyArchitectureRules.TENANT_OWNED_ENTITIES_MARK_THEIR_OWNING_TENANT,
				of("tenantowned.violating")))
			.contains(violation("Share", "grantee"));
	}

	@Test
	void reportsEachUnmarkedTenantFieldOnce() {
		assertThat(violations(TenancyArchitectureRules.TENANT_OWNED_ENTITIES_MARK_THEIR_OWNING_TENANT,
				of("tenantowned.violating")))
			.containsExactlyInAnyOrder(violation("Invoice", "tenantId") + " in (Invoice.java:0)",
					violation("Comment", "tenantId") + " in (Comment.java:0)",
					violation("Attachment", "tenantId") + " in (Attachment.java:0)",
					violation("Share", "grantee") + " in (Share.java:0)",
					violation("Label", "tenant_id") + " in (Label.java:0)");
	}

	@Test
	void rejectsSnakeCaseTenantIdPropertyThatMarksNoOwningTenant() {
		assertThat(messages(TenancyArchitectureRules.TENANT_OWNED_ENTITIES_MARK_THEIR_OWNING_TENANT,
				of("tenantowned.violating")))
			.contains(violation("Label", "tenant_id"));
	}

	@Test
	void acceptsTenantOwnedOwningTenantTenantIdColumnAndTenantDescription() {
		assertThat(violations(TenancyArchitectureRules.TENANT_OWNED_ENTITIES_MARK_THEIR_OWNING_TENANT,
				of("tenantowned.compliant")))
			.isEmpty();
	}

	private static String violation(String type, String field) {
		return "Class <" + VIOLATING + type + "> holds a tenant in field <" + VIOLATING + type + "." + field
				+ "> but marks no owning tenant (TenantOwned, @OwningTenant or @Column(\"tenant_id\"))";
	}

}
