/**
 * Structured logging helpers that attach {@code tenant_id} from an explicit
 * {@link io.tenancykit.api.TenantContext}.
 */
@NullMarked
package io.tenancykit.web.logging;

import org.jspecify.annotations.NullMarked;
