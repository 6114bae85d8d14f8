/**
 * Tenant value types, the immutable {@link io.tenancykit.api.TenantContext} that every
 * tenant-scoped call takes as its first argument, and the
 * {@link io.tenancykit.api.TenantDirectory} port.
 */
@NullMarked
package io.tenancykit.api;

import org.jspecify.annotations.NullMarked;
