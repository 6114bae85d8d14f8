/**
 * {@link io.tenancykit.persistence.repository.TenantScopedRepository}, the base class
 * whose every statement is bound to the tenant of a
 * {@link io.tenancykit.api.TenantContext}.
 */
@NullMarked
package io.tenancykit.persistence.repository;

import org.jspecify.annotations.NullMarked;
