/**
 * Workarounds for Reactor Netty, the default server of a reactive Spring application.
 */
@NullMarked
package io.tenancykit.web.netty;

import org.jspecify.annotations.NullMarked;
