/**
 * The implementation of
 * {@link io.tenancykit.persistence.repository.TenantScopedCrudRepository} interfaces on
 * Spring Data's repository infrastructure: the factory, the tenant-bound derived and
 * {@code @Query} methods.
 */
@NullMarked
package io.tenancykit.persistence.repository.support;

import org.jspecify.annotations.NullMarked;
