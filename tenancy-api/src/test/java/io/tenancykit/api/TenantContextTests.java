package io.tenancykit.api;

import org.junit.jupiter.api.Test;

import static io.tenancykit.api.TenantFixtures.ACME_ID;
import static io.tenancykit.api.TenantFixtures.ACME_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Tests for {@link TenantContext}.
 */
class TenantContextTests {

	@Test
	void exposesIdAndKeyOfActiveTenant() {
		TenantContext context = TenantContext.of(TenantFixtures.acme(TenantStatus.ACTIVE));
		assertThat(context.tenantId()).isEqualTo(ACME_ID);
		assertThat(context.tenantKey()).isEqualTo(ACME_KEY);
	}

	@Test
	void refusesSuspendedTenant() {
		assertThatExceptionOfType(TenantResolutionException.Suspended.class)
			.isThrownBy(() -> TenantContext.of(TenantFixtures.acme(TenantStatus.SUSPENDED)))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("tenant-suspended"));
	}

	@Test
	void refusesNullTenant() {
		assertThatNullPointerException().isThrownBy(() -> TenantContext.of(null)).withMessageContaining("'tenant'");
	}

	@Test
	void isEqualForSameIdAndKeyWhateverTheOtherTenantFields() {
		Tenant tenant = TenantFixtures.acme(TenantStatus.ACTIVE);
		Tenant renamed = new Tenant(tenant.id(), tenant.key(), "Renamed", TenantStatus.ACTIVE, tenant.createdAt(),
				tenant.updatedAt().plusSeconds(1));
		TenantContext context = TenantContext.of(tenant);
		assertThat(context).isEqualTo(context)
			.isEqualTo(TenantContext.of(renamed))
			.hasSameHashCodeAs(TenantContext.of(renamed))
			.isNotEqualTo(null)
			.isNotEqualTo(ACME_ID);
	}

	@Test
	void isNotEqualWhenIdOrKeyDiffers() {
		TenantContext acme = TenantContext.of(TenantFixtures.acme(TenantStatus.ACTIVE));
		TenantContext otherId = TenantContext
			.of(TenantFixtures.tenant("11111111-2222-3333-4444-555555555555", "acme", TenantStatus.ACTIVE));
		TenantContext otherKey = TenantContext
			.of(TenantFixtures.tenant(ACME_ID.toString(), "globex", TenantStatus.ACTIVE));
		assertThat(acme).isNotEqualTo(otherId).isNotEqualTo(otherKey);
	}

	@Test
	void toStringShowsIdAndKeyOnly() {
		TenantContext context = TenantContext.of(TenantFixtures.acme(TenantStatus.ACTIVE));
		assertThat(context).hasToString("TenantContext[id=0f8fad5b-d9cb-469f-a165-70867728950e, key=acme]");
		assertThat(context.toString()).doesNotContain("ACME Corp").doesNotContain("ACTIVE");
	}

}
