package io.tenancykit.persistence.migration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import static org.assertj.core.api.Assertions.assertThat;

class TenancyMigrationsTests {

	@Test
	void configuresItsOwnLocationHistoryTableAndBaseline() {
		FluentConfiguration configuration = TenancyMigrations.configure(Flyway.configure());
		assertThat(Arrays.stream(configuration.getLocations()).map(Object::toString))
			.containsExactly("classpath:db/tenancy");
		assertThat(configuration.getTable()).isEqualTo("tenancy_schema_history");
		assertThat(configuration.isBaselineOnMigrate()).isTrue();
		assertThat(configuration.getBaselineVersion().getVersion()).isEqualTo("0");
	}

	@Test
	void shipsTheMigrationsOnTheClasspath() {
		ClassLoader loader = getClass().getClassLoader();
		assertThat(loader.getResource("db/tenancy/V1__tenancy_tenant_directory.sql")).isNotNull();
		assertThat(loader.getResource("db/tenancy/V2__tenancy_rls_support.sql")).isNotNull();
	}

	@Test
	void listsEveryFlywayMigrationOnceInTheLiquibaseChangelog() throws IOException {
		PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
		String changelog = resolver.getResource(TenancyMigrations.LIQUIBASE_CHANGELOG)
			.getContentAsString(StandardCharsets.UTF_8);
		List<String> migrations = Arrays.stream(resolver.getResources("classpath*:db/tenancy/V*__*.sql"))
			.map(Resource::getFilename)
			.filter(Objects::nonNull)
			.sorted(Comparator.comparingInt((name) -> Integer.parseInt(name.substring(1, name.indexOf("__")))))
			.toList();
		assertThat(migrations).hasSize(5);
		List<String> listed = new ArrayList<>();
		Matcher changeSets = Pattern
			.compile("<changeSet id=\"tenancy-(\\d+)\"[^>]*>.*?<sqlFile path=\"db/tenancy/([^\"]+)\"", Pattern.DOTALL)
			.matcher(changelog);
		while (changeSets.find()) {
			listed.add(changeSets.group(2));
			assertThat(changeSets.group(2)).startsWith("V" + changeSets.group(1) + "__");
		}
		assertThat(listed).as("one changeSet per migration, in version order").isEqualTo(migrations);
	}

}
