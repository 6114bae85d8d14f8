/**
 * Structured logging that attaches {@code tenant_id} from an explicit
 * {@link io.tenancykit.api.TenantContext}, and the optional access log filter.
 */
@NullMarked
package io.tenancykit.web.logging;

import org.jspecify.annotations.NullMarked;
