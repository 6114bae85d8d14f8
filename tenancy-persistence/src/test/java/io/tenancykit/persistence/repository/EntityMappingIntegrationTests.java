package io.tenancykit.persistence.repository;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.tenancykit.api.TenantContext;
import io.tenancykit.persistence.rls.RowLevelSecurity;
import io.tenancykit.persistence.support.Gadget;
import io.tenancykit.persistence.support.Gadget.Money;
import io.tenancykit.persistence.support.Gadget.Status;
import io.tenancykit.persistence.support.Memo;
import io.tenancykit.persistence.support.Ticket;
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

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Entities are mapped by Spring Data: database-generated ids, column defaults and
 * read-only columns read back after insert, records and mutable classes,
 * {@code Persistable}, embedded values, custom converters, and tenant properties of type
 * {@code UUID} or marked with {@link OwningTenant}.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EntityMappingIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private PostgresDatabase db;

	@AutoClose
	private TenantFixture fixture;

	private TenantScopedTemplate template;

	private TenantContext alpha;

	private TenantContext beta;

	@BeforeAll
	void setUp(PostgresDatabase db) throws SQLException {
		this.fixture = TenantFixture.open(db, 2);
		this.db = db;
		this.template = this.fixture.template(this.fixture.pool(), RowLevelSecurity.ENABLED, TestDatabases.converter(),
				null);
		this.alpha = this.fixture.alpha();
		this.beta = this.fixture.beta();
	}

	@BeforeEach
	void clean() throws SQLException {
		this.db.executeAsAdmin("DELETE FROM test_gadget; DELETE FROM test_ticket; DELETE FROM test_note");
	}

	@Test
	void readsBackTheIdentityIdDefaultsAndGeneratedColumnsOfARecord() {
		Gadget inserted = this.template.insert(this.alpha, Gadget.named("Sprocket")).block(TIMEOUT);
		assertThat(inserted).isNotNull();
		assertThat(inserted.id()).isNotNull().isPositive();
		assertThat(inserted.tenantId()).isEqualTo(this.alpha.tenantId());
		assertThat(inserted.version()).isZero();
		assertThat(inserted.label()).isEqualTo("unlabelled");
		assertThat(inserted.nameKey()).isEqualTo("sprocket");
		StepVerifier.create(this.template.findById(this.alpha, Gadget.class, inserted.id()))
			.expectNext(inserted)
			.expectComplete()
			.verify(TIMEOUT);
		Gadget second = this.template.insert(this.alpha, Gadget.named("Cog").withId(0L)).block(TIMEOUT);
		assertThat(second).isNotNull();
		assertThat(second.id()).isGreaterThan(inserted.id());
	}

	@Test
	void neverWritesAReadOnlyProperty() {
		Gadget inserted = this.template.insert(this.alpha, Gadget.named("Widget").withNameKey("tampered"))
			.block(TIMEOUT);
		assertThat(inserted).isNotNull();
		assertThat(inserted.nameKey()).isEqualTo("widget");
		StepVerifier.create(this.template.update(this.alpha, inserted.withName("Gizmo").withNameKey("tampered")))
			.assertNext((updated) -> assertThat(updated.nameKey()).isEqualTo("gizmo"))
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void generatesTheUuidIdOfAMutableEntityInPlaceAndFillsItsUuidTenant() {
		Ticket ticket = new Ticket("leaky tap");
		Instant before = Instant.now().minusSeconds(60);
		Ticket inserted = this.template.insert(this.alpha, ticket).block(TIMEOUT);
		assertThat(inserted).isNotNull();
		assertThat(inserted.getId()).isNotNull();
		assertThat(ticket.getId()).as("id set on the given instance").isEqualTo(inserted.getId());
		assertThat(inserted.getTenantId()).isEqualTo(this.alpha.tenantId().value());
		assertThat(inserted.getVersion()).isZero();
		assertThat(inserted.getOpenedAt()).as("column default").isAfter(before);
		inserted.setTitle("dripping tap");
		Ticket updated = this.template.save(this.alpha, inserted).block(TIMEOUT);
		assertThat(updated).isNotNull();
		assertThat(updated.getTitle()).isEqualTo("dripping tap");
		assertThat(updated.getVersion()).isOne();
		assertThat(updated.getOpenedAt()).isEqualTo(inserted.getOpenedAt());
	}

	@Test
	void writesAGivenValueOverTheColumnDefault() {
		Ticket ticket = new Ticket("dated");
		Instant opened = Instant.parse("2020-02-29T12:00:00Z");
		ticket.setOpenedAt(opened);
		StepVerifier.create(this.template.insert(this.alpha, ticket))
			.assertNext((inserted) -> assertThat(inserted.getOpenedAt()).isEqualTo(opened))
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void refusesAUuidTenantPropertyNamingAnotherTenant() throws SQLException {
		Ticket ticket = new Ticket("foreign");
		ticket.setTenantId(this.beta.tenantId().value());
		StepVerifier.create(this.template.insert(this.alpha, ticket))
			.expectError(TenantMismatchException.class)
			.verify(TIMEOUT);
		assertThat(TestDatabases.rowsByTenant(this.db, "test_ticket").values()).containsOnly(0L);
	}

	@Test
	void persistableDecidesBetweenInsertAndUpdate() throws SQLException {
		UUID id = UUID.randomUUID();
		StepVerifier.create(this.template.save(this.alpha, Memo.create(id, this.alpha.tenantId(), "new")))
			.assertNext((memo) -> {
				assertThat(memo.getId()).isEqualTo(id);
				assertThat(memo.isNew()).isFalse();
			})
			.expectComplete()
			.verify(TIMEOUT);
		Memo stored = this.template.findById(this.alpha, Memo.class, id).block(TIMEOUT);
		assertThat(stored).isNotNull();
		StepVerifier.create(this.template.save(this.alpha, stored.withBody("updated")))
			.assertNext((memo) -> assertThat(memo.body()).isEqualTo("updated"))
			.expectComplete()
			.verify(TIMEOUT);
		// A memo that says it is new is inserted, whatever is stored already.
		StepVerifier.create(this.template.save(this.alpha, Memo.create(id, this.alpha.tenantId(), "again")))
			.expectError(DuplicateKeyException.class)
			.verify(TIMEOUT);
		assertThat(TestDatabases.queryAsTenant(this.db, this.alpha, "SELECT body FROM test_note"))
			.containsExactly(Map.of("body", "updated"));
	}

	@Test
	void owningTenantPropertyIsCheckedAndWrittenToTenantId() {
		UUID id = UUID.randomUUID();
		StepVerifier.create(this.template.insert(this.alpha, Memo.create(id, this.beta.tenantId(), "foreign")))
			.expectError(TenantMismatchException.class)
			.verify(TIMEOUT);
		StepVerifier.create(this.template.insert(this.alpha, Memo.create(id, this.alpha.tenantId(), "mine")))
			.assertNext((memo) -> assertThat(memo.owner()).isEqualTo(this.alpha.tenantId()))
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(this.template.findById(this.beta, Memo.class, id)).expectComplete().verify(TIMEOUT);
	}

	@Test
	void writesAndReadsAnEmbeddedValue() throws SQLException {
		Money price = new Money(new BigDecimal("12.50"), "EUR");
		Gadget priced = this.template.insert(this.alpha, Gadget.named("priced").withPrice(price)).block(TIMEOUT);
		Gadget free = this.template.insert(this.alpha, Gadget.named("free")).block(TIMEOUT);
		assertThat(priced).isNotNull();
		assertThat(free).isNotNull();
		assertThat(priced.price()).isEqualTo(price);
		assertThat(free.price()).isNull();
		assertThat(TestDatabases.queryAsTenant(this.db, this.alpha,
				"SELECT price_amount, price_currency FROM test_gadget WHERE name = 'priced'"))
			.containsExactly(Map.of("price_amount", new BigDecimal("12.50"), "price_currency", "EUR"));
		StepVerifier
			.create(this.template.select(this.alpha, Query.query(Criteria.where("price.currency").is("EUR")),
					Gadget.class))
			.expectNext(priced)
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void storesAnEnumThroughTheApplicationsConverters() throws SQLException {
		Gadget open = this.template.insert(this.alpha, Gadget.named("open").withStatus(Status.OPEN)).block(TIMEOUT);
		Gadget closed = this.template.insert(this.alpha, Gadget.named("closed").withStatus(Status.CLOSED))
			.block(TIMEOUT);
		assertThat(open).isNotNull();
		assertThat(closed).isNotNull();
		assertThat(TestDatabases.queryAsTenant(this.db, this.alpha, "SELECT status FROM test_gadget ORDER BY name"))
			.containsExactly(Map.of("status", "closed"), Map.of("status", "open"));
		StepVerifier
			.create(this.template.select(this.alpha, Query.query(Criteria.where("status").is(Status.CLOSED)),
					Gadget.class))
			.expectNext(closed)
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier
			.create(this.template.query(this.alpha,
					"SELECT * FROM test_gadget WHERE tenant_id = :tenant_id AND status = :status",
					Map.of("status", "open"), Gadget.class))
			.assertNext((gadget) -> assertThat(gadget.status()).isEqualTo(Status.OPEN))
			.expectComplete()
			.verify(TIMEOUT);
	}

}
