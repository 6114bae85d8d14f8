package io.tenancykit.api;

import java.util.Objects;

/**
 * The tenant a unit of work is performed for. It is the explicit first argument of every
 * tenant-scoped call; the kit never keeps it in static, thread-local or Reactor-context
 * state.
 * <p>
 * A context can only be created from a resolved {@link TenantStatus#ACTIVE active}
 * tenant, so holding one proves that the tenant was looked up and may be served. Its
 * {@link #toString()} is safe to log.
 */
public final class TenantContext {

	private final TenantId id;

	private final TenantKey key;

	private TenantContext(TenantId id, TenantKey key) {
		this.id = id;
		this.key = key;
	}

	/**
	 * Create the context for a resolved tenant.
	 * @param tenant the tenant, must not be {@literal null}
	 * @return the context
	 * @throws TenantResolutionException.Suspended if the tenant is not active
	 */
	public static TenantContext of(Tenant tenant) {
		Objects.requireNonNull(tenant, "'tenant' must not be null");
		if (!tenant.isActive()) {
			throw new TenantResolutionException.Suspended();
		}
		return new TenantContext(tenant.id(), tenant.key());
	}

	/**
	 * Return the internal tenant id, the value bound to every {@code tenant_id}
	 * predicate.
	 * @return the tenant id
	 */
	public TenantId tenantId() {
		return this.id;
	}

	/**
	 * Return the public tenant key.
	 * @return the tenant key
	 */
	public TenantKey tenantKey() {
		return this.key;
	}

	@Override
	public boolean equals(Object obj) {
		if (this == obj) {
			return true;
		}
		return obj instanceof TenantContext other && this.id.equals(other.id) && this.key.equals(other.key);
	}

	@Override
	public int hashCode() {
		return this.id.hashCode();
	}

	@Override
	public String toString() {
		return "TenantContext[id=" + this.id + ", key=" + this.key + "]";
	}

}
