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

}
