package io.tenancykit.api.archfixture;

import io.tenancykit.api.TenantId;
import reactor.core.publisher.Mono;

/**
 * Plain Java and Reactor, as the API may be.
 */
public interface ReactiveApiType {

	Mono<TenantId> find(String key);

}
