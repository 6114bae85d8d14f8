/**
 * JMH benchmarks for the kit's hot paths, run from the shaded {@code benchmarks.jar}.
 */
@NullMarked
package io.tenancykit.benchmarks;

import org.jspecify.annotations.NullMarked;
