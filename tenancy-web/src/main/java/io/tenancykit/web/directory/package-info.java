/**
 * How the web layer reaches the {@link io.tenancykit.api.TenantDirectory} port: lookups
 * that fail closed as unavailable, and a bounded, asynchronous cache in front of the
 * port.
 */
@NullMarked
package io.tenancykit.web.directory;

import org.jspecify.annotations.NullMarked;
