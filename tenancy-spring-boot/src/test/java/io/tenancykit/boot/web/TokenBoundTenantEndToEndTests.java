package io.tenancykit.boot.web;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.tenancykit.api.Tenant;
import io.tenancykit.api.TenantContext;
import io.tenancykit.api.TenantDirectory;
import io.tenancykit.api.TenantId;
import io.tenancykit.api.TenantKey;
import io.tenancykit.api.TenantResolutionException;
import io.tenancykit.api.TenantStatus;
import io.tenancykit.boot.testsupport.FailureAnalyses;
import io.tenancykit.web.problem.TenancyProblems;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.webflux.autoconfigure.HttpHandlerAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token-bound tenants behind a real Spring Security resource server: RS256 tokens signed
 * with a key generated here, verified by {@link NimbusReactiveJwtDecoder}, and the kit's
 * auto-configured filter after Spring Security's (ADR-020, ADR-032).
 */
class TokenBoundTenantEndToEndTests {

	private static final KeyPair KEYS = rsaKeyPair();

	private static final KeyPair FORGER = rsaKeyPair();

	private static final Tenant ACME = tenant("acme", TenantStatus.ACTIVE);

	private static final Tenant GLOBEX = tenant("globex", TenantStatus.ACTIVE);

	private static final Tenant INITECH = tenant("initech", TenantStatus.SUSPENDED);

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HttpHandlerAutoConfiguration.class, WebFluxAutoConfiguration.class,
				TenancyWebAutoConfiguration.class))
		.withUserConfiguration(CountingDirectory.class, ResourceServer.class, WhoAmI.class);

	@Test
	void claimAloneNamesTheTenant() {
		this.runner.run((context) -> get(context, "/whoami", token("acme"), null).expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("acme"));
	}

	@Test
	void headerRepeatingTheClaimIsServed() {
		this.runner.run((context) -> get(context, "/whoami", token("acme"), "acme").expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("acme"));
	}

	@Test
	void headerContradictingTheClaimLooksLikeAnUnknownTenant() {
		this.runner.run((context) -> {
			byte[] contradicted = get(context, "/whoami", token("acme"), "globex").expectStatus()
				.isNotFound()
				.expectBody()
				.returnResult()
				.getResponseBody();
			byte[] unknown = get(context, "/whoami", token("umbrella"), null).expectStatus()
				.isNotFound()
				.expectBody()
				.returnResult()
				.getResponseBody();
			assertThat(contradicted).isEqualTo(unknown);
			assertProblemCode(contradicted, TenantResolutionException.Unknown.CODE);
		});
	}

	@Test
	void claimInIdFormNamesTheTenant() {
		this.runner.run((context) -> get(context, "/whoami", token(ACME.id().toString()), "acme").expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("acme"));
	}

	@Test
	void tokenWithoutClaimIsRefusedWhateverTheHeaderSays() {
		this.runner.run((context) -> {
			for (String header : new String[] { "globex", null }) {
				byte[] body = get(context, "/whoami", token(null), header).expectStatus()
					.isForbidden()
					.expectBody()
					.returnResult()
					.getResponseBody();
				assertProblemCode(body, TenantResolutionException.ClaimMissing.CODE);
			}
			assertThat(context.getBean(CountingDirectory.class).lookups).hasValue(0);
		});
	}

	@Test
	void tokenWithoutClaimLeavesTheHeaderToDecideWhenTheClaimIsNotRequired() {
		this.runner.withPropertyValues("tenancy.web.resolution.require-claim=false")
			.run((context) -> get(context, "/whoami", token(null), "globex").expectStatus()
				.isOk()
				.expectBody(String.class)
				.isEqualTo("globex"));
	}

	@Test
	void anonymousCallerOnAPermittedPathIsResolvedFromTheHeader() {
		this.runner.run((context) -> get(context, "/public/whoami", null, "globex").expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("globex"));
	}

	@Test
	void badTokenIsRefusedBySpringSecurityBeforeTheKit() {
		this.runner.run((context) -> {
			String forged = sign(FORGER, "acme");
			for (String bearer : List.of(forged, token("acme") + "x", "not-a-jwt")) {
				get(context, "/whoami", bearer, "acme").expectStatus()
					.isUnauthorized()
					.expectHeader()
					.exists(HttpHeaders.WWW_AUTHENTICATE)
					.expectBody()
					.isEmpty();
			}
			assertThat(context.getBean(CountingDirectory.class).lookups).hasValue(0);
		});
	}

	@Test
	void suspendedTenantOfTheClaimIsForbidden() {
		this.runner.run((context) -> {
			byte[] body = get(context, "/whoami", token("initech"), null).expectStatus()
				.isForbidden()
				.expectBody()
				.returnResult()
				.getResponseBody();
			assertProblemCode(body, TenantResolutionException.Suspended.CODE);
		});
	}

	@Test
	void suspendedTenantAnswersExactlyLikeAnUnknownOneWhenConfigured() {
		this.runner.withPropertyValues("tenancy.web.resolution.suspended-as-unknown=true").run((context) -> {
			WebTestClient.ResponseSpec suspended = get(context, "/whoami", token("initech"), null);
			WebTestClient.ResponseSpec unknown = get(context, "/whoami", token("umbrella"), null);
			EntityExchangeResult<byte[]> suspendedResult = suspended.expectStatus()
				.isNotFound()
				.expectBody()
				.returnResult();
			EntityExchangeResult<byte[]> unknownResult = unknown.expectStatus()
				.isNotFound()
				.expectBody()
				.returnResult();
			assertThat(suspendedResult.getResponseBody()).isEqualTo(unknownResult.getResponseBody());
			assertThat(suspendedResult.getResponseHeaders()).isEqualTo(unknownResult.getResponseHeaders());
			assertProblemCode(suspendedResult.getResponseBody(), TenantResolutionException.Unknown.CODE);
		});
	}

	@Test
	void filterOrderedAtOrBeforeSpringSecurityFailsStartupNamingTheProperty() {
		for (int order : new int[] { -110, -100 }) {
			this.runner.withPropertyValues("tenancy.web.resolution.filter-order=" + order).run((context) -> {
				Throwable failure = Objects.requireNonNull(context.getStartupFailure());
				assertThat(failure).isInstanceOf(InvalidConfigurationPropertyValueException.class);
				assertThat(((InvalidConfigurationPropertyValueException) failure).getName())
					.isEqualTo("tenancy.web.resolution.filter-order");
				FailureAnalysis analysis = FailureAnalyses.analyze(failure);
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription())
					.contains("Invalid value '" + order
							+ "' for configuration property 'tenancy.web.resolution.filter-order'")
					.contains("WebFilterChainProxy")
					.contains("order -100");
			});
		}
	}

	@Test
	void filterOrderBeforeSpringSecurityIsAllowedWhenClaimsAreNotRead() {
		this.runner
			.withPropertyValues("tenancy.web.resolution.filter-order=-110", "tenancy.web.resolution.chain=header")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	private static WebTestClient.ResponseSpec get(ApplicationContext context, String path, @Nullable String bearer,
			@Nullable String tenantHeader) {
		WebTestClient client = WebTestClient.bindToApplicationContext(context).build();
		return client.get().uri(path).headers((headers) -> {
			if (bearer != null) {
				headers.setBearerAuth(bearer);
			}
			if (tenantHeader != null) {
				headers.set("X-Tenant-ID", tenantHeader);
			}
		}).exchange();
	}

	private static void assertProblemCode(byte @Nullable [] body, String code) {
		assertThat(body).isNotNull();
		assertThat(new String(body, java.nio.charset.StandardCharsets.UTF_8))
			.contains("\"type\":\"" + TenancyProblems.TYPE_BASE + code + "\"")
			.contains("\"code\":\"" + code + "\"");
	}

	private static String token(@Nullable String tenantClaim) {
		return sign(KEYS, tenantClaim);
	}

	private static String sign(KeyPair keys, @Nullable String tenantClaim) {
		JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
			.subject("alice")
			.issuedAt(Instant.now())
			.expiresAt(Instant.now().plusSeconds(300));
		if (tenantClaim != null) {
			claims.claim("tenant", tenantClaim);
		}
		NimbusJwtEncoder encoder = NimbusJwtEncoder
			.withKeyPair((RSAPublicKey) keys.getPublic(), (RSAPrivateKey) keys.getPrivate())
			.build();
		return encoder
			.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(), claims.build()))
			.getTokenValue();
	}

	private static KeyPair rsaKeyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Tenant tenant(String key, TenantStatus status) {
		return new Tenant(new TenantId(UUID.nameUUIDFromBytes(key.getBytes(java.nio.charset.StandardCharsets.UTF_8))),
				new TenantKey(key), key, status, Instant.EPOCH, Instant.EPOCH);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebFluxSecurity
	static class ResourceServer {

		@Bean
		SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http) {
			return http
				.authorizeExchange(
						(exchanges) -> exchanges.pathMatchers("/public/**").permitAll().anyExchange().authenticated())
				.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults()))
				.build();
		}

		@Bean
		ReactiveJwtDecoder jwtDecoder() {
			return NimbusReactiveJwtDecoder.withPublicKey((RSAPublicKey) KEYS.getPublic()).build();
		}

	}

	/**
	 * The directory, counting lookups so that a test can show the kit was never asked.
	 */
	@Configuration(proxyBeanMethods = false)
	static class CountingDirectory implements TenantDirectory {

		private static final Map<TenantKey, Tenant> BY_KEY = List.of(ACME, GLOBEX, INITECH)
			.stream()
			.collect(Collectors.toMap(Tenant::key, Function.identity()));

		final AtomicInteger lookups = new AtomicInteger();

		@Override
		public Mono<Tenant> findByKey(TenantKey key) {
			this.lookups.incrementAndGet();
			return Mono.justOrEmpty(BY_KEY.get(key));
		}

		@Override
		public Mono<Tenant> findById(TenantId id) {
			this.lookups.incrementAndGet();
			return Mono.justOrEmpty(BY_KEY.values().stream().filter((tenant) -> tenant.id().equals(id)).findFirst());
		}

	}

	@RestController
	static class WhoAmI {

		@GetMapping({ "/whoami", "/public/whoami" })
		Mono<String> whoami(TenantContext tenant) {
			return Mono.just(tenant.tenantKey().value());
		}

	}

}
