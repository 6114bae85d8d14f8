package io.tenancykit.web.resolution;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import io.tenancykit.web.InvalidSettingException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Defaults and validation of {@link TenantResolutionSettings}.
 */
class TenantResolutionSettingsTests {

	private static final TenantResolutionSettings defaults = TenantResolutionSettings.defaults();

	@Test
	void hasDocumentedDefaults() {
		assertThat(defaults.headerName()).isEqualTo("X-Tenant-ID");
		assertThat(defaults.headerFormat()).isEqualTo(TenantReferenceFormat.KEY);
		assertThat(defaults.baseDomains()).isEmpty();
		assertThat(defaults.hostSource()).isEqualTo(HostSource.HOST);
		assertThat(defaults.pathPrefix()).isEqualTo("/t");
		assertThat(defaults.claimName()).isEqualTo("tenant");
		assertThat(defaults.claimFormat()).isEqualTo(TenantReferenceFormat.KEY_OR_ID);
		assertThat(defaults.excludedPaths()).containsExactly("/actuator/**", "/v3/api-docs/**", "/swagger-ui/**",
				"/swagger-ui.html", "/webjars/swagger-ui/**");
		assertThat(defaults.chain()).containsExactly(TenantSource.CLAIM, TenantSource.HEADER, TenantSource.SUBDOMAIN);
		assertThat(defaults.retryAfter()).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void changesOneSettingAtATime() {
		TenantResolutionSettings changed = defaults.withHeaderName("X-Org")
			.withHeaderFormat(TenantReferenceFormat.ID)
			.withBaseDomains(List.of("example.com"))
			.withHostSource(HostSource.FORWARDED)
			.withPathPrefix("/orgs")
			.withClaimName("org")
			.withClaimFormat(TenantReferenceFormat.KEY)
			.withExcludedPaths(List.of("/health"))
			.withChain(List.of(TenantSource.PATH))
			.withRetryAfter(Duration.ofSeconds(9))
			.withRequireClaim(false)
			.withSuspendedAsUnknown(true);
		assertThat(changed).isEqualTo(new TenantResolutionSettings("X-Org", TenantReferenceFormat.ID,
				List.of("example.com"), HostSource.FORWARDED, "/orgs", "org", TenantReferenceFormat.KEY,
				List.of("/health"), List.of(TenantSource.PATH), Duration.ofSeconds(9), false, true));
	}

	@Test
	void normalizesBaseDomains() {
		assertThat(defaults.withBaseDomains(List.of("Example.COM.")).baseDomains()).containsExactly("example.com");
	}

	@Test
	void rejectsInvalidValuesNamingTheSetting() {
		assertInvalid(() -> defaults.withHeaderName("X Tenant"), "headerName", "must be a valid HTTP header name");
		assertInvalid(() -> defaults.withHeaderName(""), "headerName", "must be a valid HTTP header name");
		assertInvalid(() -> defaults.withBaseDomains(List.of("exa mple.com")), "baseDomains",
				"must contain ASCII domain names only");
		assertInvalid(() -> defaults.withBaseDomains(List.of("bücher.de")), "baseDomains",
				"must contain ASCII domain names only");
		String prefixReason = "must start with '/', not end with '/' and contain only literal path segments";
		assertInvalid(() -> defaults.withPathPrefix("t"), "pathPrefix", prefixReason);
		assertInvalid(() -> defaults.withPathPrefix("/t/"), "pathPrefix", prefixReason);
		assertInvalid(() -> defaults.withPathPrefix("/{tenant}"), "pathPrefix", prefixReason);
		assertInvalid(() -> defaults.withClaimName(" "), "claimName", "must not be blank");
		assertInvalid(() -> defaults.withExcludedPaths(List.of("/a/**/b/**")), "excludedPaths",
				"contains an invalid path pattern '/a/**/b/**'");
		assertInvalid(() -> defaults.withChain(List.of()), "chain", "must name at least one source");
		assertInvalid(() -> defaults.withChain(List.of(TenantSource.HEADER, TenantSource.HEADER)), "chain",
				"must not name a source twice");
		assertInvalid(() -> defaults.withRetryAfter(Duration.ofMillis(10)), "retryAfter",
				"must be at least one second");
	}

	private static void assertInvalid(Supplier<TenantResolutionSettings> settings, String setting, String reason) {
		assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(settings::get)
			.withMessage("'%s' %s", setting, reason)
			.satisfies((ex) -> assertThat(ex.getSetting()).isEqualTo(setting))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(reason));
	}

}
