package io.tenancykit.persistence.repository;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.data.mapping.callback.EntityCallback;
import org.springframework.data.mapping.callback.ReactiveEntityCallbacks;

/**
 * Spring Data's entity callbacks (auditing among them) as {@link TenantScopedTemplate}
 * runs them, or none.
 */
final class EntityCallbacks {

	private final @Nullable ReactiveEntityCallbacks callbacks;

	EntityCallbacks(@Nullable ReactiveEntityCallbacks callbacks) {
		this.callbacks = callbacks;
	}

	// ReactiveEntityCallbacks takes the callback type as a raw class.
	@SuppressWarnings("rawtypes")
	<T> Mono<T> callback(Class<? extends EntityCallback> type, T entity, Object... arguments) {
		if (this.callbacks == null) {
			return Mono.just(entity);
		}
		return this.callbacks.callback(type, entity, arguments);
	}

}
