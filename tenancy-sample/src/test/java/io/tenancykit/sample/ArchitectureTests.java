package io.tenancykit.sample;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import com.tngtech.archunit.lang.ArchRule;
import io.tenancykit.architecture.TenancyArchitectureRules;

/**
 * The kit's architecture rules applied to the sample, as an application applies them: see
 * docs/guides/architecture-rules.md.
 */
@AnalyzeClasses(packages = "io.tenancykit.sample", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchTests tenancy = ArchTests.in(TenancyArchitectureRules.class);

	@ArchTest
	static final ArchRule freeOfCycles = TenancyArchitectureRules.noCyclesIn("io.tenancykit.sample");

}
