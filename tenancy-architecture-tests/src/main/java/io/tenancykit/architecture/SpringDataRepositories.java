package io.tenancykit.architecture;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;

/**
 * Recognises Spring Data repositories and the domain types they are declared for, the way
 * Spring Data's repository scanning does: an interface extending
 * {@code org.springframework.data.repository.Repository}, or one annotated with
 * {@code @RepositoryDefinition} (also through a meta-annotation or an interface it
 * extends).
 */
final class SpringDataRepositories {

	private SpringDataRepositories() {
	}

	/**
	 * Whether the class is a Spring Data repository of an application (or a class
	 * implementing one); Spring Data's own interfaces are not.
	 */
	static boolean isRepository(JavaClass javaClass) {
		return !isSpringData(javaClass) && (javaClass.isAssignableTo(KitTypes.SPRING_DATA_REPOSITORY)
				|| repositoryDefinition(javaClass).isPresent());
	}

	/**
	 * Return the domain types a repository declares: the class bound to the first type
	 * parameter of each Spring Data repository interface it extends, through generic
	 * intermediate interfaces, and the {@code domainClass} of its
	 * {@code @RepositoryDefinition}, or of an annotation composed with it that declares a
	 * {@code domainClass} alias. A type variable that stays unbound is not a domain type.
	 */
	static Set<JavaClass> domainTypes(JavaClass repository) {
		Set<JavaClass> domainTypes = new LinkedHashSet<>(
				TypeArguments.firstTypeArguments(repository, SpringDataRepositories::isSpringData));
		repositoryTypes(repository).flatMap((type) -> type.getAnnotations().stream())
			.filter((annotation) -> annotation.getRawType().getName().equals(KitTypes.REPOSITORY_DEFINITION)
					|| TenancyPredicates
						.findAnnotation(annotation.getRawType().getAnnotations(), KitTypes.REPOSITORY_DEFINITION)
						.isPresent())
			.map((annotation) -> annotation.get("domainClass"))
			.flatMap(Optional::stream)
			.filter(JavaClass.class::isInstance)
			.map(JavaClass.class::cast)
			.filter((domainClass) -> !domainClass.getName().equals(Object.class.getName()))
			.forEach(domainTypes::add);
		return domainTypes;
	}

	private static Stream<JavaClass> repositoryTypes(JavaClass javaClass) {
		return Stream
			.of(Stream.of(javaClass), javaClass.getAllRawInterfaces().stream(),
					javaClass.getAllRawSuperclasses().stream())
			.flatMap((types) -> types);
	}

	/**
	 * Spring Data's own repository interfaces, which all declare the domain type as their
	 * first type parameter.
	 */
	private static boolean isSpringData(JavaClass type) {
		return type.getPackageName().startsWith("org.springframework.data.")
				&& type.isAssignableTo(KitTypes.SPRING_DATA_REPOSITORY);
	}

	private static Optional<JavaAnnotation<?>> repositoryDefinition(JavaClass javaClass) {
		return repositoryTypes(javaClass)
			.map((type) -> TenancyPredicates.findAnnotation(type.getAnnotations(), KitTypes.REPOSITORY_DEFINITION))
			.flatMap(Optional::stream)
			.findFirst();
	}

}
