package io.tenancykit.web.resolution;

import java.net.URI;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The path prefix source, through the filter, including the stripping of the prefix
 * before routing.
 */
class PathPrefixTenantResolverTests {

	private final InMemoryTenantDirectory directory = new InMemoryTenantDirectory();

	private final Tenant acme = this.directory.add("acme");

	private final WebTestClient client = client("/t");

	private WebTestClient client(String prefix) {
		return new TestApplication(this.directory,
				TenantResolutionSettings.defaults().withChain(List.of(TenantSource.PATH)).withPathPrefix(prefix))
			.client();
	}

	@Test
	void stripsPrefixSoTheRequestIsRoutedWithoutIt() {
		this.client.get()
			.uri("/t/acme/api/projects")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("acme|" + this.acme.id() + "|/api/projects");
		this.client.get()
			.uri("/t/acme/api/projects/42")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("acme|" + this.acme.id() + "|/api/projects/42");
	}

	@Test
	void prefixIsConfigurable() {
		WebTestClient custom = client("/tenants");
		custom.get()
			.uri("/tenants/acme/api/projects")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("acme|" + this.acme.id() + "|/api/projects");
		Problems.assertProblem(custom.get().uri("/t/acme/api/projects").exchange(),
				TenantResolutionException.Missing.CODE);
	}

	@Test
	void unprefixedPathIsMissingTenant() {
		Problems.assertProblem(this.client.get().uri("/api/projects").exchange(),
				TenantResolutionException.Missing.CODE);
	}

	@Test
	void excludedPathsAreMatchedBeforeStripping() {
		this.client.get().uri("/actuator/health").exchange().expectStatus().isOk();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/t/ACME/api/projects", "/t/ac%6De/api/projects", "/t//api/projects",
			"/t/acme;v=1/api/projects", "/t/%00/api/projects", "/t/acme%00/api/projects", "/t/../api/projects",
			"/t/xn--acme/api/projects", "/t/%E2%84%AAcme/api/projects" })
	void refusesNonCanonicalSegmentAsMalformed(String path) {
		String body = Problems.assertProblem(this.client.get().uri(URI.create("http://localhost" + path)).exchange(),
				TenantResolutionException.Malformed.CODE);
		assertThat(body).doesNotContain("acme").doesNotContain("%");
	}

	@Test
	void unknownTenantInPathIsNotFound() {
		Problems.assertProblem(this.client.get().uri("/t/umbrella/api/projects").exchange(),
				TenantResolutionException.Unknown.CODE);
	}

}
