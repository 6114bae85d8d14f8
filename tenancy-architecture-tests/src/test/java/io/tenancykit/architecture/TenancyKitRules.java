package io.tenancykit.architecture;

import java.util.List;

import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * ArchUnit rules for the module boundaries of Tenancy Kit itself: the API is plain Java
 * and Reactor, and the web and persistence modules never see each other. They are kept
 * apart from {@link TenancyArchitectureRules} because an application's import contains no
 * kit classes, and a rule that checks no classes fails. They live in the test sources, so
 * that they do not ship in the artifact applications use.
 */
public final class TenancyKitRules {

	/**
	 * {@code io.tenancykit.api} depends on nothing of Spring, R2DBC or Reactor Netty.
	 * Violation:
	 *
	 * <pre class="code">
	 * package io.tenancykit.api;
	 * import org.springframework.util.Assert;
	 * </pre>
	 */
	@ArchTest
	public static final ArchRule API_IS_FRAMEWORK_FREE = noClasses().that()
		.resideInAPackage(KitTypes.API_PACKAGE + "..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework..", "io.r2dbc..", "reactor.netty..")
		.as("the kit's API should not depend on Spring, R2DBC or Reactor Netty")
		.because("the TenantContext is the contract between every module and every application, including "
				+ "code that uses neither Spring nor R2DBC (ADR-001)")
		.allowEmptyShould(false);

	/**
	 * {@code io.tenancykit.web} never depends on {@code io.tenancykit.persistence}.
	 * Violation:
	 *
	 * <pre class="code">
	 * package io.tenancykit.web.resolution;
	 * import io.tenancykit.persistence.directory.R2dbcTenantDirectory;
	 * </pre>
	 */
	@ArchTest
	public static final ArchRule WEB_DOES_NOT_DEPEND_ON_PERSISTENCE = noClasses().that()
		.resideInAPackage(KitTypes.WEB_PACKAGE + "..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage(KitTypes.PERSISTENCE_PACKAGE + "..")
		.as("the kit's web module should not depend on its persistence module")
		.because("the web layer resolves a TenantContext and hands it on; it reaches data only through the "
				+ "TenantDirectory port and tenant-scoped repositories (ADR-001)")
		.allowEmptyShould(false);

	/**
	 * {@code io.tenancykit.persistence} never depends on {@code io.tenancykit.web}.
	 * Violation:
	 *
	 * <pre class="code">
	 * package io.tenancykit.persistence.repository;
	 * import io.tenancykit.web.bind.TenantContextArgumentResolver;
	 * </pre>
	 */
	@ArchTest
	public static final ArchRule PERSISTENCE_DOES_NOT_DEPEND_ON_WEB = noClasses().that()
		.resideInAPackage(KitTypes.PERSISTENCE_PACKAGE + "..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage(KitTypes.WEB_PACKAGE + "..")
		.as("the kit's persistence module should not depend on its web module")
		.because("a repository takes its tenant from the TenantContext argument, never from the request " + "(ADR-001)")
		.allowEmptyShould(false);

	/**
	 * The kit's top-level packages ({@code api}, {@code persistence}, {@code web},
	 * {@code boot}, ...) are free of cycles.
	 */
	@ArchTest
	public static final ArchRule KIT_IS_FREE_OF_CYCLES = TenancyArchitectureRules.noCyclesIn("io.tenancykit");

	private TenancyKitRules() {
	}

	/**
	 * Return all rules of this class as one rule.
	 * @return the composite rule
	 */
	public static ArchRule all() {
		return CompositeArchRule.of(List.of(API_IS_FRAMEWORK_FREE, WEB_DOES_NOT_DEPEND_ON_PERSISTENCE,
				PERSISTENCE_DOES_NOT_DEPEND_ON_WEB, KIT_IS_FREE_OF_CYCLES));
	}

}
