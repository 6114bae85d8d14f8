package io.tenancykit.web.json;

import io.tenancykit.api.TenantContext;
import io.tenancykit.api.TenantId;
import io.tenancykit.api.TenantKey;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;
import tools.jackson.databind.ser.std.ToStringSerializer;

/**
 * Jackson 3 module that writes the kit's value types as plain JSON strings and reads them
 * back: a {@link TenantId} as its canonical UUID ({@code "tenantId":"5f0c…"}) and a
 * {@link TenantKey} as the key ({@code "tenantKey":"acme"}), instead of records with a
 * {@code value} property. A string that is not a canonical UUID or lowercase DNS label is
 * refused as an invalid value. A {@link TenantContext} never crosses the wire: writing or
 * reading one fails as a bad definition, so a handler cannot hand it to a client, nor a
 * client forge one, by mistake (write its {@code tenantId()} or {@code tenantKey()} when
 * a response must name the tenant).
 * <p>
 * Registered through {@code META-INF/services/tools.jackson.databind.JacksonModule}, so
 * Spring Boot's {@code JsonMapper} (with {@code spring.jackson.find-and-add-modules}, on
 * by default) and any {@code JsonMapper.builder().findAndAddModules()} pick it up.
 */
public final class TenancyJacksonModule extends SimpleModule {

	private static final long serialVersionUID = 1L;

	/**
	 * Create the module.
	 */
	public TenancyJacksonModule() {
		super(TenancyJacksonModule.class.getName());
		addSerializer(TenantId.class, ToStringSerializer.instance);
		addSerializer(TenantKey.class, ToStringSerializer.instance);
		addDeserializer(TenantId.class, new TenantIdDeserializer());
		addDeserializer(TenantKey.class, new TenantKeyDeserializer());
		addSerializer(TenantContext.class, new RefusingSerializer());
		addDeserializer(TenantContext.class, new RefusingDeserializer());
	}

	private static final class TenantIdDeserializer extends StdScalarDeserializer<TenantId> {

		TenantIdDeserializer() {
			super(TenantId.class);
		}

		@Override
		public TenantId deserialize(JsonParser parser, DeserializationContext context) {
			String text = text(parser, context, TenantId.class);
			if (!TenantId.isCanonicalUuid(text)) {
				throw context.weirdStringException(text, TenantId.class, "not a canonical UUID");
			}
			return TenantId.parse(text);
		}

	}

	private static final class TenantKeyDeserializer extends StdScalarDeserializer<TenantKey> {

		TenantKeyDeserializer() {
			super(TenantKey.class);
		}

		@Override
		public TenantKey deserialize(JsonParser parser, DeserializationContext context) {
			String text = text(parser, context, TenantKey.class);
			if (!TenantKey.isCanonical(text)) {
				throw context.weirdStringException(text, TenantKey.class, "not a lowercase DNS label");
			}
			return new TenantKey(text);
		}

	}

	private static final String CONTEXT_STAYS = "a TenantContext never leaves the server: write its tenantId() or"
			+ " tenantKey() instead, and let the resolution filter produce contexts from requests";

	private static final class RefusingSerializer extends StdSerializer<TenantContext> {

		RefusingSerializer() {
			super(TenantContext.class);
		}

		@Override
		public void serialize(TenantContext value, JsonGenerator generator, SerializationContext context) {
			context.reportBadDefinition(TenantContext.class, CONTEXT_STAYS);
		}

	}

	private static final class RefusingDeserializer extends StdDeserializer<TenantContext> {

		RefusingDeserializer() {
			super(TenantContext.class);
		}

		@Override
		public TenantContext deserialize(JsonParser parser, DeserializationContext context) {
			return context.reportBadDefinition(TenantContext.class, CONTEXT_STAYS);
		}

	}

	private static String text(JsonParser parser, DeserializationContext context, Class<?> type) {
		if (!parser.hasToken(JsonToken.VALUE_STRING)) {
			return (String) context.handleUnexpectedToken(type, parser);
		}
		return parser.getString();
	}

}
