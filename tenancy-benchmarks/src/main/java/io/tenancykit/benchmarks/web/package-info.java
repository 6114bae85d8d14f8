/**
 * Benchmarks of the kit's web filters other than tenant resolution: the request deadline
 * on a mock request and on a Reactor Netty connection's event loop.
 */
@NullMarked
package io.tenancykit.benchmarks.web;

import org.jspecify.annotations.NullMarked;
