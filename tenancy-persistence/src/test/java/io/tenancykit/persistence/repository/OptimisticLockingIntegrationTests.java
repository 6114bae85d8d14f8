package io.tenancykit.persistence.repository;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.tenancykit.api.NotFoundInTenantException;
import io.tenancykit.api.TenantContext;
import io.tenancykit.persistence.rls.RowLevelSecurity;
import io.tenancykit.persistence.support.Gadget;
import io.tenancykit.persistence.support.Ticket;
import io.tenancykit.persistence.support.TenantFixture;
import io.tenancykit.persistence.support.TestDatabases;
import io.tenancykit.test.PostgresDatabase;
import io.tenancykit.test.PostgresTest;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.test.StepVerifier;

import org.springframework.dao.OptimisticLockingFailureException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Optimistic locking with {@code @Version}, with both walls and with the repository wall
 * alone: a stale version of the tenant's own row is a conflict, a row of another tenant
 * with the same id is missing, and neither changes anything.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OptimisticLockingIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private PostgresDatabase db;

	@AutoClose
	private TenantFixture fixture;

	private TenantContext alpha;

	private TenantContext beta;

	@BeforeAll
	void setUp(PostgresDatabase db) throws SQLException {
		this.fixture = TenantFixture.open(db, 2);
		this.db = db;
		this.alpha = this.fixture.alpha();
		this.beta = this.fixture.beta();
	}

	@BeforeEach
	void clean() throws SQLException {
		this.db.executeAsAdmin("DELETE FROM test_gadget; DELETE FROM test_ticket");
	}

	@ParameterizedTest
	@EnumSource(RowLevelSecurity.class)
	void incrementsTheVersionOnEveryUpdate(RowLevelSecurity rowLevelSecurity) throws SQLException {
		TenantScopedTemplate template = template(rowLevelSecurity);
		try {
			Gadget v0 = template.insert(this.alpha, Gadget.named("v")).block(TIMEOUT);
			assertThat(v0).isNotNull();
			Gadget v1 = template.save(this.alpha, v0.withName("v1")).block(TIMEOUT);
			assertThat(v1).isNotNull();
			Gadget v2 = template.save(this.alpha, v1.withName("v2")).block(TIMEOUT);
			assertThat(v2).isNotNull();
			assertThat(v0.version()).isZero();
			assertThat(v1.version()).isOne();
			assertThat(v2.version()).isEqualTo(2L);
		}
		finally {
			restoreRowLevelSecurity();
		}
	}

	@ParameterizedTest
	@EnumSource(RowLevelSecurity.class)
	void refusesAStaleVersionOfTheTenantsOwnRowAndChangesNothing(RowLevelSecurity rowLevelSecurity)
			throws SQLException {
		TenantScopedTemplate template = template(rowLevelSecurity);
		try {
			Gadget stored = template.insert(this.alpha, Gadget.named("original")).block(TIMEOUT);
			assertThat(stored).isNotNull();
			Gadget current = template.save(this.alpha, stored.withName("current")).block(TIMEOUT);
			StepVerifier.create(template.update(this.alpha, stored.withName("stale")))
				.expectError(OptimisticLockingFailureException.class)
				.verify(TIMEOUT);
			StepVerifier.create(template.findById(this.alpha, Gadget.class, stored.id()))
				.expectNext(current)
				.expectComplete()
				.verify(TIMEOUT);
		}
		finally {
			restoreRowLevelSecurity();
		}
	}

	@ParameterizedTest
	@EnumSource(RowLevelSecurity.class)
	void treatsAnotherTenantsRowWithTheSameIdAsMissingAndLeavesItUntouched(RowLevelSecurity rowLevelSecurity)
			throws SQLException {
		TenantScopedTemplate template = template(rowLevelSecurity);
		try {
			Gadget theirs = template.insert(this.beta, Gadget.named("beta's")).block(TIMEOUT);
			assertThat(theirs).isNotNull();
			// Same id and version, claimed for alpha: alpha has no such row.
			Gadget claimed = theirs.withTenant(this.alpha.tenantId()).withName("hijacked");
			StepVerifier.create(template.update(this.alpha, claimed))
				.expectError(NotFoundInTenantException.class)
				.verify(TIMEOUT);
			StepVerifier.create(template.delete(this.alpha, claimed)).expectNext(0L).expectComplete().verify(TIMEOUT);
			StepVerifier.create(template.findById(this.beta, Gadget.class, theirs.id()))
				.expectNext(theirs)
				.expectComplete()
				.verify(TIMEOUT);
		}
		finally {
			restoreRowLevelSecurity();
		}
	}

	@ParameterizedTest
	@EnumSource(RowLevelSecurity.class)
	void tellsAConflictFromAMissingRowWhenBothTenantsHaveTheId(RowLevelSecurity rowLevelSecurity) throws SQLException {
		TenantScopedTemplate template = template(rowLevelSecurity);
		try {
			UUID id = UUID.randomUUID();
			template.insert(this.alpha, ticket(id, "alpha's")).block(TIMEOUT);
			Ticket theirs = template.insert(this.beta, ticket(id, "beta's")).block(TIMEOUT);
			assertThat(theirs).isNotNull();
			template.save(this.beta, theirs).block(TIMEOUT);
			template.save(this.beta, theirs).block(TIMEOUT);
			assertThat(theirs.getVersion()).isEqualTo(2L);
			// Alpha's row is at version 0: beta's version 2 is stale for alpha, not a
			// licence to touch beta's row.
			Ticket claimed = ticket(id, "hijacked");
			claimed.setTenantId(this.alpha.tenantId().value());
			claimed.setVersion(2L);
			claimed.setOpenedAt(theirs.getOpenedAt());
			StepVerifier.create(template.update(this.alpha, claimed))
				.expectError(OptimisticLockingFailureException.class)
				.verify(TIMEOUT);
			assertThat(TestDatabases.queryAsTenant(this.db, this.beta,
					"SELECT title, version FROM test_ticket WHERE tenant_id = '" + this.beta.tenantId() + "'"))
				.containsExactly(Map.of("title", "beta's", "version", 2L));
			assertThat(TestDatabases.queryAsTenant(this.db, this.alpha,
					"SELECT title, version FROM test_ticket WHERE tenant_id = '" + this.alpha.tenantId() + "'"))
				.containsExactly(Map.of("title", "alpha's", "version", 0L));
		}
		finally {
			restoreRowLevelSecurity();
		}
	}

	@ParameterizedTest
	@EnumSource(RowLevelSecurity.class)
	void refusesToDeleteWithAStaleVersion(RowLevelSecurity rowLevelSecurity) throws SQLException {
		TenantScopedTemplate template = template(rowLevelSecurity);
		try {
			Gadget stored = template.insert(this.alpha, Gadget.named("keep")).block(TIMEOUT);
			assertThat(stored).isNotNull();
			Gadget current = template.save(this.alpha, stored.withName("kept")).block(TIMEOUT);
			assertThat(current).isNotNull();
			StepVerifier.create(template.delete(this.alpha, stored))
				.expectError(OptimisticLockingFailureException.class)
				.verify(TIMEOUT);
			StepVerifier.create(template.existsById(this.alpha, Gadget.class, stored.id()))
				.expectNext(true)
				.expectComplete()
				.verify(TIMEOUT);
			StepVerifier.create(template.delete(this.alpha, current)).expectNext(1L).expectComplete().verify(TIMEOUT);
			StepVerifier.create(template.existsById(this.alpha, Gadget.class, stored.id()))
				.expectNext(false)
				.expectComplete()
				.verify(TIMEOUT);
		}
		finally {
			restoreRowLevelSecurity();
		}
	}

	private Ticket ticket(UUID id, String title) {
		Ticket ticket = new Ticket(title);
		ticket.setId(id);
		return ticket;
	}

	/**
	 * Return a template; with {@link RowLevelSecurity#DISABLED} the tables' row-level
	 * security is switched off too, so that the repository wall stands alone.
	 */
	private TenantScopedTemplate template(RowLevelSecurity rowLevelSecurity) throws SQLException {
		if (!rowLevelSecurity.isEnabled()) {
			this.db.executeAsOwner("ALTER TABLE test_gadget DISABLE ROW LEVEL SECURITY;"
					+ " ALTER TABLE test_ticket DISABLE ROW LEVEL SECURITY");
		}
		return this.fixture.template(this.fixture.pool(), rowLevelSecurity, TestDatabases.converter(), null);
	}

	private void restoreRowLevelSecurity() throws SQLException {
		this.db.executeAsOwner(
				"ALTER TABLE test_gadget ENABLE ROW LEVEL SECURITY; ALTER TABLE test_ticket ENABLE ROW LEVEL SECURITY");
	}

}
