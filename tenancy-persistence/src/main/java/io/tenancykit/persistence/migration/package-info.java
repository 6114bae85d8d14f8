/**
 * The Flyway migrations shipped by the kit and how to run them beside an application's
 * own.
 */
@NullMarked
package io.tenancykit.persistence.migration;

import org.jspecify.annotations.NullMarked;
