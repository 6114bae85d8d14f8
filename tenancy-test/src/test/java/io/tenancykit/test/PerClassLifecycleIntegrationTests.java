package io.tenancykit.test;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

@PostgresTest
@TestInstance(Lifecycle.PER_CLASS)
class PerClassLifecycleIntegrationTests {

	private final PostgresDatabase fromConstructor;

	private @Nullable PostgresDatabase fromBeforeAll;

	PerClassLifecycleIntegrationTests(PostgresDatabase database) {
		this.fromConstructor = database;
	}

	@BeforeAll
	void rememberDatabase(PostgresDatabase database) {
		this.fromBeforeAll = database;
	}

	@Test
	void constructorResolvedBeforeBeforeAllGetsTheSameDatabase(PostgresDatabase database) throws Exception {
		assertThat(database).isSameAs(this.fromConstructor).isSameAs(this.fromBeforeAll);
		database.executeAsOwner("SELECT 1");
	}

}
