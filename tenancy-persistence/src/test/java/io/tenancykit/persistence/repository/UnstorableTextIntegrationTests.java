package io.tenancykit.persistence.repository;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.r2dbc.spi.R2dbcException;
import io.tenancykit.api.TenantContext;
import io.tenancykit.persistence.rls.RowLevelSecurity;
import io.tenancykit.persistence.support.Gadget;
import io.tenancykit.persistence.support.TenantFixture;
import io.tenancykit.persistence.support.TestDatabases;
import io.tenancykit.test.PostgresDatabase;
import io.tenancykit.test.PostgresTest;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Text the driver would store altered (a lone UTF-16 surrogate becomes {@code ?}) is
 * refused by inserts and updates before anything is sent, with SQLSTATE 22021 as
 * PostgreSQL refuses a NUL; a valid surrogate pair (an emoji) is stored as written.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnstorableTextIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final String LONE_HIGH = "a\uD800b";

	private static final String LONE_LOW = "a\uDC00b";

	private static final String EMOJI = "ship \uD83D\uDEA2 it";

	private PostgresDatabase db;

	@AutoClose
	private TenantFixture fixture;

	private TenantContext alpha;

	private TenantScopedTemplate template;

	@BeforeAll
	void setUp(PostgresDatabase db) throws SQLException {
		this.fixture = TenantFixture.open(db, 2);
		this.db = db;
		this.alpha = this.fixture.alpha();
		this.template = this.fixture.template(RowLevelSecurity.ENABLED);
	}

	@BeforeEach
	void clean() throws SQLException {
		this.db.executeAsAdmin("DELETE FROM test_gadget");
	}

	@Test
	void insertRefusesALoneSurrogateAndStoresNothing() throws SQLException {
		for (String name : List.of(LONE_HIGH, LONE_LOW, "\uDBFF", "end\uD83D")) {
			StepVerifier.create(this.template.insert(this.alpha, Gadget.named(name)))
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(UnstorableTextException.class)
					.isInstanceOf(R2dbcException.class)
					.hasMessageContaining("insert: the value of column 'name'")
					.satisfies((refused) -> assertThat(((R2dbcException) refused).getSqlState()).isEqualTo("22021")))
				.verify(TIMEOUT);
		}
		assertThat(names()).as("rows stored").isEmpty();
	}

	@Test
	void updateRefusesALoneSurrogateAndLeavesTheRowAsItWas() throws SQLException {
		Gadget stored = this.template.insert(this.alpha, Gadget.named("before")).block(TIMEOUT);
		assertThat(stored).isNotNull();
		StepVerifier.create(this.template.save(this.alpha, stored.withName(LONE_LOW)))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(UnstorableTextException.class)
				.hasMessageContaining("update: the value of column 'name'")
				.hasMessageNotContaining(LONE_LOW))
			.verify(TIMEOUT);
		assertThat(names()).containsExactly(Map.of("name", "before", "version", 0L));
	}

	@Test
	void storesASurrogatePairAsWritten() throws SQLException {
		Gadget stored = this.template.insert(this.alpha, Gadget.named(EMOJI)).block(TIMEOUT);
		assertThat(stored).isNotNull();
		assertThat(stored.name()).isEqualTo(EMOJI);
		Gadget renamed = this.template.save(this.alpha, stored.withName(EMOJI + EMOJI)).block(TIMEOUT);
		assertThat(renamed).isNotNull();
		assertThat(names()).containsExactly(Map.of("name", EMOJI + EMOJI, "version", 1L));
	}

	private List<Map<String, Object>> names() throws SQLException {
		return TestDatabases.queryAsTenant(this.db, this.alpha,
				"SELECT name, version FROM test_gadget WHERE tenant_id = '" + this.alpha.tenantId() + "'");
	}

}
