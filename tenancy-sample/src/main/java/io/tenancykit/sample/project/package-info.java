/**
 * Projects of a tenant: the entity, its tenant-scoped repository and the HTTP API.
 */
@NullMarked
package io.tenancykit.sample.project;

import org.jspecify.annotations.NullMarked;
