package io.tenancykit.persistence.rls;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TenantSettingTests {

	@Test
	void inlineConditionSetsTheTransactionLocalSettingInAnInitPlan() {
		assertThat(TenantSetting.inlineCondition("$1"))
			.isEqualTo("(SELECT set_config('tenancy.tenant_id', $1, true)) IS NOT NULL");
	}

	@Test
	void setLocalIsTransactionScoped() {
		assertThat(TenantSetting.SET_LOCAL).endsWith(", true)").contains("$1").contains(TenantSetting.NAME);
	}

}
