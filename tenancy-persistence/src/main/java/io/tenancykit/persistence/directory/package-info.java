/**
 * The R2DBC implementation of the {@link io.tenancykit.api.TenantDirectory} port over the
 * {@code tenancy_tenant} table.
 */
@NullMarked
package io.tenancykit.persistence.directory;

import org.jspecify.annotations.NullMarked;
