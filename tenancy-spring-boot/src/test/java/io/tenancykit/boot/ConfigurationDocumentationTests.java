package io.tenancykit.boot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps {@code docs/configuration.md} in sync with the configuration metadata that the
 * configuration processor generates from the kit's {@code @ConfigurationProperties}
 * classes: the expected properties are derived, never counted by hand, so that adding,
 * renaming or removing a property fails here until the page follows.
 */
class ConfigurationDocumentationTests {

	private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"(tenancy\\.[^\"]+)\"");

	private static final Pattern SOURCE_TYPE = Pattern.compile("\"sourceType\"\\s*:\\s*\"([^\"]+)\"");

	private static final Pattern DOCUMENTED = Pattern.compile("^\\| `(tenancy\\.[^`]+)` \\|", Pattern.MULTILINE);

	@Test
	void documentsEveryPropertyOfTheMetadataExactlyOnce() throws IOException {
		Set<String> properties = new TreeSet<>(names(section(metadata(), "properties")));
		List<String> documented = new ArrayList<>();
		Matcher matcher = DOCUMENTED.matcher(Files.readString(Path.of("..", "docs", "configuration.md")));
		while (matcher.find()) {
			documented.add(matcher.group(1));
		}
		assertThat(properties).as("properties in the generated metadata").isNotEmpty();
		assertThat(documented).as("rows of docs/configuration.md").doesNotHaveDuplicates();
		assertThat(documented).containsExactlyInAnyOrderElementsOf(properties);
	}

	@Test
	void metadataCoversEveryConfigurationPropertiesClassOfTheKit() throws IOException {
		String metadata = metadata();
		Set<String> sourceTypes = new TreeSet<>();
		Matcher matcher = SOURCE_TYPE.matcher(section(metadata, "groups"));
		while (matcher.find()) {
			sourceTypes.add(matcher.group(1));
		}
		Set<String> bound = configurationPropertiesClasses();
		assertThat(bound).as("@ConfigurationProperties classes of the kit").isNotEmpty();
		assertThat(sourceTypes).containsAll(bound);
		for (String type : bound) {
			String prefix = prefixOf(type);
			assertThat(names(section(metadata, "properties"))).as("properties under %s", prefix)
				.anyMatch((name) -> name.startsWith(prefix + "."));
		}
	}

	private static Set<String> configurationPropertiesClasses() {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
		Set<String> types = new TreeSet<>();
		for (BeanDefinition candidate : scanner.findCandidateComponents("io.tenancykit")) {
			types.add(Objects.requireNonNull(candidate.getBeanClassName()));
		}
		return types;
	}

	private static String prefixOf(String type) {
		Class<?> bound = ClassUtils.resolveClassName(type, ConfigurationDocumentationTests.class.getClassLoader());
		return MergedAnnotations.from(bound).get(ConfigurationProperties.class).getString("prefix");
	}

	private static String metadata() throws IOException {
		try (InputStream metadata = ConfigurationDocumentationTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(metadata).as("generated configuration metadata").isNotNull();
			return new String(Objects.requireNonNull(metadata).readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	/**
	 * Return one top-level array of the metadata ({@code groups}, {@code properties} or
	 * {@code hints}), which the processor writes in that order.
	 */
	private static String section(String json, String name) {
		int start = json.indexOf("\"" + name + "\"");
		assertThat(start).as("section %s of the metadata", name).isNotNegative();
		int end = json.length();
		for (String next : List.of("\"groups\"", "\"properties\"", "\"hints\"")) {
			int at = json.indexOf(next, start + 1);
			if (at > start && at < end) {
				end = at;
			}
		}
		return json.substring(start, end);
	}

	private static List<String> names(String section) {
		List<String> names = new ArrayList<>();
		Matcher matcher = NAME.matcher(section);
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		return names;
	}

}
