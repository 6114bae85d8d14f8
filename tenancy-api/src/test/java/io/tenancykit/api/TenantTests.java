package io.tenancykit.api;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.tenancykit.api.TenantFixtures.ACME_ID;
import static io.tenancykit.api.TenantFixtures.ACME_KEY;
import static io.tenancykit.api.TenantFixtures.CREATED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Tests for {@link Tenant}.
 */
class TenantTests {

	@Test
	void refusesNullId() {
		assertThatNullPointerException()
			.isThrownBy(() -> new Tenant(null, ACME_KEY, "ACME", TenantStatus.ACTIVE, CREATED, CREATED))
			.withMessage("'id' must not be null");
	}

	@Test
	void refusesNullKey() {
		assertThatNullPointerException()
			.isThrownBy(() -> new Tenant(ACME_ID, null, "ACME", TenantStatus.ACTIVE, CREATED, CREATED))
			.withMessage("'key' must not be null");
	}

	@Test
	void refusesNullDisplayName() {
		assertThatNullPointerException()
			.isThrownBy(() -> new Tenant(ACME_ID, ACME_KEY, null, TenantStatus.ACTIVE, CREATED, CREATED))
			.withMessage("'displayName' must not be null");
	}

	@Test
	void refusesNullStatus() {
		assertThatNullPointerException().isThrownBy(() -> new Tenant(ACME_ID, ACME_KEY, "ACME", null, CREATED, CREATED))
			.withMessage("'status' must not be null");
	}

	@Test
	void refusesNullCreatedAt() {
		assertThatNullPointerException()
			.isThrownBy(() -> new Tenant(ACME_ID, ACME_KEY, "ACME", TenantStatus.ACTIVE, null, CREATED))
			.withMessage("'createdAt' must not be null");
	}

	@Test
	void refusesNullUpdatedAt() {
		assertThatNullPointerException()
			.isThrownBy(() -> new Tenant(ACME_ID, ACME_KEY, "ACME", TenantStatus.ACTIVE, CREATED, null))
			.withMessage("'updatedAt' must not be null");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "\t", "\n \r", "\u2003" })
	void refusesBlankDisplayName(String displayName) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Tenant(ACME_ID, ACME_KEY, displayName, TenantStatus.ACTIVE, CREATED, CREATED))
			.withMessage("'displayName' must not be blank");
	}

	@Test
	void keepsItsComponents() {
		Instant updated = CREATED.plusSeconds(60);
		Tenant tenant = new Tenant(ACME_ID, ACME_KEY, "ACME Corp", TenantStatus.ACTIVE, CREATED, updated);
		assertThat(tenant.id()).isEqualTo(ACME_ID);
		assertThat(tenant.key()).isEqualTo(ACME_KEY);
		assertThat(tenant.displayName()).isEqualTo("ACME Corp");
		assertThat(tenant.createdAt()).isEqualTo(CREATED);
		assertThat(tenant.updatedAt()).isEqualTo(updated);
	}

	@Test
	void isActiveOnlyWhenStatusIsActive() {
		assertThat(TenantFixtures.acme(TenantStatus.ACTIVE).isActive()).isTrue();
		assertThat(TenantFixtures.acme(TenantStatus.SUSPENDED).isActive()).isFalse();
	}

}
