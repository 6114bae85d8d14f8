package io.tenancykit.web.resolution;

import java.util.Objects;

import io.tenancykit.api.TenantKey;
import io.tenancykit.api.TenantResolutionException;
import io.tenancykit.web.InvalidSettingException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.server.RequestPath;
import org.springframework.web.server.ServerWebExchange;

/**
 * Reads the tenant key from a path prefix such as {@code /t/{tenant}/…} and, once the
 * tenant is accepted, moves the prefix into the context path so that
 * {@code /t/acme/api/projects} is routed as {@code /api/projects}. The raw, still
 * percent-encoded segment must be a canonical key: encoded or matrix-parameter forms are
 * rejected.
 */
public final class PathPrefixTenantResolver implements TenantResolver {

	private final String prefix;

	/**
	 * Create a resolver.
	 * @param pathPrefix the literal prefix before the tenant segment, such as {@code /t};
	 * must start with {@code /} and not end with one
	 * @throws InvalidSettingException if the prefix is invalid
	 */
	public PathPrefixTenantResolver(String pathPrefix) {
		this.prefix = requirePathPrefix(pathPrefix) + "/";
	}

	static String requirePathPrefix(String pathPrefix) {
		Objects.requireNonNull(pathPrefix, "'pathPrefix' must not be null");
		boolean valid = pathPrefix.length() > 1 && pathPrefix.startsWith("/") && !pathPrefix.endsWith("/")
				&& !pathPrefix.contains("//");
		for (int i = 0; valid && i < pathPrefix.length(); i++) {
			char c = pathPrefix.charAt(i);
			valid = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '-'
					|| c == '_' || c == '.';
		}
		if (!valid) {
			throw new InvalidSettingException("pathPrefix", pathPrefix,
					"must start with '/', not end with '/' and contain only literal path segments");
		}
		return pathPrefix;
	}

	@Override
	public String source() {
		return TenantSource.PATH.sourceName();
	}

	@Override
	public Mono<TenantResolution> resolve(ServerWebExchange exchange) {
		return Mono.fromSupplier(() -> {
			String segment = tenantSegment(exchange.getRequest().getPath());
			if (segment == null) {
				return TenantResolution.notApplicable();
			}
			try {
				return TenantResolution.resolved(new TenantReference.ByKey(TenantKey.parse(segment)));
			}
			catch (TenantResolutionException.Malformed ex) {
				return TenantResolution.rejected(ex);
			}
		});
	}

	@Override
	public ServerWebExchange prepare(ServerWebExchange exchange) {
		RequestPath path = exchange.getRequest().getPath();
		String segment = tenantSegment(path);
		if (segment == null) {
			return exchange;
		}
		String contextPath = path.contextPath().value() + this.prefix + segment;
		return exchange.mutate().request((request) -> request.contextPath(contextPath)).build();
	}

	private @Nullable String tenantSegment(RequestPath path) {
		String within = path.pathWithinApplication().value();
		if (!within.startsWith(this.prefix)) {
			return null;
		}
		int start = this.prefix.length();
		int end = within.indexOf('/', start);
		return (end < 0) ? within.substring(start) : within.substring(start, end);
	}

}
