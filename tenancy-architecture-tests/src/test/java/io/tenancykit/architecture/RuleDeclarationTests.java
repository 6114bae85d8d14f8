package io.tenancykit.architecture;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Checks the shape every rule must have: declared for the {@code @ArchTest} runner, named
 * after an ADR, part of {@code all()}, and failing rather than passing on an empty
 * import.
 */
class RuleDeclarationTests {

	static Stream<Field> ruleFields() {
		return Stream.of(TenancyArchitectureRules.class, TenancyKitRules.class)
			.flatMap((type) -> Arrays.stream(type.getDeclaredFields()))
			.filter((field) -> ArchRule.class.isAssignableFrom(field.getType()));
	}

	static Stream<ArchRule> allRules() {
		return Stream.concat(ruleFields().map(RuleDeclarationTests::rule), Stream.of(TenancyArchitectureRules.all(),
				TenancyKitRules.all(), TenancyArchitectureRules.noCyclesIn("com.acme")));
	}

	@ParameterizedTest
	@MethodSource("ruleFields")
	void ruleIsAPublicStaticFinalArchTest(Field field) {
		assertThat(Modifier.isPublic(field.getModifiers()) && Modifier.isStatic(field.getModifiers())
				&& Modifier.isFinal(field.getModifiers()))
			.as(field.getName())
			.isTrue();
		assertThat(field.isAnnotationPresent(ArchTest.class)).as(field.getName()).isTrue();
	}

	@ParameterizedTest
	@MethodSource("ruleFields")
	void ruleSaysWhyAndNamesAnAdr(Field field) {
		assertThat(rule(field).getDescription()).as(field.getName()).containsPattern(", because .+\\(ADR-\\d{3}");
	}

	@ParameterizedTest
	@MethodSource("allRules")
	void ruleFailsOnAnEmptyImport(ArchRule rule) {
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> rule.evaluate(Fixtures.none()))
			.withMessageContaining("failed to check any classes");
	}

	@Test
	void allComposesEveryUserRule() {
		String description = TenancyArchitectureRules.all().getDescription();
		List<Field> fields = ruleFields().filter((field) -> field.getDeclaringClass() == TenancyArchitectureRules.class)
			.toList();
		assertThat(fields).hasSize(15);
		assertThat(fields).allSatisfy((field) -> assertThat(description).contains(rule(field).getDescription()));
	}

	@Test
	void kitAllComposesEveryKitRule() {
		String description = TenancyKitRules.all().getDescription();
		assertThat(ruleFields().filter((field) -> field.getDeclaringClass() == TenancyKitRules.class)).hasSize(4)
			.allSatisfy((field) -> assertThat(description).contains(rule(field).getDescription()));
	}

	@Test
	void rulesClassesCannotBeInstantiated() {
		Stream.of(TenancyArchitectureRules.class, TenancyKitRules.class).forEach((type) -> {
			assertThat(Modifier.isFinal(type.getModifiers())).isTrue();
			assertThat(type.getDeclaredConstructors()).extracting(Constructor::getModifiers)
				.allSatisfy((modifiers) -> assertThat(Modifier.isPrivate(modifiers)).isTrue());
		});
	}

	private static ArchRule rule(Field field) {
		try {
			return (ArchRule) field.get(null);
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
