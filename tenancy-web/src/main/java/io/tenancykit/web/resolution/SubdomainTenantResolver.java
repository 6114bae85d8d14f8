package io.tenancykit.web.resolution;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import io.tenancykit.api.TenantKey;
import io.tenancykit.api.TenantResolutionException;
import io.tenancykit.web.InvalidSettingException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.StringUtils;
import org.springframework.web.server.ServerWebExchange;

/**
 * Reads the tenant key from the first label of the host name under one of the configured
 * base domains: {@code acme.example.com} is tenant {@code acme} for base domain
 * {@code example.com}. The port and one trailing dot are ignored; the base domain is
 * compared case-insensitively (ASCII only) and the label must be a canonical key. Hosts
 * outside the base domains, the base domain itself and IP literals do not apply; deeper
 * subdomains are rejected. Forwarded headers are read only when configured through
 * {@link HostSource}.
 */
public final class SubdomainTenantResolver implements TenantResolver {

	private static final int MAX_PORT_DIGITS = 5;

	private final List<String> baseDomains;

	private final HostSource hostSource;

	/**
	 * Create a resolver.
	 * @param baseDomains the base domains, ASCII domain names, must not be
	 * {@literal null}
	 * @param hostSource where the client-facing host name is read, must not be
	 * {@literal null}
	 * @throws InvalidSettingException if a base domain is invalid
	 */
	public SubdomainTenantResolver(List<String> baseDomains, HostSource hostSource) {
		// Longest first, so that acme.eu.example.com matches eu.example.com before
		// example.com.
		this.baseDomains = normalizeBaseDomains(baseDomains).stream()
			.sorted(Comparator.comparingInt(String::length).reversed())
			.toList();
		this.hostSource = Objects.requireNonNull(hostSource, "'hostSource' must not be null");
	}

	/**
	 * Lower-case the base domains and remove one trailing dot from each.
	 */
	static List<String> normalizeBaseDomains(List<String> baseDomains) {
		Objects.requireNonNull(baseDomains, "'baseDomains' must not be null");
		return baseDomains.stream().map(SubdomainTenantResolver::normalizeBaseDomain).toList();
	}

	private static String normalizeBaseDomain(String baseDomain) {
		Objects.requireNonNull(baseDomain, "'baseDomains' must not contain null");
		String domain = baseDomain.toLowerCase(Locale.ROOT);
		if (domain.endsWith(".")) {
			domain = domain.substring(0, domain.length() - 1);
		}
		boolean valid = !domain.isEmpty() && !domain.startsWith(".") && !domain.endsWith(".") && !domain.contains("..");
		for (int i = 0; valid && i < domain.length(); i++) {
			char c = domain.charAt(i);
			valid = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
		}
		if (!valid) {
			throw new InvalidSettingException("baseDomains", baseDomain, "must contain ASCII domain names only");
		}
		return domain;
	}

	@Override
	public String source() {
		return TenantSource.SUBDOMAIN.sourceName();
	}

	@Override
	public Mono<TenantResolution> resolve(ServerWebExchange exchange) {
		return Mono.fromSupplier(() -> resolve(exchange.getRequest()));
	}

	private TenantResolution resolve(ServerHttpRequest request) {
		HttpHeaders headers = request.getHeaders();
		String host = switch (this.hostSource) {
			case HOST -> null;
			case X_FORWARDED_HOST -> firstListElement(headers.getFirst("X-Forwarded-Host"));
			case FORWARDED -> forwardedHost(headers.getFirst("Forwarded"));
		};
		if (host == null) {
			List<String> hosts = headers.get(HttpHeaders.HOST);
			if (hosts != null && hosts.size() > 1) {
				return malformed("host header occurs more than once", hosts.stream().mapToInt(String::length).sum());
			}
			host = (hosts != null && !hosts.isEmpty()) ? hosts.get(0) : request.getURI().getHost();
		}
		return (host != null) ? resolve(host) : TenantResolution.notApplicable();
	}

	private TenantResolution resolve(String authority) {
		if (authority.startsWith("[")) {
			return TenantResolution.notApplicable();
		}
		String host = authority;
		int colon = host.lastIndexOf(':');
		if (colon >= 0) {
			if (!isPort(host.substring(colon + 1))) {
				return malformed("host has an invalid port", authority.length());
			}
			host = host.substring(0, colon);
		}
		if (host.endsWith(".")) {
			host = host.substring(0, host.length() - 1);
		}
		for (String baseDomain : this.baseDomains) {
			if (host.length() == baseDomain.length() && asciiEqualsIgnoreCase(host, 0, baseDomain)) {
				return TenantResolution.notApplicable();
			}
		}
		for (String baseDomain : this.baseDomains) {
			int labelEnd = host.length() - baseDomain.length() - 1;
			if (labelEnd >= 0 && host.charAt(labelEnd) == '.'
					&& asciiEqualsIgnoreCase(host, labelEnd + 1, baseDomain)) {
				String label = host.substring(0, labelEnd);
				if (label.indexOf('.') >= 0) {
					return malformed("host is nested below the tenant label", authority.length());
				}
				try {
					return TenantResolution.resolved(new TenantReference.ByKey(TenantKey.parse(label)));
				}
				catch (TenantResolutionException.Malformed ex) {
					return TenantResolution.rejected(ex);
				}
			}
		}
		return TenantResolution.notApplicable();
	}

	private static boolean isPort(String port) {
		if (port.isEmpty() || port.length() > MAX_PORT_DIGITS) {
			return false;
		}
		for (int i = 0; i < port.length(); i++) {
			char c = port.charAt(i);
			if (c < '0' || c > '9') {
				return false;
			}
		}
		return true;
	}

	private static boolean asciiEqualsIgnoreCase(String host, int offset, String lowercase) {
		for (int i = 0; i < lowercase.length(); i++) {
			char c = host.charAt(offset + i);
			if (c >= 'A' && c <= 'Z') {
				c = (char) (c + ('a' - 'A'));
			}
			if (c != lowercase.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	private static @Nullable String firstListElement(@Nullable String value) {
		if (value == null) {
			return null;
		}
		int comma = value.indexOf(',');
		String first = ((comma >= 0) ? value.substring(0, comma) : value).strip();
		return first.isEmpty() ? null : first;
	}

	private static @Nullable String forwardedHost(@Nullable String value) {
		String element = firstListElement(value);
		if (element == null) {
			return null;
		}
		for (String pair : StringUtils.delimitedListToStringArray(element, ";")) {
			String trimmed = pair.strip();
			int equals = trimmed.indexOf('=');
			if (equals > 0 && trimmed.substring(0, equals).equalsIgnoreCase("host")) {
				String host = trimmed.substring(equals + 1);
				if (host.length() >= 2 && host.startsWith("\"") && host.endsWith("\"")) {
					host = host.substring(1, host.length() - 1);
				}
				return host;
			}
		}
		return null;
	}

	private static TenantResolution malformed(String reason, int length) {
		return TenantResolution.rejected(new TenantResolutionException.Malformed(reason, length));
	}

}
