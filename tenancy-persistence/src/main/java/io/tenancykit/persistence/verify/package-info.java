/**
 * A catalog check, run at startup or in tests, that tenant-owned tables are under forced
 * row-level security and keyed by {@code tenant_id}.
 */
@NullMarked
package io.tenancykit.persistence.verify;

import org.jspecify.annotations.NullMarked;
