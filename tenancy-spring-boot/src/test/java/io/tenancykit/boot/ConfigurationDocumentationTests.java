package io.tenancykit.boot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps {@code docs/configuration.md} in sync with the generated configuration metadata.
 */
class ConfigurationDocumentationTests {

	private static final Pattern PROPERTY = Pattern.compile("\"name\"\\s*:\\s*\"(tenancy\\.[^\"]+)\"");

	private static final Pattern DOCUMENTED = Pattern.compile("^\\| `(tenancy\\.[^`]+)` \\|", Pattern.MULTILINE);

	@Test
	void documentsEveryPropertyOfTheMetadataAndNoOther() throws IOException {
		List<String> properties = new ArrayList<>();
		try (InputStream metadata = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(metadata).as("generated configuration metadata").isNotNull();
			String json = new String(metadata.readAllBytes(), StandardCharsets.UTF_8);
			Matcher matcher = PROPERTY.matcher(json);
			while (matcher.find()) {
				if (!properties.contains(matcher.group(1)) && !isGroup(json, matcher.group(1))) {
					properties.add(matcher.group(1));
				}
			}
		}
		String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
		List<String> documented = new ArrayList<>();
		Matcher matcher = DOCUMENTED.matcher(doc);
		while (matcher.find()) {
			documented.add(matcher.group(1));
		}
		assertThat(properties).hasSize(31);
		assertThat(documented).containsExactlyInAnyOrderElementsOf(properties);
	}

	private static boolean isGroup(String json, String name) {
		String groups = json.substring(json.indexOf("\"groups\""), json.indexOf("\"properties\""));
		return groups.contains("\"" + name + "\"");
	}

}
