package io.tenancykit.boot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Java snippet in README.md and docs/ names its imports, so that a reader can paste
 * it without guessing which {@code Query} or {@code Nullable} is meant.
 */
class DocumentationSnippetsTests {

	private static final Pattern JAVA_SNIPPET = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

	@Test
	void everyJavaSnippetHasImports() throws IOException {
		List<Path> documents = new ArrayList<>();
		documents.add(Path.of("..", "README.md"));
		try (Stream<Path> docs = Files.walk(Path.of("..", "docs"))) {
			docs.filter((path) -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
		}
		List<String> withoutImports = new ArrayList<>();
		int snippets = 0;
		for (Path document : documents) {
			String text = Files.readString(document);
			Matcher snippet = JAVA_SNIPPET.matcher(text);
			while (snippet.find()) {
				snippets++;
				if (!snippet.group(1).contains("import ")) {
					int line = (int) text.substring(0, snippet.start()).chars().filter((c) -> c == '\n').count() + 1;
					withoutImports.add(document.normalize() + ":" + line);
				}
			}
		}
		assertThat(snippets).as("Java snippets found").isGreaterThan(10);
		assertThat(withoutImports).as("Java snippets without imports").isEmpty();
	}

}
