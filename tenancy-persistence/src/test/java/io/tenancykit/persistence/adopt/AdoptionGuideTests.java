package io.tenancykit.persistence.adopt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps docs/guides/adopt-in-an-existing-service.md and the SQL that
 * {@link ExistingServiceAdoptionIntegrationTests} runs the same: every SQL block the
 * guide marks with {@code <!-- file: db/adopt/... -->} equals that test resource, and
 * every resource is shown in the guide.
 */
class AdoptionGuideTests {

	private static final Path GUIDE = Path.of("..", "docs", "guides", "adopt-in-an-existing-service.md");

	private static final Path RESOURCES = Path.of("src", "test", "resources");

	private static final Pattern BLOCK = Pattern.compile("<!-- file: (db/adopt/[^ ]+) -->\\n```sql\\n(.*?)```",
			Pattern.DOTALL);

	@Test
	void showsEachMigrationOfTheTestVerbatim() throws IOException {
		Map<String, String> blocks = blocks();
		assertThat(blocks).isNotEmpty();
		for (Map.Entry<String, String> block : blocks.entrySet()) {
			assertThat(block.getValue()).as(block.getKey()).isEqualTo(resource(block.getKey()));
		}
	}

	@Test
	void showsEveryMigrationTheTestRuns() throws IOException {
		List<String> files = new ArrayList<>();
		try (Stream<Path> paths = Files.walk(RESOURCES.resolve("db/adopt"))) {
			paths.filter(Files::isRegularFile)
				.map((path) -> RESOURCES.relativize(path).toString().replace('\\', '/'))
				.forEach(files::add);
		}
		assertThat(files).hasSize(6);
		assertThat(blocks().keySet()).containsExactlyInAnyOrderElementsOf(files);
	}

	private static Map<String, String> blocks() throws IOException {
		Map<String, String> blocks = new LinkedHashMap<>();
		Matcher matcher = BLOCK.matcher(Files.readString(GUIDE));
		while (matcher.find()) {
			assertThat(blocks.put(matcher.group(1), matcher.group(2))).as("shown once: " + matcher.group(1)).isNull();
		}
		return blocks;
	}

	private static String resource(String name) throws IOException {
		try (InputStream in = AdoptionGuideTests.class.getResourceAsStream("/" + name)) {
			assertThat(in).as(name).isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
