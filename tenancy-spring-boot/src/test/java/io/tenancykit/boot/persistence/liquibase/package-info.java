/**
 * A small application that migrates with Liquibase, for the kit's Liquibase integration
 * tests.
 */
@NullMarked
package io.tenancykit.boot.persistence.liquibase;

import org.jspecify.annotations.NullMarked;
