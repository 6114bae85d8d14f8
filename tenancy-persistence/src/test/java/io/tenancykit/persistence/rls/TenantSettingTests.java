package io.tenancykit.persistence.rls;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

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

	@Test
	void setLocalForCitusPropagatesThenSetsTheRenderedUuid() {
		UUID tenant = UUID.fromString("0b9f6c3e-5d1a-4c1e-9a57-4f1b2c3d4e01");
		assertThat(TenantSetting.setLocal(tenant)).isEqualTo("SET LOCAL citus.propagate_set_commands TO 'local';"
				+ " SET LOCAL tenancy.tenant_id TO '0b9f6c3e-5d1a-4c1e-9a57-4f1b2c3d4e01'");
	}

	@Test
	void setLocalForCitusRefusesNull() {
		assertThatNullPointerException().isThrownBy(() -> TenantSetting.setLocal(null))
			.withMessage("'tenantId' must not be null");
	}

}
