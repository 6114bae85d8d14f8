package io.tenancykit.persistence.repository;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import reactor.core.Fuseable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.mapping.callback.EntityCallback;
import org.springframework.data.mapping.callback.ReactiveEntityCallbacks;
import org.springframework.data.r2dbc.mapping.event.AfterConvertCallback;

/**
 * Spring Data's entity callbacks (auditing among them) as {@link TenantScopedTemplate}
 * runs them, or none.
 */
final class EntityCallbacks {

	/**
	 * Spring Data's own implementation, which finds callbacks by entity type and answers
	 * {@code Mono.just(entity)} when there is none.
	 */
	private static final String SPRING_DATA_CALLBACKS = "org.springframework.data.mapping.callback.DefaultReactiveEntityCallbacks";

	private final @Nullable ReactiveEntityCallbacks callbacks;

	private final boolean byType;

	/**
	 * The entity types found to have no {@link AfterConvertCallback}: their rows skip the
	 * look-up and the operator that would wait for it.
	 */
	private final Map<Class<?>, Boolean> withoutAfterConvert = new ConcurrentHashMap<>();

	EntityCallbacks(@Nullable ReactiveEntityCallbacks callbacks) {
		this.callbacks = callbacks;
		this.byType = callbacks != null && SPRING_DATA_CALLBACKS.equals(callbacks.getClass().getName());
	}

	// ReactiveEntityCallbacks takes the callback type as a raw class.
	@SuppressWarnings("rawtypes")
	<T> Mono<T> callback(Class<? extends EntityCallback> type, T entity, Object... arguments) {
		if (this.callbacks == null) {
			return Mono.just(entity);
		}
		return this.callbacks.callback(type, entity, arguments);
	}

	/**
	 * Run the {@link AfterConvertCallback}s of the entity type on every row. With Spring
	 * Data's implementation, a type whose first row came back as it went in (as
	 * {@code Mono.just}, so no callback) is remembered, and its rows pass through
	 * untouched from then on; Spring Data keeps the callbacks it found per type as well.
	 */
	<T> Flux<T> afterConvert(Flux<T> rows, TenantEntity<T> meta) {
		if (this.callbacks == null || this.withoutAfterConvert.containsKey(meta.type())) {
			return rows;
		}
		return rows.concatMap((row) -> {
			Mono<T> converted = callback(AfterConvertCallback.class, row, meta.table());
			if (this.byType && converted instanceof Fuseable.ScalarCallable<?> scalar && isSame(scalar, row)) {
				this.withoutAfterConvert.put(meta.type(), Boolean.TRUE);
			}
			return converted;
		});
	}

	private static boolean isSame(Fuseable.ScalarCallable<?> scalar, Object row) {
		try {
			return scalar.call() == row;
		}
		catch (Exception ex) {
			return false;
		}
	}

}
