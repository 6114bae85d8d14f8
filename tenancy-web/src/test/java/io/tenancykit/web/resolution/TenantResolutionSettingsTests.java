package io.tenancykit.web.resolution;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Defaults and validation of {@link TenantResolutionSettings}.
 */
class TenantResolutionSettingsTests {

	@Test
	void hasDocumentedDefaults() {
		TenantResolutionSettings settings = TenantResolutionSettings.defaults();
		assertThat(settings.headerName()).isEqualTo("X-Tenant-ID");
		assertThat(settings.headerFormat()).isEqualTo(TenantReferenceFormat.KEY);
		assertThat(settings.baseDomains()).isEmpty();
		assertThat(settings.hostSource()).isEqualTo(HostSource.HOST);
		assertThat(settings.pathPrefix()).isEqualTo("/t");
		assertThat(settings.claimName()).isEqualTo("tenant");
		assertThat(settings.claimFormat()).isEqualTo(TenantReferenceFormat.KEY_OR_ID);
		assertThat(settings.excludedPaths()).containsExactly("/actuator/**", "/v3/api-docs/**", "/swagger-ui/**");
		assertThat(settings.chain()).containsExactly(TenantSource.CLAIM, TenantSource.HEADER, TenantSource.SUBDOMAIN);
		assertThat(settings.retryAfter()).isEqualTo(Duration.ofSeconds(5));
		assertThat(settings.accessLog()).isFalse();
		assertThat(settings.tenantMetricTag()).isFalse();
		assertThat(settings.toBuilder().build()).isEqualTo(settings);
	}

	@Test
	void normalizesBaseDomains() {
		assertThat(TenantResolutionSettings.builder().baseDomains(List.of("Example.COM.")).build().baseDomains())
			.containsExactly("example.com");
	}

	@Test
	void rejectsInvalidValuesNamingTheSetting() {
		assertInvalid(TenantResolutionSettings.builder().headerName("X Tenant"), "'headerName'");
		assertInvalid(TenantResolutionSettings.builder().headerName(""), "'headerName'");
		assertInvalid(TenantResolutionSettings.builder().baseDomains(List.of("exa mple.com")), "'baseDomains'");
		assertInvalid(TenantResolutionSettings.builder().baseDomains(List.of("bücher.de")), "'baseDomains'");
		assertInvalid(TenantResolutionSettings.builder().pathPrefix("t"), "'pathPrefix'");
		assertInvalid(TenantResolutionSettings.builder().pathPrefix("/t/"), "'pathPrefix'");
		assertInvalid(TenantResolutionSettings.builder().pathPrefix("/{tenant}"), "'pathPrefix'");
		assertInvalid(TenantResolutionSettings.builder().claimName(" "), "'claimName'");
		assertInvalid(TenantResolutionSettings.builder().excludedPaths(List.of("/a/**/b/**")), "'excludedPaths'");
		assertInvalid(TenantResolutionSettings.builder().chain(List.of()), "'chain'");
		assertInvalid(TenantResolutionSettings.builder().chain(List.of(TenantSource.HEADER, TenantSource.HEADER)),
				"'chain'");
		assertInvalid(TenantResolutionSettings.builder().retryAfter(Duration.ofMillis(10)), "'retryAfter'");
	}

	private static void assertInvalid(TenantResolutionSettings.Builder builder, String name) {
		assertThatIllegalArgumentException().isThrownBy(builder::build).withMessageContaining(name);
	}

}
