package io.tenancykit.persistence.repository;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.tenancykit.api.TenantId;
import io.tenancykit.persistence.rls.RowLevelSecurity;
import io.tenancykit.persistence.support.Note;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.mapping.callback.EntityCallback;
import org.springframework.data.mapping.callback.ReactiveEntityCallbacks;
import org.springframework.data.r2dbc.mapping.event.AfterConvertCallback;
import org.springframework.data.relational.core.sql.SqlIdentifier;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link EntityCallbacks} runs every {@link AfterConvertCallback} on every row, and lets
 * the rows of a type without one pass untouched once Spring Data has said there is none.
 */
class EntityCallbacksTests {

	private static final TenantId TENANT = new TenantId(UUID.randomUUID());

	private final TenantEntity<Note> meta = TenantScopedTemplate
		.create(DatabaseClient.create(new RenderedSelectsTests.NoDatabase()), RowLevelSecurity.DISABLED)
		.entity(Note.class);

	@Test
	void rowsOfATypeWithoutCallbacksPassUntouchedOnceSpringDataHasFoundNone() {
		EntityCallbacks callbacks = new EntityCallbacks(ReactiveEntityCallbacks.create());
		List<Note> notes = notes(3);
		Flux<Note> first = Flux.fromIterable(notes);
		assertThat(callbacks.afterConvert(first, this.meta).collectList().block()).isEqualTo(notes);
		Flux<Note> second = Flux.fromIterable(notes);
		assertThat(callbacks.afterConvert(second, this.meta)).isSameAs(second);
	}

	@Test
	void everyRowOfATypeWithACallbackGoesThroughIt() {
		ReactiveEntityCallbacks spring = ReactiveEntityCallbacks.create();
		AtomicInteger calls = new AtomicInteger();
		spring.addEntityCallback(new AfterConvertCallback<Note>() {

			@Override
			public Publisher<Note> onAfterConvert(Note entity, SqlIdentifier table) {
				calls.incrementAndGet();
				return Mono.just(entity.withBody(entity.body() + " converted"));
			}

		});
		EntityCallbacks callbacks = new EntityCallbacks(spring);
		for (int round = 0; round < 3; round++) {
			List<Note> converted = callbacks.afterConvert(Flux.fromIterable(notes(2)), this.meta).collectList().block();
			assertThat(converted).extracting(Note::body).containsExactly("note 0 converted", "note 1 converted");
		}
		assertThat(calls).hasValue(6);
	}

	@Test
	void anotherImplementationIsAskedForEveryRow() {
		AtomicInteger calls = new AtomicInteger();
		ReactiveEntityCallbacks own = new ReactiveEntityCallbacks() {

			@Override
			public void addEntityCallback(EntityCallback<?> callback) {
			}

			// ReactiveEntityCallbacks declares the callback type as a raw class.
			@Override
			@SuppressWarnings("rawtypes")
			public <T> Mono<T> callback(Class<? extends EntityCallback> callbackType, T entity, Object... args) {
				// Answers as Spring Data does when there is none, but has work of its
				// own.
				calls.incrementAndGet();
				return Mono.just(entity);
			}

		};
		EntityCallbacks callbacks = new EntityCallbacks(own);
		for (int round = 0; round < 3; round++) {
			callbacks.afterConvert(Flux.fromIterable(notes(2)), this.meta).blockLast();
		}
		assertThat(calls).hasValue(6);
	}

	private static List<Note> notes(int count) {
		return IntStream.range(0, count).mapToObj((i) -> Note.of(TENANT, UUID.randomUUID(), "note " + i)).toList();
	}

}
