/**
 * PostgreSQL row-level security: the per-transaction tenant setting that policies compare
 * {@code tenant_id} with, and the switch that turns it off.
 */
@NullMarked
package io.tenancykit.persistence.rls;

import org.jspecify.annotations.NullMarked;
