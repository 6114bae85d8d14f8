/**
 * Enabling {@link io.tenancykit.persistence.repository.TenantScopedCrudRepository}
 * interfaces:
 * {@link io.tenancykit.persistence.repository.config.EnableTenantScopedRepositories} and
 * the scanning behind it.
 */
@NullMarked
package io.tenancykit.persistence.repository.config;

import org.jspecify.annotations.NullMarked;
