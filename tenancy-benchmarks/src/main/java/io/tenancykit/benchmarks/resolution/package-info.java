/**
 * Benchmarks of tenant resolution on a cache hit: the kit's resolution web filter over
 * its caching tenant directory, with a counting directory that proves no lookup reaches
 * it; the heap retained per cached tenant; requests that miss across an expiry boundary,
 * with and without refresh ahead.
 */
@NullMarked
package io.tenancykit.benchmarks.resolution;

import org.jspecify.annotations.NullMarked;
