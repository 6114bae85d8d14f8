/**
 * Tenant-scoped change streams: change events published by the kit's trigger and
 * delivered only to the subscribers of the tenant they belong to.
 */
@NullMarked
package io.tenancykit.persistence.changes;

import org.jspecify.annotations.NullMarked;
