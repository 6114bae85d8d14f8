/**
 * The hand-written baseline of the end-to-end benchmark
 * ({@code tenancy-benchmarks/e2e/run.sh}): the sample's project API written without the
 * kit, as a careful engineer would.
 * <p>
 * This is the one place where tenant-scoped SQL is written by hand on purpose. The kit's
 * architecture rules ({@code TenancyArchitectureRules}) would reject it; they are applied
 * to the kit's modules and the sample only, never to this module, which is not on the
 * test class path of {@code tenancy-architecture-tests}.
 */
@NullMarked
package io.tenancykit.benchmarks.e2e;

import org.jspecify.annotations.NullMarked;
