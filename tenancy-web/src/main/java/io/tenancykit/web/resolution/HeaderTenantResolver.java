package io.tenancykit.web.resolution;

import java.util.List;
import java.util.Objects;

import io.tenancykit.api.TenantResolutionException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;

/**
 * Reads the tenant from a request header, {@code X-Tenant-ID} by default. A header that
 * occurs more than once is rejected rather than guessed at.
 */
public final class HeaderTenantResolver implements TenantResolver {

	private final String headerName;

	private final TenantReferenceFormat format;

	/**
	 * Create a resolver.
	 * @param headerName the header name, must not be {@literal null}
	 * @param format the accepted form of the value, must not be {@literal null}
	 */
	public HeaderTenantResolver(String headerName, TenantReferenceFormat format) {
		this.headerName = Objects.requireNonNull(headerName, "'headerName' must not be null");
		this.format = Objects.requireNonNull(format, "'format' must not be null");
	}

	@Override
	public String source() {
		return TenantSource.HEADER.sourceName();
	}

	@Override
	public Mono<TenantResolution> resolve(ServerWebExchange exchange) {
		return Mono.fromSupplier(() -> resolve(exchange.getRequest().getHeaders().get(this.headerName)));
	}

	private TenantResolution resolve(@Nullable List<String> values) {
		if (values == null || values.isEmpty()) {
			return TenantResolution.notApplicable();
		}
		if (values.size() > 1) {
			int length = values.stream().mapToInt(String::length).sum();
			return TenantResolution
				.rejected(new TenantResolutionException.Malformed("tenant header occurs more than once", length));
		}
		try {
			return TenantResolution.resolved(TenantReference.parse(values.get(0), this.format));
		}
		catch (TenantResolutionException.Malformed ex) {
			return TenantResolution.rejected(ex);
		}
	}

}
