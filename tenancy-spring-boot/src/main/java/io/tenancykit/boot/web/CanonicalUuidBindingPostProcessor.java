package io.tenancykit.boot.web;

import io.tenancykit.web.bind.CanonicalUuidEditor;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerAdapter;

/**
 * Sets a {@link CanonicalUuidEditor.BindingInitializer} on every
 * {@link RequestMappingHandlerAdapter}, around the initializer WebFlux configured, so
 * that {@code UUID} arguments of annotated controllers bind only from the canonical form.
 * It replaces an {@code @InitBinder} advice, which WebFlux prepares by reflection for
 * every request (measured in docs/performance.md).
 */
final class CanonicalUuidBindingPostProcessor implements BeanPostProcessor {

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof RequestMappingHandlerAdapter adapter
				&& !(adapter.getWebBindingInitializer() instanceof CanonicalUuidEditor.BindingInitializer)) {
			adapter.setWebBindingInitializer(
					new CanonicalUuidEditor.BindingInitializer(adapter.getWebBindingInitializer()));
		}
		return bean;
	}

}
