/**
 * Auto-configuration of the kit's WebFlux layer: tenant resolution, the cached directory,
 * {@code TenantContext} arguments, problem details and resolution metrics.
 */
@NullMarked
package io.tenancykit.boot.web;

import org.jspecify.annotations.NullMarked;
