package io.tenancykit.architecture;

import org.junit.jupiter.api.Test;

import static io.tenancykit.architecture.Fixtures.of;
import static io.tenancykit.architecture.Fixtures.violations;
import static org.assertj.core.api.Assertions.assertThat;

class TenantOwnedRulesTests {

	private static final String FIXTURES = "io.tenancykit.architecture.fixtures.";

	@Test
	void rejectsRecordWithTenantIdThatIsNotTenantOwned() {
		assertThat(violations(TenancyArchitectureRules.TENANT_OWNED_ENTITIES_IMPLEMENT_TENANT_OWNED,
				of("tenantowned.violating")))
			.anySatisfy((line) -> assertThat(line).startsWith("Class <" + FIXTURES
					+ "tenantowned.violating.Invoice> declares field <" + FIXTURES
					+ "tenantowned.violating.Invoice.tenantId> of type TenantId but does not implement TenantOwned"));
	}

	@Test
	void rejectsClassWithTenantIdFieldThatIsNotTenantOwned() {
		assertThat(violations(TenancyArchitectureRules.TENANT_OWNED_ENTITIES_IMPLEMENT_TENANT_OWNED,
				of("tenantowned.violating")))
			.anySatisfy((line) -> assertThat(line)
				.startsWith("Class <" + FIXTURES + "tenantowned.violating.Comment> declares field <" + FIXTURES
						+ "tenantowned.violating.Comment.tenantId>"));
	}

	@Test
	void acceptsTenantOwnedEntityAndTenantDescription() {
		assertThat(violations(TenancyArchitectureRules.TENANT_OWNED_ENTITIES_IMPLEMENT_TENANT_OWNED,
				of("tenantowned.compliant")))
			.isEmpty();
	}

}
