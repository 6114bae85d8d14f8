/**
 * Benchmarks of the kit's tenant-scoped repositories against Spring Data's
 * {@code R2dbcEntityTemplate} on a real PostgreSQL server.
 */
@NullMarked
package io.tenancykit.benchmarks.repository;

import org.jspecify.annotations.NullMarked;
