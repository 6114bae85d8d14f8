package io.tenancykit.web.bind;

import java.beans.PropertyEditorSupport;
import java.util.UUID;

import io.tenancykit.api.TenantId;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.support.WebBindingInitializer;

/**
 * Binds request values (path variables, parameters, headers) to {@link UUID} only from
 * the canonical 36-character form, hexadecimal digits in groups of 8-4-4-4-12, as
 * {@link TenantId#isCanonicalUuid(String)} accepts it. Spring's default
 * {@code UUIDEditor} trims the value and turns a blank one into {@literal null}, which a
 * WebFlux {@code @PathVariable} reports as a server error: {@code /projects/%20}, U+1680
 * or U+3000 would answer 500. With this editor every such value is a type mismatch, a
 * 400, and so is an empty value.
 * <p>
 * A custom editor rather than a {@code Converter}: Spring falls back to its default
 * editor when a converter refuses a value. {@link BindingInitializer}, set on the
 * {@code RequestMappingHandlerAdapter}, registers it for every annotated controller at no
 * cost per request beyond the editor; the {@link Registration} advice does the same where
 * the adapter cannot be reached, at the cost of an {@code @InitBinder} method prepared
 * and invoked by reflection for every request.
 */
public final class CanonicalUuidEditor extends PropertyEditorSupport {

	@Override
	public void setAsText(@Nullable String text) {
		if (text == null || !TenantId.isCanonicalUuid(text)) {
			// The value is not repeated: the message may reach a log.
			throw new IllegalArgumentException("not a canonical UUID");
		}
		setValue(UUID.fromString(text));
	}

	@Override
	public String getAsText() {
		Object value = getValue();
		return (value != null) ? value.toString() : "";
	}

	/**
	 * Registers a {@link CanonicalUuidEditor} for {@link UUID} on every data binder of
	 * annotated controllers, after what another initializer (usually Spring's
	 * {@code ConfigurableWebBindingInitializer}) registers; set it with
	 * {@code RequestMappingHandlerAdapter.setWebBindingInitializer}. Controllers' own
	 * {@code @InitBinder} methods run after it, so they can still register another editor
	 * for their {@link UUID} arguments.
	 */
	public static final class BindingInitializer implements WebBindingInitializer {

		private final @Nullable WebBindingInitializer delegate;

		/**
		 * Create an initializer.
		 * @param delegate the initializer to run first, may be {@literal null}
		 */
		public BindingInitializer(@Nullable WebBindingInitializer delegate) {
			this.delegate = delegate;
		}

		@Override
		public void initBinder(WebDataBinder binder) {
			if (this.delegate != null) {
				this.delegate.initBinder(binder);
			}
			binder.registerCustomEditor(UUID.class, new CanonicalUuidEditor());
		}

	}

	/**
	 * Registers a {@link CanonicalUuidEditor} for {@link UUID} on the data binder of
	 * every annotated controller; declare it as a bean. Prefer the
	 * {@link BindingInitializer}, which costs nothing per request.
	 */
	@ControllerAdvice
	public static final class Registration {

		/**
		 * Register the editor.
		 * @param binder the binder of a request
		 */
		@InitBinder
		public void registerCanonicalUuidEditor(WebDataBinder binder) {
			binder.registerCustomEditor(UUID.class, new CanonicalUuidEditor());
		}

	}

}
