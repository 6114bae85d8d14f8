package io.tenancykit.architecture;

import java.nio.file.Path;
import java.util.List;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class FrozenRulesTests {

	private static final String FIXTURES = "io.tenancykit.architecture.fixtures.";

	@TempDir
	Path store;

	@BeforeEach
	void configureStore() {
		ArchConfiguration.get().setProperty("freeze.store.default.path", this.store.toString());
		ArchConfiguration.get().setProperty("freeze.store.default.allowStoreCreation", "true");
	}

	@AfterEach
	void resetConfiguration() {
		ArchConfiguration.get().reset();
	}

	@Test
	void frozenAcceptsTheViolationsOfTheFirstRunAndRejectsOnlyNewOnes() {
		JavaClasses before = new ClassFileImporter().importPackages(FIXTURES + "staticstate.violating");
		assertThat(TenancyArchitectureRules.frozen().evaluate(before).hasViolation()).isFalse();
		JavaClasses after = new ClassFileImporter().importPackages(FIXTURES + "staticstate.violating",
				FIXTURES + "componentfields.violating");
		List<String> violations = Fixtures.messages(TenancyArchitectureRules.frozen(), after);
		assertThat(violations).isNotEmpty()
			.allSatisfy((line) -> assertThat(line).contains(FIXTURES + "componentfields.violating."))
			.contains("Field <" + FIXTURES + "componentfields.violating.InvoiceExporter.tenant> of singleton <"
					+ FIXTURES + "componentfields.violating.InvoiceExporter> holds tenant state of type "
					+ "<io.tenancykit.api.TenantId>");
	}

	@Test
	void frozenComposesEveryRule() {
		assertThat(TenancyArchitectureRules.frozen().getDescription())
			.isEqualTo(TenancyArchitectureRules.all().getDescription());
	}

}
