/**
 * Micrometer meters for tenant resolution outcomes.
 */
@NullMarked
package io.tenancykit.web.metrics;

import org.jspecify.annotations.NullMarked;
