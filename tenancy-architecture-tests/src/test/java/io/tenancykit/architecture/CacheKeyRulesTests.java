package io.tenancykit.architecture;

import org.junit.jupiter.api.Test;

import static io.tenancykit.architecture.Fixtures.messages;
import static io.tenancykit.architecture.Fixtures.of;
import static io.tenancykit.architecture.Fixtures.violations;
import static org.assertj.core.api.Assertions.assertThat;

class CacheKeyRulesTests {

	private static final String VIOLATING = "io.tenancykit.architecture.fixtures.caching.violating.";

	@Test
	void rejectsKeyOfTheIdAlone() {
		assertThat(messages(TenancyArchitectureRules.TENANT_SCOPED_CACHES_KEY_BY_TENANT, of("caching.violating")))
			.contains(keyed("ProjectCache.find(io.tenancykit.api.TenantContext, java.util.UUID)", "#id"));
	}

	@Test
	void rejectsPositionalKeyOfAnotherParameter() {
		assertThat(messages(TenancyArchitectureRules.TENANT_SCOPED_CACHES_KEY_BY_TENANT, of("caching.violating")))
			.contains(keyed("ProjectCache.search(io.tenancykit.api.TenantContext, java.lang.String)", "#p1"));
	}

	@Test
	void rejectsCachePutKeyedByTheEntityId() {
		assertThat(messages(TenancyArchitectureRules.TENANT_SCOPED_CACHES_KEY_BY_TENANT, of("caching.violating")))
			.contains(keyed("ProjectCache.save(io.tenancykit.api.TenantContext, "
					+ "io.tenancykit.architecture.fixtures.model.Project)", "#project.id()"));
	}

	@Test
	void rejectsDefaultKeyOfMethodWithoutTenantParameter() {
		assertThat(messages(TenancyArchitectureRules.TENANT_SCOPED_CACHES_KEY_BY_TENANT, of("caching.violating")))
			.contains("Method <" + VIOLATING + "ProjectCounts.count()> caches tenant-scoped results under the "
					+ "default key of its parameters, none of which is a tenant");
	}

	@Test
	void reportsExactlyTheCachesKeyedWithoutTheTenant() {
		assertThat(violations(TenancyArchitectureRules.TENANT_SCOPED_CACHES_KEY_BY_TENANT, of("caching.violating")))
			.hasSize(4);
	}

	@Test
	void acceptsDefaultKeyTenantInKeyByNameOrPositionKeyGeneratorAndGlobalData() {
		assertThat(violations(TenancyArchitectureRules.TENANT_SCOPED_CACHES_KEY_BY_TENANT, of("caching.compliant")))
			.isEmpty();
	}

	private static String keyed(String method, String key) {
		return "Method <" + VIOLATING + method + "> caches tenant-scoped results under key <" + key
				+ ">, which does not include the tenant";
	}

}
