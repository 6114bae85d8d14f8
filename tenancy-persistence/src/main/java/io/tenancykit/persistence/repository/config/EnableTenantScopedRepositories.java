package io.tenancykit.persistence.repository.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;

/**
 * Implements the {@link io.tenancykit.persistence.repository.TenantScopedCrudRepository}
 * interfaces found in the given packages (by default, the package of the annotated class)
 * as beans, with the application's
 * {@link io.tenancykit.persistence.repository.TenantScopedTemplate}. Spring Boot
 * applications need it only to scan other packages than the auto-configuration packages;
 * interfaces annotated with Spring Data's {@code @NoRepositoryBean} are skipped.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Import(TenantScopedRepositoriesRegistrar.class)
public @interface EnableTenantScopedRepositories {

	/**
	 * Alias for {@link #basePackages()}.
	 * @return the base packages
	 */
	@AliasFor("basePackages")
	String[] value() default {};

	/**
	 * The packages to scan for repository interfaces.
	 * @return the base packages
	 */
	@AliasFor("value")
	String[] basePackages() default {};

	/**
	 * Classes whose packages are scanned for repository interfaces, a type-safe
	 * alternative to {@link #basePackages()}.
	 * @return the classes
	 */
	Class<?>[] basePackageClasses() default {};

}
