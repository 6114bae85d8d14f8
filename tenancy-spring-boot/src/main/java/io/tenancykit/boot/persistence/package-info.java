/**
 * Auto-configuration of the kit's persistence: the R2DBC tenant directory, row-level
 * security, the startup isolation check and the kit's Flyway migrations.
 */
@NullMarked
package io.tenancykit.boot.persistence;

import org.jspecify.annotations.NullMarked;
