package io.tenancykit.persistence.changes;

import java.util.UUID;

import io.tenancykit.api.TenantId;
import io.tenancykit.persistence.changes.ChangeEvent.Change;
import io.tenancykit.persistence.changes.ChangeEvent.Operation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChangePayloadTests {

	private static final String TENANT = "0b9f6c3e-5d1a-4c1e-9a57-4f1b2c3d4e01";

	@Test
	void readsThePayloadAsJsonBuildObjectWritesIt() {
		assertThat(ChangePayload.parse("{\"tenant_id\" : \"" + TENANT
				+ "\", \"schema\" : \"public\", \"table\" : \"project\", \"op\" : \"UPDATE\", \"id\" : \"42\"}"))
			.isEqualTo(new Change(new TenantId(UUID.fromString(TENANT)), "public", "project", Operation.UPDATE, "42"));
	}

	@Test
	void readsEscapedNames() {
		assertThat(ChangePayload.parse("{\"tenant_id\":\"" + TENANT
				+ "\",\"schema\":\"s\\\"q\",\"table\":\"caf\\u00e9\",\"op\":\"DELETE\",\"id\":\"a\\\\b\"}"))
			.isEqualTo(new Change(new TenantId(UUID.fromString(TENANT)), "s\"q", "café", Operation.DELETE, "a\\b"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "not json", "{}", "[]",
			"{\"schema\":\"public\",\"table\":\"project\",\"op\":\"INSERT\",\"id\":\"1\"}",
			"{\"tenant_id\":\"acme\",\"schema\":\"public\",\"table\":\"project\",\"op\":\"INSERT\",\"id\":\"1\"}",
			"{\"tenant_id\":null,\"schema\":\"public\",\"table\":\"project\",\"op\":\"INSERT\",\"id\":\"1\"}",
			"{\"tenant_id\":\"" + TENANT
					+ "\",\"schema\":\"public\",\"table\":\"project\",\"op\":\"TRUNCATE\",\"id\":\"1\"}",
			"{\"tenant_id\":\"" + TENANT
					+ "\",\"schema\":\"public\",\"table\":\"project\",\"op\":\"INSERT\",\"id\":null}",
			"{\"tenant_id\":\"" + TENANT
					+ "\",\"schema\":\"public\",\"table\":\"project\",\"op\":\"INSERT\",\"id\":\"1\"} x",
			"{\"tenant_id\":\"" + TENANT + "\",\"tenant_id\":\"" + TENANT
					+ "\",\"schema\":\"public\",\"table\":\"project\",\"op\":\"INSERT\",\"id\":\"1\"}",
			"{\"tenant_id\":\"" + TENANT
					+ "\",\"schema\":\"public\",\"table\":\"project\",\"op\":\"INSERT\",\"id\":\"1\"" })
	void refusesAnythingTheTriggerDoesNotWrite(String payload) {
		assertThat(ChangePayload.parse(payload)).isNull();
	}

}
