package io.tenancykit.web.json;

import java.time.Instant;
import java.util.UUID;

import io.tenancykit.api.Tenant;
import io.tenancykit.api.TenantContext;
import io.tenancykit.api.TenantId;
import io.tenancykit.api.TenantKey;
import io.tenancykit.api.TenantStatus;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.exc.InvalidDefinitionException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TenancyJacksonModuleTests {

	private static final UUID ID = UUID.fromString("5f0c2a3e-8a4b-4c1d-9e2f-0123456789ab");

	// Found through ServiceLoader, as Spring Boot's find-and-add-modules does.
	private final JsonMapper mapper = JsonMapper.builder().findAndAddModules().build();

	@Test
	void writesTenantIdAsTheUuidAndTenantKeyAsTheKey() {
		String json = this.mapper.writeValueAsString(new Owned(new TenantId(ID), new TenantKey("acme"), "Anvil"));
		assertThat(json).isEqualTo("{\"tenantId\":\"" + ID + "\",\"tenantKey\":\"acme\",\"name\":\"Anvil\"}");
	}

	@Test
	void readsThePlainStringsBack() {
		Owned owned = this.mapper.readValue("{\"tenantId\":\"" + ID + "\",\"tenantKey\":\"acme\",\"name\":\"Anvil\"}",
				Owned.class);
		assertThat(owned).isEqualTo(new Owned(new TenantId(ID), new TenantKey("acme"), "Anvil"));
	}

	@Test
	void refusesStringsThatAreNotCanonicalValues() {
		assertThatExceptionOfType(InvalidFormatException.class)
			.isThrownBy(() -> this.mapper.readValue("\"not-a-uuid\"", TenantId.class))
			.satisfies((ex) -> assertThat(ex.getTargetType()).isEqualTo(TenantId.class));
		assertThatExceptionOfType(InvalidFormatException.class)
			.isThrownBy(() -> this.mapper.readValue("\"ACME\"", TenantKey.class))
			.satisfies((ex) -> assertThat(ex.getTargetType()).isEqualTo(TenantKey.class));
	}

	@Test
	void neverWritesATenantContext() {
		TenantContext context = TenantContext.of(new io.tenancykit.api.Tenant(new TenantId(ID), new TenantKey("acme"),
				"Acme", io.tenancykit.api.TenantStatus.ACTIVE, java.time.Instant.EPOCH, java.time.Instant.EPOCH));
		assertThatExceptionOfType(InvalidDefinitionException.class)
			.isThrownBy(() -> this.mapper.writeValueAsString(context));
	}

	record Owned(TenantId tenantId, TenantKey tenantKey, String name) {
	}

}
