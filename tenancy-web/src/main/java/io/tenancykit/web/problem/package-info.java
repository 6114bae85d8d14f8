/**
 * The catalogue of RFC 9457 problem types for tenant resolution failures and their
 * rendering as {@code application/problem+json}.
 */
@NullMarked
package io.tenancykit.web.problem;

import org.jspecify.annotations.NullMarked;
