package io.tenancykit.web.resolution;

import java.util.List;
import java.util.Objects;

import io.tenancykit.api.TenantResolutionException;
import io.tenancykit.web.InvalidSettingException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;

/**
 * Reads the tenant from a request header, {@code X-Tenant-ID} by default. A header that
 * occurs more than once is rejected rather than guessed at.
 */
public final class HeaderTenantResolver implements TenantResolver {

	private static final String TOKEN_SEPARATORS = "()<>@,;:\\\"/[]?={} \t";

	private final String headerName;

	private final TenantReferenceFormat format;

	/**
	 * Create a resolver.
	 * @param headerName the header name, must be a valid HTTP header name
	 * @param format the accepted form of the value, must not be {@literal null}
	 * @throws InvalidSettingException if the header name is invalid
	 */
	public HeaderTenantResolver(String headerName, TenantReferenceFormat format) {
		this.headerName = requireHeaderName(headerName);
		this.format = Objects.requireNonNull(format, "'format' must not be null");
	}

	static String requireHeaderName(String headerName) {
		Objects.requireNonNull(headerName, "'headerName' must not be null");
		boolean valid = !headerName.isEmpty();
		for (int i = 0; valid && i < headerName.length(); i++) {
			char c = headerName.charAt(i);
			valid = c > 0x20 && c < 0x7f && TOKEN_SEPARATORS.indexOf(c) < 0;
		}
		if (!valid) {
			throw new InvalidSettingException("headerName", headerName, "must be a valid HTTP header name");
		}
		return headerName;
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
