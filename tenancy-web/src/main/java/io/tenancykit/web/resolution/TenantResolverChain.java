package io.tenancykit.web.resolution;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.tenancykit.web.InvalidSettingException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ordered list of {@link TenantResolver resolvers} the filter consults. Every
 * resolver is consulted for every request, so that disagreeing sources are detected
 * rather than silently ignored; the order decides which rejection is reported first and
 * which client-supplied source names the tenant when there is no verified one.
 */
public final class TenantResolverChain {

	private static final Logger logger = LoggerFactory.getLogger(TenantResolverChain.class);

	private final List<TenantResolver> resolvers;

	private TenantResolverChain(List<TenantResolver> resolvers) {
		this.resolvers = List.copyOf(resolvers);
		if (this.resolvers.isEmpty()) {
			throw new IllegalArgumentException("'resolvers' must not be empty");
		}
	}

	/**
	 * Create a chain of the given resolvers.
	 * @param resolvers the resolvers in the order they are consulted, must not be empty
	 * @return the chain
	 */
	public static TenantResolverChain of(List<TenantResolver> resolvers) {
		Objects.requireNonNull(resolvers, "'resolvers' must not be null");
		return new TenantResolverChain(resolvers);
	}

	/**
	 * Create the chain of built-in resolvers named by
	 * {@link TenantResolutionSettings#chain()}. The claim resolver reads Spring Security
	 * principals and is left out when Spring Security is not on the classpath.
	 * @param settings the settings, must not be {@literal null}
	 * @return the chain
	 * @throws InvalidSettingException if no source of the chain can apply
	 * @see #fromSettings(TenantResolutionSettings, ClaimTenantResolver)
	 */
	public static TenantResolverChain fromSettings(TenantResolutionSettings settings) {
		Objects.requireNonNull(settings, "'settings' must not be null");
		ClaimTenantResolver claimResolver = ClaimTenantResolver.isSecurityPresent()
				? ClaimTenantResolver.fromSettings(settings) : null;
		return fromSettings(settings, claimResolver);
	}

	/**
	 * Create the chain of resolvers named by {@link TenantResolutionSettings#chain()},
	 * with the given claim resolver for {@link TenantSource#CLAIM}. A source that could
	 * never apply is left out: the claim without a claim resolver and the subdomain
	 * without base domains.
	 * @param settings the settings, must not be {@literal null}
	 * @param claimResolver the resolver of the claim source, or {@literal null} when
	 * claims cannot be read
	 * @return the chain
	 * @throws InvalidSettingException if no source of the chain can apply
	 */
	public static TenantResolverChain fromSettings(TenantResolutionSettings settings,
			@Nullable ClaimTenantResolver claimResolver) {
		Objects.requireNonNull(settings, "'settings' must not be null");
		List<TenantResolver> resolvers = new ArrayList<>();
		for (TenantSource source : settings.chain()) {
			switch (source) {
				case CLAIM -> {
					if (claimResolver != null) {
						resolvers.add(claimResolver);
					}
					else {
						logger
							.debug("No claim resolver (Spring Security is not on the classpath); claims are not read");
					}
				}
				case HEADER -> resolvers.add(new HeaderTenantResolver(settings.headerName(), settings.headerFormat()));
				case SUBDOMAIN -> {
					if (!settings.baseDomains().isEmpty()) {
						resolvers.add(new SubdomainTenantResolver(settings.baseDomains(), settings.hostSource()));
					}
				}
				case PATH -> resolvers.add(new PathPrefixTenantResolver(settings.pathPrefix()));
			}
		}
		if (resolvers.isEmpty()) {
			throw new InvalidSettingException("chain", settings.chain(), "names no source that can apply: claim "
					+ "needs Spring Security on the classpath and subdomain needs base domains");
		}
		return of(resolvers);
	}

	/**
	 * Return the resolvers in the order they are consulted.
	 * @return an immutable list
	 */
	public List<TenantResolver> resolvers() {
		return this.resolvers;
	}

}
