package io.tenancykit.web.resolution;

import java.security.Principal;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.ClaimAccessor;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.util.ClassUtils;

/**
 * Reads claims of Spring Security principals: the claims of a {@code Jwt} (or any
 * {@link ClaimAccessor}) and the attributes of an {@link OAuth2AuthenticatedPrincipal}.
 * An {@link Authentication} counts as authenticated when Spring Security's
 * {@link AuthenticationTrustResolver} says so: not anonymous and marked authenticated.
 * Loaded only when Spring Security is on the classpath.
 */
final class SecurityClaimReader implements ClaimReader {

	private static final boolean OAUTH2_PRESENT = ClassUtils.isPresent(
			"org.springframework.security.oauth2.core.ClaimAccessor", SecurityClaimReader.class.getClassLoader());

	private final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	@Override
	public @Nullable Object read(Principal principal, String name) {
		if (!isAuthenticated(principal)) {
			return null;
		}
		return OAUTH2_PRESENT ? OAuth2Claims.read(((Authentication) principal).getPrincipal(), name) : null;
	}

	@Override
	public boolean isAuthenticated(Principal principal) {
		return principal instanceof Authentication authentication && this.trustResolver.isAuthenticated(authentication);
	}

	private static final class OAuth2Claims {

		private OAuth2Claims() {
		}

		static @Nullable Object read(@Nullable Object principal, String name) {
			if (principal instanceof ClaimAccessor claims) {
				return claims.getClaims().get(name);
			}
			if (principal instanceof OAuth2AuthenticatedPrincipal oauth2) {
				return oauth2.getAttributes().get(name);
			}
			return null;
		}

	}

}
