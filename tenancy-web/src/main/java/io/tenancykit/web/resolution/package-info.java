/**
 * Resolution of the tenant of a web request: the ordered chain of
 * {@link io.tenancykit.web.resolution.TenantResolver} strategies and the
 * {@link io.tenancykit.web.resolution.TenantResolutionWebFilter} that applies it.
 */
@NullMarked
package io.tenancykit.web.resolution;

import org.jspecify.annotations.NullMarked;
