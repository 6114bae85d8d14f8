package io.tenancykit.architecture;

import java.util.List;
import java.util.regex.Pattern;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Imports the fixture packages under {@code io.tenancykit.architecture.fixtures} and
 * evaluates rules against them.
 */
final class Fixtures {

	private static final String ROOT = "io.tenancykit.architecture.fixtures.";

	private static final Pattern LOCATION = Pattern.compile(" in \\([^()]+\\.java:\\d+\\)$");

	private Fixtures() {
	}

	static JavaClasses of(String fixturePackage) {
		JavaClasses classes = new ClassFileImporter().importPackages(ROOT + fixturePackage);
		if (classes.isEmpty()) {
			throw new IllegalStateException("No fixture classes in " + ROOT + fixturePackage);
		}
		return classes;
	}

	static JavaClasses of(Class<?>... classes) {
		return new ClassFileImporter().importClasses(classes);
	}

	static JavaClasses none() {
		return new ClassFileImporter().importClasses();
	}

	static List<String> violations(ArchRule rule, JavaClasses classes) {
		return rule.evaluate(classes).getFailureReport().getDetails();
	}

	/**
	 * Return the violations without their trailing source location ({@code in
	 * (Type.java:12)}), so that a test can expect each message exactly without depending
	 * on line numbers.
	 */
	static List<String> messages(ArchRule rule, JavaClasses classes) {
		return violations(rule, classes).stream().map((line) -> LOCATION.matcher(line).replaceFirst("")).toList();
	}

}
