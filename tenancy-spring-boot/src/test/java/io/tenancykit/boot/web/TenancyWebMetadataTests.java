package io.tenancykit.boot.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tenancykit.web.directory.TenantCacheSettings;
import io.tenancykit.web.resolution.TenantResolutionSettings;
import io.tenancykit.web.resolution.TenantResolutionWebFilter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IDE metadata of {@code tenancy.web.*} documents the defaults that
 * {@code tenancy-web}'s settings records own: binding the documented defaults gives the
 * settings an application gets without any property.
 */
class TenancyWebMetadataTests {

	private static final Pattern PROPERTY = Pattern
		.compile("\\{\\s*\"name\"\\s*:\\s*\"(tenancy\\.web\\.[^\"]+)\"((?:[^{}]|\\{[^{}]*\\})*)\\}");

	private static final Pattern DEFAULT_VALUE = Pattern
		.compile("\"defaultValue\"\\s*:\\s*(\\[[^\\]]*\\]|\"[^\"]*\"|[^,\\s}]+)");

	@Test
	void documentsTheDefaultsOfTheSettingsRecords() throws IOException {
		Map<String, Object> documented = documentedDefaults();
		assertThat(documented.keySet()).as("properties with a documented default")
			.hasSize(23)
			.doesNotContain("tenancy.web.resolution.base-domains");
		TenancyWebProperties bound = new Binder(new MapConfigurationPropertySource(documented))
			.bindOrCreate(TenancyWebProperties.PREFIX, TenancyWebProperties.class);
		assertThat(bound.toResolutionSettings()).isEqualTo(TenantResolutionSettings.defaults());
		assertThat(bound.toCacheSettings()).isEqualTo(TenantCacheSettings.defaults());
		assertThat(bound.getResolution().getFilterOrder()).isEqualTo(TenantResolutionWebFilter.DEFAULT_ORDER);
		assertThat(bound.getMetrics().isTenantTag()).isFalse();
	}

	private static Map<String, Object> documentedDefaults() throws IOException {
		try (InputStream metadata = TenancyWebMetadataTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(metadata).as("generated configuration metadata").isNotNull();
			String json = new String(metadata.readAllBytes(), StandardCharsets.UTF_8);
			String properties = json.substring(json.indexOf("\"properties\""));
			Map<String, Object> defaults = new LinkedHashMap<>();
			// One property object per match: its name, then its members (a
			// description may hold a {placeholder}) up to the closing brace.
			Matcher property = PROPERTY.matcher(properties);
			while (property.find()) {
				Matcher value = DEFAULT_VALUE.matcher(property.group(2));
				if (value.find()) {
					defaults.put(property.group(1), value.group(1).replace("\\/", "/").replaceAll("[\\[\\]\"\\s]", ""));
				}
			}
			return defaults;
		}
	}

}
