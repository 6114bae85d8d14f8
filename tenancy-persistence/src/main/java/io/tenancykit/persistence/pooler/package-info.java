/**
 * Detection of a transaction-pooling connection pooler, such as PgBouncer, between the
 * application and PostgreSQL, and of driver settings it cannot work with.
 */
@NullMarked
package io.tenancykit.persistence.pooler;

import org.jspecify.annotations.NullMarked;
