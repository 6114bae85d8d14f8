package io.tenancykit.persistence.repository;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.data.auditing.ReactiveIsNewAwareAuditingHandler;
import org.springframework.data.mapping.callback.ReactiveEntityCallbacks;
import org.springframework.data.r2dbc.convert.MappingR2dbcConverter;
import org.springframework.data.r2dbc.mapping.OutboundRow;
import org.springframework.data.r2dbc.mapping.event.AfterConvertCallback;
import org.springframework.data.r2dbc.mapping.event.AfterSaveCallback;
import org.springframework.data.r2dbc.mapping.event.BeforeConvertCallback;
import org.springframework.data.r2dbc.mapping.event.BeforeSaveCallback;
import org.springframework.data.r2dbc.mapping.event.ReactiveAuditingEntityCallback;
import org.springframework.data.relational.core.query.Query;
import org.springframework.data.relational.core.sql.SqlIdentifier;
import org.springframework.r2dbc.core.Parameter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Data's entity callbacks run as {@code R2dbcEntityTemplate} runs them, so
 * auditing works: {@code ReactiveAuditingEntityCallback} with a fixed clock.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
// OutboundRow is typed with the deprecated r2dbc Parameter, as in Spring Data itself.
@SuppressWarnings("deprecation")
class EntityCallbacksIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final Instant CREATED = Instant.parse("2026-01-02T03:04:05.123456Z");

	private static final Instant MODIFIED = Instant.parse("2026-03-04T05:06:07.654321Z");

	private final AtomicReference<Instant> now = new AtomicReference<>(CREATED);

	private final List<String> events = new CopyOnWriteArrayList<>();

	private PostgresDatabase db;

	@AutoClose
	private TenantFixture fixture;

	private TenantScopedTemplate template;

	private TenantContext alpha;

	@BeforeAll
	void setUp(PostgresDatabase db) throws SQLException {
		this.fixture = TenantFixture.open(db, 2);
		this.db = db;
		MappingR2dbcConverter converter = TestDatabases.converter();
		ReactiveIsNewAwareAuditingHandler auditing = ReactiveIsNewAwareAuditingHandler
			.from(converter.getMappingContext());
		auditing.setDateTimeProvider(() -> Optional.of(this.now.get()));
		ReactiveEntityCallbacks callbacks = ReactiveEntityCallbacks.create(
				new ReactiveAuditingEntityCallback(() -> auditing), new TrimTitle(), new UppercaseTitleOnSave(),
				new RecordAfterSave(), new RecordAfterConvert());
		this.template = this.fixture.template(this.fixture.pool(), RowLevelSecurity.ENABLED, converter, callbacks);
		this.alpha = this.fixture.alpha();
	}

	@BeforeEach
	void clean() throws SQLException {
		this.db.executeAsAdmin("DELETE FROM test_gadget; DELETE FROM test_ticket");
		this.now.set(CREATED);
		this.events.clear();
	}

	@Test
	void auditsCreationAndModificationWithTheAuditingCallback() {
		StepVerifier.create(this.template.insert(this.alpha, Gadget.named("audited"))).assertNext((gadget) -> {
			assertThat(gadget.createdAt()).isEqualTo(CREATED);
			assertThat(gadget.modifiedAt()).isEqualTo(CREATED);
		}).expectComplete().verify(TIMEOUT);
	}

	@Test
	void keepsTheInsertOnlyCreatedDateOnUpdate() throws SQLException {
		Gadget inserted = this.template.insert(this.alpha, Gadget.named("audited")).block(TIMEOUT);
		assertThat(inserted).isNotNull();
		this.now.set(MODIFIED);
		// The update carries no created date at all: the column must keep its value.
		StepVerifier.create(this.template.update(this.alpha, inserted.withName("changed").withCreatedAt(null)))
			.assertNext((gadget) -> {
				assertThat(gadget.name()).isEqualTo("changed");
				assertThat(gadget.createdAt()).isEqualTo(CREATED);
				assertThat(gadget.modifiedAt()).isEqualTo(MODIFIED);
			})
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(TestDatabases.queryAsTenant(this.db, this.alpha,
				"SELECT created_at = '2026-01-02T03:04:05.123456Z' AS kept FROM test_gadget"))
			.containsExactly(Map.of("kept", true));
	}

	@Test
	void runsEveryCallbackOnInsertUpdateAndRead() {
		Ticket inserted = this.template.insert(this.alpha, new Ticket("  padded  ")).block(TIMEOUT);
		assertThat(inserted).isNotNull();
		// BeforeConvert changed the entity, BeforeSave the row that is written.
		assertThat(inserted.getTitle()).isEqualTo("PADDED");
		assertThat(this.events).containsExactly("beforeConvert test_ticket", "beforeSave test_ticket",
				"afterSave test_ticket PADDED");
		this.events.clear();
		inserted.setTitle(" again ");
		StepVerifier.create(this.template.update(this.alpha, inserted))
			.assertNext((ticket) -> assertThat(ticket.getTitle()).isEqualTo("AGAIN"))
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(this.events).containsExactly("beforeConvert test_ticket", "beforeSave test_ticket",
				"afterSave test_ticket AGAIN");
		this.events.clear();
		StepVerifier.create(this.template.findById(this.alpha, Ticket.class, inserted.getId()))
			.assertNext((ticket) -> assertThat(ticket.getTitle()).isEqualTo("AGAIN"))
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(this.template.select(this.alpha, Query.empty(), Ticket.class).count())
			.expectNext(1L)
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier
			.create(this.template
				.query(this.alpha, "SELECT * FROM test_ticket WHERE tenant_id = :tenant_id", Map.of(), Ticket.class)
				.count())
			.expectNext(1L)
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(this.events).containsExactly("afterConvert test_ticket AGAIN", "afterConvert test_ticket AGAIN",
				"afterConvert test_ticket AGAIN");
	}

	private final class TrimTitle implements BeforeConvertCallback<Ticket> {

		@Override
		public Publisher<Ticket> onBeforeConvert(Ticket entity, SqlIdentifier table) {
			EntityCallbacksIntegrationTests.this.events.add("beforeConvert " + table.getReference());
			entity.setTitle(entity.getTitle().strip());
			return Mono.just(entity);
		}

	}

	private final class UppercaseTitleOnSave implements BeforeSaveCallback<Ticket> {

		@Override
		public Publisher<Ticket> onBeforeSave(Ticket entity, OutboundRow row, SqlIdentifier table) {
			EntityCallbacksIntegrationTests.this.events.add("beforeSave " + table.getReference());
			SqlIdentifier title = row.keySet()
				.stream()
				.filter((column) -> column.getReference().equals("title"))
				.findFirst()
				.orElseThrow();
			row.put(title, Parameter.from(entity.getTitle().toUpperCase(Locale.ROOT)));
			return Mono.just(entity);
		}

	}

	private final class RecordAfterSave implements AfterSaveCallback<Ticket> {

		@Override
		public Publisher<Ticket> onAfterSave(Ticket entity, OutboundRow row, SqlIdentifier table) {
			EntityCallbacksIntegrationTests.this.events
				.add("afterSave " + table.getReference() + " " + entity.getTitle());
			return Mono.just(entity);
		}

	}

	private final class RecordAfterConvert implements AfterConvertCallback<Ticket> {

		@Override
		public Publisher<Ticket> onAfterConvert(Ticket entity, SqlIdentifier table) {
			EntityCallbacksIntegrationTests.this.events
				.add("afterConvert " + table.getReference() + " " + entity.getTitle());
			return Mono.just(entity);
		}

	}

}
