package io.tenancykit.boot.web;

import io.tenancykit.web.resolution.TenantResolutionWebFilter;
import io.tenancykit.web.resolution.TenantResolverChain;
import io.tenancykit.web.resolution.TenantSource;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.util.ClassUtils;

/**
 * Fails startup when the tenant resolution filter would run before Spring Security's
 * {@code WebFilterChainProxy} while the claim source is in the chain: the filter would
 * see no principal, so a client-supplied tenant would decide for an authenticated caller
 * (ADR-020, ADR-032). The security filter's order is read the way WebFlux orders filters:
 * from {@link Order @Order} on its bean (Spring Security declares it on the factory
 * method, {@code -100}), else from {@link Ordered}.
 */
final class SecurityFilterOrderVerification implements SmartInitializingSingleton {

	static final String WEB_FILTER_CHAIN_PROXY = "org.springframework.security.web.server.WebFilterChainProxy";

	static final String PROPERTY = TenancyWebProperties.PREFIX + ".resolution.filter-order";

	private final ListableBeanFactory beanFactory;

	private final TenantResolutionWebFilter filter;

	private final TenantResolverChain chain;

	SecurityFilterOrderVerification(ListableBeanFactory beanFactory, TenantResolutionWebFilter filter,
			TenantResolverChain chain) {
		this.beanFactory = beanFactory;
		this.filter = filter;
		this.chain = chain;
	}

	@Override
	public void afterSingletonsInstantiated() {
		boolean readsClaims = this.chain.resolvers()
			.stream()
			.anyMatch((resolver) -> TenantSource.CLAIM.sourceName().equals(resolver.source()));
		ClassLoader classLoader = getClass().getClassLoader();
		if (!readsClaims || !ClassUtils.isPresent(WEB_FILTER_CHAIN_PROXY, classLoader)) {
			return;
		}
		Class<?> proxyType = ClassUtils.resolveClassName(WEB_FILTER_CHAIN_PROXY, classLoader);
		for (String name : this.beanFactory.getBeanNamesForType(proxyType, true, false)) {
			int securityOrder = orderOf(name);
			if (this.filter.getOrder() <= securityOrder) {
				throw new InvalidConfigurationPropertyValueException(PROPERTY, this.filter.getOrder(),
						"The tenant resolution filter must run after Spring Security's WebFilterChainProxy (bean '"
								+ name + "', order " + securityOrder + ") while the claim source is in "
								+ "tenancy.web.resolution.chain; before it, the filter sees no authenticated "
								+ "principal and a client-supplied tenant would decide. Set " + PROPERTY
								+ " to a value greater than " + securityOrder + " (the default is "
								+ TenantResolutionWebFilter.DEFAULT_ORDER + ").");
			}
		}
	}

	private int orderOf(String beanName) {
		Order order = this.beanFactory.findAnnotationOnBean(beanName, Order.class, false);
		if (order != null) {
			return order.value();
		}
		return (this.beanFactory.getBean(beanName) instanceof Ordered ordered) ? ordered.getOrder()
				: Ordered.LOWEST_PRECEDENCE;
	}

}
