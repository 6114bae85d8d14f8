package io.tenancykit.web.resolution;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.tenancykit.api.Tenant;
import io.tenancykit.api.TenantResolutionException;
import io.tenancykit.web.metrics.TenantResolutionMetrics;
import io.tenancykit.web.testsupport.InMemoryTenantDirectory;
import io.tenancykit.web.testsupport.Problems;
import io.tenancykit.web.testsupport.TestApplication;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authenticated-claim source, and that a client-supplied tenant never overrides it.
 */
class ClaimTenantResolverTests {

	private final InMemoryTenantDirectory directory = new InMemoryTenantDirectory();

	private final Tenant acme = this.directory.add("acme");

	private final Tenant globex = this.directory.add("globex");

	private final TenantResolutionSettings settings = TenantResolutionSettings.defaults()
		.withBaseDomains(List.of("example.com"))
		.withChain(List.of(TenantSource.CLAIM, TenantSource.HEADER, TenantSource.SUBDOMAIN, TenantSource.PATH));

	static TestingAuthenticationToken jwt(Object tenantClaim) {
		Jwt jwt = Jwt.withTokenValue("token")
			.header("alg", "none")
			.subject("alice")
			.claim("tenant", tenantClaim)
			.build();
		return new TestingAuthenticationToken(jwt, null, AuthorityUtils.createAuthorityList("SCOPE_read"));
	}

	private WebTestClient client(Principal principal) {
		return new TestApplication(this.directory, this.settings, principal).client();
	}

	@Test
	void resolvesTenantKeyFromJwtClaim() {
		client(jwt("acme")).get()
			.uri("/api/projects")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("acme|" + this.acme.id() + "|/api/projects");
	}

	@Test
	void resolvesTenantIdFromJwtClaimAndAcceptsMatchingHeaderKey() {
		client(jwt(this.acme.id().toString())).get()
			.uri("/api/projects")
			.header("X-Tenant-ID", "acme")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("acme|" + this.acme.id() + "|/api/projects");
	}

	@Test
	void resolvesFromOAuth2PrincipalAttribute() {
		DefaultOAuth2AuthenticatedPrincipal principal = new DefaultOAuth2AuthenticatedPrincipal("alice",
				Map.of("tenant", "globex"), AuthorityUtils.createAuthorityList("SCOPE_read"));
		TestingAuthenticationToken authentication = new TestingAuthenticationToken(principal, null,
				principal.getAuthorities());
		client(authentication).get()
			.uri("/api/projects")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("globex|" + this.globex.id() + "|/api/projects");
	}

	@Test
	void ignoresUnauthenticatedPrincipal() {
		Jwt jwt = Jwt.withTokenValue("token").header("alg", "none").claim("tenant", "acme").build();
		TestingAuthenticationToken unauthenticated = new TestingAuthenticationToken(jwt, null);
		assertThat(unauthenticated.isAuthenticated()).isFalse();
		client(unauthenticated).get()
			.uri("/api/projects")
			.header("X-Tenant-ID", "globex")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("globex|" + this.globex.id() + "|/api/projects");
	}

	@Test
	void refusesAuthenticatedPrincipalWithoutClaimWhateverTheClientSupplies() {
		Jwt jwt = Jwt.withTokenValue("token").header("alg", "none").subject("alice").build();
		TestingAuthenticationToken withoutClaim = new TestingAuthenticationToken(jwt, null, "ROLE_USER");
		Problems.assertProblem(client(withoutClaim).get()
			.uri("/api/projects")
			.header("X-Tenant-ID", "globex")
			.exchange()
			.expectStatus()
			.isForbidden(), TenantResolutionException.ClaimMissing.CODE);
		Problems.assertProblem(
				client(withoutClaim).get().uri("/t/globex/api/projects").exchange().expectStatus().isForbidden(),
				TenantResolutionException.ClaimMissing.CODE);
		Problems.assertProblem(client(withoutClaim).get().uri("/api/projects").exchange().expectStatus().isForbidden(),
				TenantResolutionException.ClaimMissing.CODE);
	}

	@Test
	void principalWithoutClaimLeavesOtherSourcesWhenTheClaimIsNotRequired() {
		Jwt jwt = Jwt.withTokenValue("token").header("alg", "none").subject("alice").build();
		new TestApplication(this.directory, this.settings.withRequireClaim(false),
				new TestingAuthenticationToken(jwt, null, "ROLE_USER"))
			.client()
			.get()
			.uri("/api/projects")
			.header("X-Tenant-ID", "globex")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("globex|" + this.globex.id() + "|/api/projects");
	}

	@Test
	void anonymousCallerIsResolvedFromClientSuppliedSourcesEvenWhenTheClaimIsRequired() {
		AnonymousAuthenticationToken anonymous = new AnonymousAuthenticationToken("key", "anonymousUser",
				AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
		assertThat(anonymous.isAuthenticated()).isTrue();
		client(anonymous).get()
			.uri("/api/projects")
			.header("X-Tenant-ID", "globex")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("globex|" + this.globex.id() + "|/api/projects");
	}

	@Test
	void customClaimReaderDecidesWhoIsAuthenticated() {
		ClaimReader reader = new ClaimReader() {

			@Override
			public @Nullable Object read(Principal principal, String name) {
				return null;
			}

			@Override
			public boolean isAuthenticated(Principal principal) {
				return !principal.getName().equals("guest");
			}

		};
		ClaimTenantResolver resolver = new ClaimTenantResolver("org", TenantReferenceFormat.KEY, reader, true);
		TenantResolutionWebFilter filter = new TenantResolutionWebFilter(this.directory, this.settings,
				TenantResolverChain
					.of(List.of(resolver, new HeaderTenantResolver("X-Tenant-ID", TenantReferenceFormat.KEY))),
				TenantResolutionMetrics.disabled());
		for (String name : List.of("guest", "bob")) {
			Principal principal = () -> name;
			WebTestClient client = WebTestClient.bindToRouterFunction(TestApplication.routes(Duration.ZERO))
				.webFilter((exchange, chain) -> chain.filter(exchange.mutate().principal(Mono.just(principal)).build()),
						filter)
				.build();
			client.get()
				.uri("/api/projects")
				.header("X-Tenant-ID", "globex")
				.exchange()
				.expectStatus()
				.isEqualTo(name.equals("guest") ? 200 : 403);
		}
	}

	@Test
	void refusesNonStringClaimAsMalformed() {
		Problems.assertProblem(client(jwt(List.of("acme"))).get().uri("/api/projects").exchange(),
				TenantResolutionException.Malformed.CODE);
	}

	@Test
	void refusesHeaderDifferingFromClaimExactlyLikeAnUnknownTenant() {
		EntityExchangeResult<byte[]> unknown = client(jwt("acme")).get()
			.uri("/api/projects")
			.header("X-Tenant-ID", "acme")
			.header("Host", "umbrella.example.com")
			.exchange()
			.expectBody()
			.returnResult();
		EntityExchangeResult<byte[]> notAllowed = client(jwt("acme")).get()
			.uri("/api/projects")
			.header("X-Tenant-ID", "globex")
			.exchange()
			.expectBody()
			.returnResult();
		EntityExchangeResult<byte[]> plainUnknown = client(jwt("umbrella")).get()
			.uri("/api/projects")
			.exchange()
			.expectBody()
			.returnResult();
		for (EntityExchangeResult<byte[]> result : List.of(unknown, notAllowed, plainUnknown)) {
			assertThat(result.getStatus().value()).isEqualTo(404);
			assertThat(result.getResponseBody()).isEqualTo(plainUnknown.getResponseBody());
			assertThat(result.getResponseHeaders().headerSet())
				.isEqualTo(plainUnknown.getResponseHeaders().headerSet());
			Problems.assertCatalogueBody(new String(result.getResponseBody(), StandardCharsets.UTF_8), 404,
					TenantResolutionException.Unknown.CODE);
		}
	}

	@Test
	void refusesSubdomainAndPathDifferingFromClaimAsUnknown() {
		Problems.assertProblem(
				client(jwt("acme")).get().uri("/api/projects").header("Host", "globex.example.com").exchange(),
				TenantResolutionException.Unknown.CODE);
		Problems.assertProblem(client(jwt("acme")).get().uri("/t/globex/api/projects").exchange(),
				TenantResolutionException.Unknown.CODE);
		Problems.assertProblem(client(jwt(this.acme.id().toString())).get()
			.uri("/api/projects")
			.header("X-Tenant-ID", "globex")
			.exchange(), TenantResolutionException.Unknown.CODE);
	}

	@Test
	void clientSourcesAgreeingWithClaimAreServed() {
		client(jwt("acme")).get()
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
	void customClaimReaderReadsAnyPrincipal() {
		ClaimTenantResolver resolver = new ClaimTenantResolver("org", TenantReferenceFormat.KEY,
				(principal, name) -> principal.getName().equals("bob") ? "globex" : null);
		TenantResolutionWebFilter filter = new TenantResolutionWebFilter(this.directory, this.settings,
				TenantResolverChain.of(List.of(resolver)), TenantResolutionMetrics.disabled());
		Principal bob = () -> "bob";
		WebTestClient client = WebTestClient.bindToRouterFunction(TestApplication.routes(Duration.ZERO))
			.webFilter((exchange, chain) -> chain.filter(exchange.mutate().principal(Mono.just(bob)).build()), filter)
			.build();
		client.get()
			.uri("/api/projects")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("globex|" + this.globex.id() + "|/api/projects");
	}

	@Test
	void answersAtOnceForAPrincipalGivenAsAValueAndAsForOneGivenLater() {
		ClaimTenantResolver resolver = ClaimTenantResolver.fromSettings(this.settings);
		List<Principal> principals = List.of(jwt("acme"), jwt(this.acme.id().toString()), jwt("ACME"), jwt(42),
				new TestingAuthenticationToken("bob", null, AuthorityUtils.createAuthorityList("SCOPE_read")));
		for (Principal principal : principals) {
			Mono<TenantResolution> known = resolver.resolve(exchange(Mono.just(principal)));
			Mono<TenantResolution> later = resolver.resolve(exchange(Mono.just(principal).hide()));
			// A Callable resolution is what lets the filter skip subscribing.
			assertThat(known).isInstanceOf(Callable.class);
			assertThat(later).isNotInstanceOf(Callable.class);
			StepVerifier
				.create(Mono.zip(known.map(ClaimTenantResolverTests::describe),
						later.map(ClaimTenantResolverTests::describe)))
				.assertNext((pair) -> assertThat(pair.getT1()).isEqualTo(pair.getT2()))
				.expectComplete()
				.verify(Duration.ofSeconds(5));
		}
		Mono<TenantResolution> none = resolver
			.resolve(MockServerWebExchange.from(MockServerHttpRequest.get("/api/projects")));
		assertThat(none).isInstanceOf(Callable.class);
		StepVerifier.create(none)
			.expectNext(TenantResolution.notApplicable())
			.expectComplete()
			.verify(Duration.ofSeconds(5));
	}

	private static ServerWebExchange exchange(Mono<Principal> principal) {
		return MockServerWebExchange.from(MockServerHttpRequest.get("/api/projects"))
			.mutate()
			.principal(principal)
			.build();
	}

	private static String describe(TenantResolution resolution) {
		return (resolution instanceof TenantResolution.Rejected rejected) ? "rejected " + rejected.reason().code()
				: resolution.toString();
	}

}
