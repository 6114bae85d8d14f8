/**
 * JSON form of the kit's value types for Jackson 3: {@code TenantId} and
 * {@code TenantKey} as plain strings.
 */
@NullMarked
package io.tenancykit.web.json;

import org.jspecify.annotations.NullMarked;
