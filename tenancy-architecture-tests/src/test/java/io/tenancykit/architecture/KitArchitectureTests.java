package io.tenancykit.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Applies every rule to the main classes of every kit module on the test classpath. Test
 * classes, and with them this module's fixtures, are not imported. The sample application
 * checks itself, in its own {@code ArchitectureTests}, as an application would.
 */
@AnalyzeClasses(packages = "io.tenancykit", importOptions = ImportOption.DoNotIncludeTests.class)
class KitArchitectureTests {

	@ArchTest
	static final ArchTests tenancy = ArchTests.in(TenancyArchitectureRules.class);

	@ArchTest
	static final ArchTests kit = ArchTests.in(TenancyKitRules.class);

	/**
	 * The rules pass vacuously for a module that is missing from the import, so prove
	 * that each one is there.
	 */
	@ArchTest
	static void importsEveryKitModule(JavaClasses classes) {
		assertThat(classes.stream().map(KitArchitectureTests::module).distinct()).contains("api", "test", "persistence",
				"web", "architecture");
	}

	private static String module(JavaClass javaClass) {
		String[] segments = javaClass.getPackageName().split("\\.");
		return (segments.length > 2) ? segments[2] : "";
	}

}
