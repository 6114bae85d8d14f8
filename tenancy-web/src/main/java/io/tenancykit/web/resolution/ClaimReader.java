package io.tenancykit.web.resolution;

import java.security.Principal;

import org.jspecify.annotations.Nullable;

/**
 * Reads a named claim or attribute from an authenticated principal.
 */
@FunctionalInterface
public interface ClaimReader {

	/**
	 * Read a claim.
	 * @param principal the principal of the request
	 * @param name the claim name
	 * @return the claim value, or {@literal null} when the principal is not authenticated
	 * or has no such claim
	 */
	@Nullable Object read(Principal principal, String name);

	/**
	 * Return whether a principal stands for an authenticated caller, whose credential is
	 * expected to name its tenant when the claim is
	 * {@link TenantResolutionSettings#requireClaim() required}. An anonymous principal,
	 * such as the one Spring Security puts on a {@code permitAll()} path, is not
	 * authenticated. By default every principal is.
	 * @param principal the principal of the request
	 * @return whether the principal is authenticated
	 */
	default boolean isAuthenticated(Principal principal) {
		return true;
	}

}
