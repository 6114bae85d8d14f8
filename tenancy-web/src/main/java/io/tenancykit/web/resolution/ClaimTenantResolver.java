package io.tenancykit.web.resolution;

import java.security.Principal;
import java.util.Objects;

import io.tenancykit.api.TenantResolutionException;
import io.tenancykit.web.InvalidSettingException;
import reactor.core.Fuseable;
import reactor.core.publisher.Mono;

import org.springframework.util.ClassUtils;
import org.springframework.web.server.ServerWebExchange;

/**
 * Reads the tenant from a claim of the authenticated principal, such as a JWT claim. The
 * result is {@link TenantResolution#verified(TenantReference) verified}: a
 * client-supplied tenant that differs from it is refused as unknown. Requests without an
 * authenticated principal (none, or an anonymous one) do not apply. An authenticated
 * principal without the claim is refused as
 * {@link TenantResolutionException.ClaimMissing} when the claim is required (the default,
 * ADR-032), so that client-supplied sources cannot name its tenant; otherwise it does not
 * apply either.
 * <p>
 * The default {@link ClaimReader} understands Spring Security's {@code Authentication}
 * with a {@code Jwt} or {@code OAuth2AuthenticatedPrincipal} principal; it needs Spring
 * Security on the classpath (see {@link #isSecurityPresent()}).
 */
public final class ClaimTenantResolver implements TenantResolver {

	private static final boolean SECURITY_PRESENT = ClassUtils
		.isPresent("org.springframework.security.core.Authentication", ClaimTenantResolver.class.getClassLoader());

	private final String claimName;

	private final TenantReferenceFormat format;

	private final ClaimReader reader;

	private final boolean requireClaim;

	/**
	 * Create a resolver that reads Spring Security principals and requires the claim of
	 * authenticated ones.
	 * @param claimName the claim name, must not be {@literal null}
	 * @param format the accepted form of the claim value, must not be {@literal null}
	 * @throws IllegalStateException if Spring Security is not on the classpath
	 */
	public ClaimTenantResolver(String claimName, TenantReferenceFormat format) {
		this(claimName, format, securityClaimReader(), TenantResolutionSettings.DEFAULT_REQUIRE_CLAIM);
	}

	/**
	 * Create a resolver with a custom claim reader that requires the claim of
	 * authenticated principals.
	 * @param claimName the claim name, must not be blank
	 * @param format the accepted form of the claim value, must not be {@literal null}
	 * @param reader reads the claim from the principal, must not be {@literal null}
	 * @throws InvalidSettingException if the claim name is blank
	 */
	public ClaimTenantResolver(String claimName, TenantReferenceFormat format, ClaimReader reader) {
		this(claimName, format, reader, TenantResolutionSettings.DEFAULT_REQUIRE_CLAIM);
	}

	/**
	 * Create a resolver with a custom claim reader.
	 * @param claimName the claim name, must not be blank
	 * @param format the accepted form of the claim value, must not be {@literal null}
	 * @param reader reads the claim from the principal, must not be {@literal null}
	 * @param requireClaim whether an authenticated principal without the claim is refused
	 * rather than left to client-supplied sources
	 * @throws InvalidSettingException if the claim name is blank
	 */
	public ClaimTenantResolver(String claimName, TenantReferenceFormat format, ClaimReader reader,
			boolean requireClaim) {
		this.claimName = requireClaimName(claimName);
		this.format = Objects.requireNonNull(format, "'format' must not be null");
		this.reader = Objects.requireNonNull(reader, "'reader' must not be null");
		this.requireClaim = requireClaim;
	}

	/**
	 * Create the resolver that reads Spring Security principals as the settings say:
	 * their {@link TenantResolutionSettings#claimName() claim name},
	 * {@link TenantResolutionSettings#claimFormat() format} and
	 * {@link TenantResolutionSettings#requireClaim() requirement}.
	 * @param settings the settings, must not be {@literal null}
	 * @return the resolver
	 * @throws IllegalStateException if Spring Security is not on the classpath
	 */
	public static ClaimTenantResolver fromSettings(TenantResolutionSettings settings) {
		Objects.requireNonNull(settings, "'settings' must not be null");
		return new ClaimTenantResolver(settings.claimName(), settings.claimFormat(), securityClaimReader(),
				settings.requireClaim());
	}

	static String requireClaimName(String claimName) {
		Objects.requireNonNull(claimName, "'claimName' must not be null");
		if (claimName.isBlank()) {
			throw new InvalidSettingException("claimName", claimName, "must not be blank");
		}
		return claimName;
	}

	/**
	 * Return whether Spring Security is on the classpath, which the default claim reader
	 * needs.
	 * @return whether {@code org.springframework.security.core.Authentication} is present
	 */
	public static boolean isSecurityPresent() {
		return SECURITY_PRESENT;
	}

	private static ClaimReader securityClaimReader() {
		if (!SECURITY_PRESENT) {
			throw new IllegalStateException("Reading tenant claims requires Spring Security on the classpath");
		}
		return new SecurityClaimReader();
	}

	@Override
	public String source() {
		return TenantSource.CLAIM.sourceName();
	}

	@Override
	public Mono<TenantResolution> resolve(ServerWebExchange exchange) {
		Mono<Principal> principal = exchange.getPrincipal();
		if (principal instanceof Fuseable.ScalarCallable<?> known) {
			// No principal, or one given as a value: the resolution is a Callable Mono,
			// which the filter takes without subscribing.
			return Mono.fromCallable(() -> {
				Object value = known.call();
				return (value != null) ? resolve((Principal) value) : TenantResolution.notApplicable();
			});
		}
		return principal.map(this::resolve).defaultIfEmpty(TenantResolution.notApplicable());
	}

	private TenantResolution resolve(Principal principal) {
		Object value = this.reader.read(principal, this.claimName);
		if (value == null) {
			// Only an authenticated caller's credential can be expected to name a tenant;
			// an anonymous one on a permitted path is left to the client-supplied
			// sources.
			return (this.requireClaim && this.reader.isAuthenticated(principal))
					? TenantResolution.rejected(new TenantResolutionException.ClaimMissing())
					: TenantResolution.notApplicable();
		}
		if (!(value instanceof String text)) {
			return TenantResolution
				.rejected(new TenantResolutionException.Malformed("tenant claim is not a string", 0));
		}
		try {
			return TenantResolution.verified(TenantReference.parse(text, this.format));
		}
		catch (TenantResolutionException.Malformed ex) {
			return TenantResolution.rejected(ex);
		}
	}

}
