/**
 * The kit's WebFlux layer: what its feature packages share, such as the failure of an
 * invalid setting.
 */
@NullMarked
package io.tenancykit.web;

import org.jspecify.annotations.NullMarked;
