/**
 * The reference service of Tenancy Kit: a small reactive API built only on the starter
 * and the kit's public API.
 */
@NullMarked
package io.tenancykit.sample;

import org.jspecify.annotations.NullMarked;
