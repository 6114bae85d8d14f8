package io.tenancykit.test;

import java.util.Objects;
import java.util.function.Consumer;

import io.tenancykit.api.TenantContext;
import io.tenancykit.web.resolution.TenantReferenceFormat;
import io.tenancykit.web.resolution.TenantResolutionSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.ClassUtils;

/**
 * Makes {@link WebTestClient} requests as a tenant, by sending the tenant in the request
 * header the application resolves it from: the header name and format of the
 * application's {@link TenantResolutionSettings} (its key, or its id when the format is
 * {@code id}), or {@value TenantResolutionSettings#DEFAULT_HEADER_NAME} with the key when
 * the application has none. In a {@link PostgresTest @PostgresTest} Spring test it is a
 * bean of the application context:
 *
 * <pre class="code">
 * client.get().uri("/api/projects").headers(requests.asTenant(acme)).exchange();
 * WebTestClient asAcme = requests.asTenant(client, acme);
 * </pre>
 */
public final class TenantRequests {

	private final String headerName;

	private final boolean byId;

	private TenantRequests(String headerName, boolean byId) {
		this.headerName = headerName;
		this.byId = byId;
	}

	/**
	 * Send the tenant's key in the given header.
	 * @param headerName the header name; must not be blank
	 * @return the requests helper
	 */
	public static TenantRequests header(String headerName) {
		if (headerName == null || headerName.isBlank()) {
			throw new IllegalArgumentException("'headerName' must not be blank");
		}
		return new TenantRequests(headerName, false);
	}

	/**
	 * Send the tenant the way the given settings resolve it from a header.
	 * @param settings the application's resolution settings; must not be {@literal null}
	 * @return the requests helper
	 */
	public static TenantRequests using(TenantResolutionSettings settings) {
		Objects.requireNonNull(settings, "'settings' must not be null");
		return new TenantRequests(settings.headerName(), settings.headerFormat() == TenantReferenceFormat.ID);
	}

	/**
	 * Return a helper for the application whose beans are given: its
	 * {@link TenantResolutionSettings} if tenancy-web is there and it has them, else the
	 * default header with the key.
	 * @param beans the application's beans
	 * @return the requests helper
	 */
	static TenantRequests configuredIn(ListableBeanFactory beans) {
		if (ClassUtils.isPresent("io.tenancykit.web.resolution.TenantResolutionSettings",
				TenantRequests.class.getClassLoader())) {
			@Nullable TenantResolutionSettings settings = beans.getBeanProvider(TenantResolutionSettings.class).getIfAvailable();
			if (settings != null) {
				return using(settings);
			}
		}
		return header(TenantResolutionSettings.DEFAULT_HEADER_NAME);
	}

	/**
	 * Return the header of the given tenant, for
	 * {@code WebTestClient.RequestHeadersSpec#headers(Consumer)}.
	 * @param tenant the tenant; must not be {@literal null}
	 * @return a consumer setting the tenant header
	 */
	public Consumer<HttpHeaders> asTenant(TenantContext tenant) {
		Objects.requireNonNull(tenant, "'tenant' must not be null");
		String value = this.byId ? tenant.tenantId().toString() : tenant.tenantKey().value();
		return (headers) -> headers.set(this.headerName, value);
	}

	/**
	 * Return a copy of the client whose every request is made as the given tenant.
	 * @param client the client; must not be {@literal null}
	 * @param tenant the tenant; must not be {@literal null}
	 * @return the tenant's client
	 */
	public WebTestClient asTenant(WebTestClient client, TenantContext tenant) {
		return client.mutate().defaultHeaders(asTenant(tenant)).build();
	}

	/**
	 * Return the name of the header the tenant is sent in.
	 * @return the header name
	 */
	public String headerName() {
		return this.headerName;
	}

}
