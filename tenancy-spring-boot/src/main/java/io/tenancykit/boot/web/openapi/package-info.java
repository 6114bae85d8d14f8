/**
 * Auto-configuration that documents the kit's contract in springdoc-openapi: how each
 * tenant-scoped operation is given its tenant and which problems it can answer.
 */
@NullMarked
package io.tenancykit.boot.web.openapi;

import org.jspecify.annotations.NullMarked;
