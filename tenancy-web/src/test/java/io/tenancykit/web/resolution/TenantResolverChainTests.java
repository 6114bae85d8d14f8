package io.tenancykit.web.resolution;

import java.util.List;

import io.tenancykit.api.Tenant;
import io.tenancykit.api.TenantResolutionException;
import io.tenancykit.web.InvalidSettingException;
import io.tenancykit.web.metrics.TenantResolutionMetrics;
import io.tenancykit.web.testsupport.InMemoryTenantDirectory;
import io.tenancykit.web.testsupport.Problems;
import io.tenancykit.web.testsupport.TestApplication;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Chain composition, order and conflicts between client-supplied sources.
 */
class TenantResolverChainTests {

	private final InMemoryTenantDirectory directory = new InMemoryTenantDirectory();

	private final Tenant acme = this.directory.add("acme");

	private final Tenant globex = this.directory.add("globex");

	private TestApplication application(List<TenantSource> chain) {
		return new TestApplication(this.directory,
				TenantResolutionSettings.defaults()
					.withBaseDomains(List.of("example.com"))
					.withHeaderFormat(TenantReferenceFormat.KEY_OR_ID)
					.withChain(chain));
	}

	private final WebTestClient client = application(
			List.of(TenantSource.HEADER, TenantSource.SUBDOMAIN, TenantSource.PATH))
		.client();

	@Test
	void buildsBuiltInResolversInConfiguredOrder() {
		TenantResolverChain chain = TenantResolverChain.fromSettings(TenantResolutionSettings.defaults()
			.withBaseDomains(List.of("example.com"))
			.withChain(List.of(TenantSource.PATH, TenantSource.SUBDOMAIN, TenantSource.CLAIM, TenantSource.HEADER)));
		assertThat(chain.resolvers()).extracting(TenantResolver::source)
			.containsExactly("path", "subdomain", "claim", "header");
	}

	@Test
	void leavesOutSubdomainWithoutBaseDomains() {
		TenantResolverChain chain = TenantResolverChain.fromSettings(TenantResolutionSettings.defaults());
		assertThat(chain.resolvers()).extracting(TenantResolver::source).containsExactly("claim", "header");
	}

	@Test
	void refusesAChainOfSourcesThatCanNeverApply() {
		TenantResolutionSettings subdomainOnly = TenantResolutionSettings.defaults()
			.withChain(List.of(TenantSource.SUBDOMAIN));
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> TenantResolverChain.fromSettings(subdomainOnly))
			.satisfies((ex) -> assertThat(ex.getSetting()).isEqualTo("chain"))
			.satisfies((ex) -> assertThat(ex.getReason()).startsWith("names no source that can apply"));
		TenantResolutionSettings claimOnly = TenantResolutionSettings.defaults().withChain(List.of(TenantSource.CLAIM));
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> TenantResolverChain.fromSettings(claimOnly, null))
			.satisfies((ex) -> assertThat(ex.getSetting()).isEqualTo("chain"));
	}

	@Test
	void usesTheGivenClaimResolverForTheClaimSource() {
		ClaimTenantResolver claims = new ClaimTenantResolver("org", TenantReferenceFormat.KEY,
				(principal, name) -> null);
		assertThat(TenantResolverChain.fromSettings(TenantResolutionSettings.defaults(), claims).resolvers()).first()
			.isSameAs(claims);
	}

	@Test
	void rejectsEmptyChain() {
		assertThatIllegalArgumentException().isThrownBy(() -> TenantResolverChain.of(List.of()))
			.withMessageContaining("'resolvers'");
	}

	@Test
	void agreeingSourcesAreServed() {
		this.client.get()
			.uri("/t/acme/api/projects")
			.header("X-Tenant-ID", "acme")
			.header("Host", "acme.example.com")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("acme|" + this.acme.id() + "|/api/projects");
	}

	@Test
	void disagreeingSourcesConflict() {
		Problems.assertProblem(this.client.get()
			.uri("/api/projects")
			.header("X-Tenant-ID", "acme")
			.header("Host", "globex.example.com")
			.exchange()
			.expectStatus()
			.isBadRequest(), TenantResolutionException.Conflicting.CODE);
		Problems.assertProblem(this.client.get().uri("/t/globex/api/projects").header("X-Tenant-ID", "acme").exchange(),
				TenantResolutionException.Conflicting.CODE);
		assertThat(this.directory.totalCalls()).as("same-kind disagreement needs no lookup").isZero();
	}

	@Test
	void disagreementBetweenIdAndKeyIsFoundAfterLookup() {
		Problems.assertProblem(this.client.get()
			.uri("/api/projects")
			.header("X-Tenant-ID", this.acme.id().toString())
			.header("Host", "globex.example.com")
			.exchange(), TenantResolutionException.Conflicting.CODE);
		this.client.get()
			.uri("/api/projects")
			.header("X-Tenant-ID", this.globex.id().toString())
			.header("Host", "globex.example.com")
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void anyRejectedSourceFailsTheRequest() {
		Problems.assertProblem(this.client.get()
			.uri("/api/projects")
			.header("X-Tenant-ID", "acme")
			.header("Host", "ACME.example.com")
			.exchange(), TenantResolutionException.Malformed.CODE);
	}

	@Test
	void firstSourceInChainNamesTheTenant() {
		TestApplication headerFirst = application(List.of(TenantSource.HEADER, TenantSource.SUBDOMAIN));
		TestApplication subdomainFirst = application(List.of(TenantSource.SUBDOMAIN, TenantSource.HEADER));
		for (TestApplication application : List.of(headerFirst, subdomainFirst)) {
			application.client()
				.get()
				.uri("/api/projects")
				.header("X-Tenant-ID", "acme")
				.header("Host", "acme.example.com")
				.exchange()
				.expectStatus()
				.isOk();
		}
		assertThat(TenantResolutionWebFilterTests.count(headerFirst.registry(), "resolved", "header")).isEqualTo(1);
		assertThat(TenantResolutionWebFilterTests.count(subdomainFirst.registry(), "resolved", "subdomain"))
			.isEqualTo(1);
	}

	@Test
	void firstRejectionInChainIsReported() {
		TestApplication headerFirst = application(List.of(TenantSource.HEADER, TenantSource.SUBDOMAIN));
		headerFirst.client()
			.get()
			.uri("/api/projects")
			.header("X-Tenant-ID", "ACME")
			.header("Host", "x.acme.example.com")
			.exchange()
			.expectStatus()
			.isBadRequest();
		assertThat(TenantResolutionWebFilterTests.count(headerFirst.registry(), "malformed", "header")).isEqualTo(1);
	}

	@Test
	void acceptsCustomResolvers() {
		TenantResolver query = new TenantResolver() {

			@Override
			public String source() {
				return "query";
			}

			@Override
			public Mono<TenantResolution> resolve(org.springframework.web.server.ServerWebExchange exchange) {
				String value = exchange.getRequest().getQueryParams().getFirst("tenant");
				return Mono.just((value != null)
						? TenantResolution.resolved(TenantReference.parse(value, TenantReferenceFormat.KEY))
						: TenantResolution.notApplicable());
			}

		};
		TenantResolutionSettings settings = TenantResolutionSettings.defaults();
		TenantResolutionWebFilter filter = new TenantResolutionWebFilter(this.directory, settings,
				TenantResolverChain
					.of(List.of(query, new HeaderTenantResolver("X-Tenant-ID", TenantReferenceFormat.KEY))),
				TenantResolutionMetrics.disabled());
		WebTestClient custom = WebTestClient.bindToRouterFunction(TestApplication.routes(java.time.Duration.ZERO))
			.webFilter(filter)
			.build();
		custom.get().uri("/api/projects?tenant=globex").exchange().expectStatus().isOk();
		Problems.assertProblem(custom.get().uri("/api/projects?tenant=globex").header("X-Tenant-ID", "acme").exchange(),
				TenantResolutionException.Conflicting.CODE);
	}

}
