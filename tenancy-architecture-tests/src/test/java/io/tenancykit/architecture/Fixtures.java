package io.tenancykit.architecture;

import java.util.List;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Imports the fixture packages under {@code io.tenancykit.architecture.fixtures} and
 * evaluates rules against them.
 */
final class Fixtures {

	private static final String ROOT = "io.tenancykit.architecture.fixtures.";

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

}
