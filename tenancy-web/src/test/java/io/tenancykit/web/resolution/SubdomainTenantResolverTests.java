package io.tenancykit.web.resolution;

import java.util.List;

import io.tenancykit.api.Tenant;
import io.tenancykit.api.TenantResolutionException;
import io.tenancykit.web.testsupport.InMemoryTenantDirectory;
import io.tenancykit.web.testsupport.Problems;
import io.tenancykit.web.testsupport.TestApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The subdomain source, through the filter.
 */
class SubdomainTenantResolverTests {

	private final InMemoryTenantDirectory directory = new InMemoryTenantDirectory();

	private final Tenant acme = this.directory.add("acme");

	private final Tenant globex = this.directory.add("globex");

	private final WebTestClient client = client(HostSource.HOST);

	private WebTestClient client(HostSource hostSource) {
		return new TestApplication(this.directory,
				TenantResolutionSettings.defaults()
					.withBaseDomains(List.of("example.com", "eu.example.com"))
					.withHostSource(hostSource))
			.client();
	}

	private void expectTenant(WebTestClient.ResponseSpec response, Tenant tenant) {
		response.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo(tenant.key() + "|" + tenant.id() + "|/api/projects");
	}

	@ParameterizedTest
	@ValueSource(strings = { "acme.example.com", "acme.example.com:8443", "acme.example.com.", "acme.example.com.:80",
			"acme.EXAMPLE.com", "acme.eu.example.com" })
	void resolvesFirstLabelUnderBaseDomain(String host) {
		expectTenant(this.client.get().uri("/api/projects").header("Host", host).exchange(), this.acme);
	}

	@Test
	void fallsBackToTheRequestUriHost() {
		expectTenant(this.client.get().uri("http://globex.example.com/api/projects").exchange(), this.globex);
	}

	@ParameterizedTest
	@ValueSource(strings = { "example.com", "eu.example.com", "acme.example.org", "localhost", "127.0.0.1",
			"[::1]:8080", "acmeexample.com", "acme.\u212aexample.com" })
	void doesNotApplyOutsideTheBaseDomains(String host) {
		Problems.assertProblem(this.client.get().uri("/api/projects").header("Host", host).exchange(),
				TenantResolutionException.Missing.CODE);
	}

	@ParameterizedTest
	@ValueSource(strings = { "ACME.example.com", "x.acme.example.com", "xn--acme.example.com", "acme.example.com:x",
			"acme.example.com:", "acme.example.com:123456", " acme.example.com", "ac_me.example.com", ".example.com" })
	void refusesNonCanonicalLabelAsMalformed(String host) {
		Problems.assertProblem(this.client.get().uri("/api/projects").header("Host", host).exchange(),
				TenantResolutionException.Malformed.CODE);
	}

	@Test
	void refusesRepeatedHostHeaderAsMalformed() {
		Problems.assertProblem(this.client.get()
			.uri("/api/projects")
			.header("Host", "acme.example.com", "acme.example.com")
			.exchange(), TenantResolutionException.Malformed.CODE);
	}

	@Test
	void ignoresForwardedHeadersUnlessTrusted() {
		expectTenant(this.client.get()
			.uri("/api/projects")
			.header("Host", "acme.example.com")
			.header("X-Forwarded-Host", "globex.example.com")
			.header("Forwarded", "host=globex.example.com")
			.exchange(), this.acme);
	}

	@Test
	void readsXForwardedHostWhenTrusted() {
		WebTestClient trusting = client(HostSource.X_FORWARDED_HOST);
		expectTenant(trusting.get()
			.uri("/api/projects")
			.header("Host", "internal.local")
			.header("X-Forwarded-Host", "globex.example.com, proxy.example.net")
			.exchange(), this.globex);
		expectTenant(trusting.get().uri("/api/projects").header("Host", "acme.example.com").exchange(), this.acme);
	}

	@Test
	void readsForwardedHostWhenTrusted() {
		WebTestClient trusting = client(HostSource.FORWARDED);
		expectTenant(trusting.get()
			.uri("/api/projects")
			.header("Host", "internal.local")
			.header("Forwarded", "for=192.0.2.60;proto=https;host=\"globex.example.com:443\", for=198.51.100.17")
			.exchange(), this.globex);
	}

}
