package io.tenancykit.persistence.repository;

import java.util.List;
import java.util.UUID;

import io.tenancykit.api.TenantId;

import org.springframework.core.convert.converter.Converter;
import org.springframework.data.convert.ReadingConverter;
import org.springframework.data.convert.WritingConverter;
import org.springframework.data.r2dbc.convert.R2dbcCustomConversions;
import org.springframework.data.r2dbc.dialect.PostgresDialect;

/**
 * The Spring Data converters of the kit's value types: {@link TenantId} is stored as a
 * {@code uuid}. Spring Boot applications get them through the auto-configured
 * {@link R2dbcCustomConversions}; an application that declares its own conversions adds
 * {@link #converters()} to them.
 */
public final class TenantIdConverters {

	private TenantIdConverters() {
	}

	/**
	 * Return the kit's converters, to add to an application's
	 * {@link R2dbcCustomConversions}.
	 * @return the converters
	 */
	public static List<Object> converters() {
		return List.of(TenantIdToUuid.INSTANCE, UuidToTenantId.INSTANCE);
	}

	/**
	 * Return custom conversions for PostgreSQL with the kit's converters and the given
	 * application converters.
	 * @param converters the application's converters, must not be {@literal null}
	 * @return the conversions
	 */
	public static R2dbcCustomConversions conversions(List<?> converters) {
		List<Object> all = new java.util.ArrayList<>(converters());
		all.addAll(converters);
		return R2dbcCustomConversions.of(PostgresDialect.INSTANCE, all);
	}

	@WritingConverter
	enum TenantIdToUuid implements Converter<TenantId, UUID> {

		INSTANCE;

		@Override
		public UUID convert(TenantId source) {
			return source.value();
		}

	}

	@ReadingConverter
	enum UuidToTenantId implements Converter<UUID, TenantId> {

		INSTANCE;

		@Override
		public TenantId convert(UUID source) {
			return new TenantId(source);
		}

	}

}
