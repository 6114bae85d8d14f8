/**
 * The {@link io.tenancykit.test.PostgresTest @PostgresTest} JUnit extension that gives
 * each test class a fresh database, an owner role and a non-owner application role on a
 * real PostgreSQL server.
 */
@NullMarked
package io.tenancykit.test;

import org.jspecify.annotations.NullMarked;
