/**
 * Hands the resolved {@link io.tenancykit.api.TenantContext} to annotated controllers and
 * functional endpoints as an explicit argument.
 */
@NullMarked
package io.tenancykit.web.bind;

import org.jspecify.annotations.NullMarked;
