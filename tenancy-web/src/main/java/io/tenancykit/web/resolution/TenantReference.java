package io.tenancykit.web.resolution;

import java.util.Objects;

import io.tenancykit.api.Tenant;
import io.tenancykit.api.TenantDirectory;
import io.tenancykit.api.TenantId;
import io.tenancykit.api.TenantKey;
import io.tenancykit.api.TenantResolutionException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A reference to a tenant as supplied by one source: either its public key or its
 * internal id. References are always canonical; parsing rejects everything else.
 */
public sealed interface TenantReference {

	/**
	 * Return whether the given tenant is the one referenced.
	 * @param tenant the tenant, must not be {@literal null}
	 * @return whether the key or id matches
	 */
	boolean refersTo(Tenant tenant);

	/**
	 * Look the referenced tenant up.
	 * @param directory the directory, must not be {@literal null}
	 * @return the tenant, or empty when the directory does not know it
	 */
	Mono<Tenant> lookUpIn(TenantDirectory directory);

	/**
	 * Parse untrusted input.
	 * @param text the input, may be {@literal null}
	 * @param format the accepted form, must not be {@literal null}
	 * @return the reference
	 * @throws TenantResolutionException.Malformed if the input is not canonical; the
	 * exception carries the input length only
	 */
	static TenantReference parse(@Nullable String text, TenantReferenceFormat format) {
		Objects.requireNonNull(format, "'format' must not be null");
		return switch (format) {
			case KEY -> new ByKey(TenantKey.parse(text));
			case ID -> new ById(TenantId.parse(text));
			case KEY_OR_ID -> (text != null && TenantId.isCanonicalUuid(text)) ? new ById(TenantId.parse(text))
					: new ByKey(TenantKey.parse(text));
		};
	}

	/**
	 * A reference by public key.
	 *
	 * @param key the key
	 */
	record ByKey(TenantKey key) implements TenantReference {

		public ByKey {
			Objects.requireNonNull(key, "'key' must not be null");
		}

		@Override
		public boolean refersTo(Tenant tenant) {
			return this.key.equals(tenant.key());
		}

		@Override
		public Mono<Tenant> lookUpIn(TenantDirectory directory) {
			return directory.findByKey(this.key);
		}

	}

	/**
	 * A reference by internal id.
	 *
	 * @param id the id
	 */
	record ById(TenantId id) implements TenantReference {

		public ById {
			Objects.requireNonNull(id, "'id' must not be null");
		}

		@Override
		public boolean refersTo(Tenant tenant) {
			return this.id.equals(tenant.id());
		}

		@Override
		public Mono<Tenant> lookUpIn(TenantDirectory directory) {
			return directory.findById(this.id);
		}

	}

}
