package io.tenancykit.web.directory;

import java.util.function.Supplier;

import io.tenancykit.api.Tenant;
import io.tenancykit.api.TenantDirectory;
import io.tenancykit.api.TenantResolutionException;
import reactor.core.publisher.Mono;

/**
 * Makes {@link TenantDirectory} lookups fail closed: whatever a lookup signals besides a
 * tenant or nothing becomes {@link TenantResolutionException.DirectoryUnavailable}, so
 * the request is answered 503 rather than with a generic error. Nothing is logged here:
 * the exception carries its cause, and whoever answers the request logs it once (the
 * resolution filter's {@code Tenant resolution refused} WARN, with
 * {@link io.tenancykit.web.logging.FailureCauses}), never the key or id looked up.
 */
public final class DirectoryFailures {

	private DirectoryFailures() {
	}

	/**
	 * Run a lookup so that it fails closed.
	 * @param lookup starts the lookup, must not be {@literal null}; may throw
	 * @return the tenant, nothing, or
	 * {@link TenantResolutionException.DirectoryUnavailable}
	 */
	public static Mono<Tenant> failClosed(Supplier<Mono<Tenant>> lookup) {
		return Mono.defer(lookup).onErrorMap(DirectoryFailures::unavailable);
	}

	/**
	 * Return the failure of a lookup as
	 * {@link TenantResolutionException.DirectoryUnavailable} whose cause is the failure,
	 * unless it already was one.
	 * @param ex what the lookup signalled, must not be {@literal null}
	 * @return the failure to signal
	 */
	public static TenantResolutionException.DirectoryUnavailable unavailable(Throwable ex) {
		if (ex instanceof TenantResolutionException.DirectoryUnavailable unavailable) {
			return unavailable;
		}
		return new TenantResolutionException.DirectoryUnavailable(ex);
	}

}
