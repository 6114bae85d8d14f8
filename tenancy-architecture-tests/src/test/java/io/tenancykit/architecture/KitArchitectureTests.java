package io.tenancykit.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;

/**
 * Applies every rule to the main classes of every kit module on the test classpath and of
 * the sample application. Test classes, and with them this module's fixtures, are not
 * imported.
 */
@AnalyzeClasses(packages = "io.tenancykit", importOptions = ImportOption.DoNotIncludeTests.class)
class KitArchitectureTests {

	@ArchTest
	static final ArchTests tenancy = ArchTests.in(TenancyArchitectureRules.class);

	@ArchTest
	static final ArchTests kit = ArchTests.in(TenancyKitRules.class);

}
