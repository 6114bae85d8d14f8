/**
 * A bounded, asynchronous cache in front of the {@link io.tenancykit.api.TenantDirectory}
 * port.
 */
@NullMarked
package io.tenancykit.web.directory;

import org.jspecify.annotations.NullMarked;
