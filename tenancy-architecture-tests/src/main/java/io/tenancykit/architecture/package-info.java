/**
 * Reusable ArchUnit rules that fail a build on raw data access, tenant globals, implicit
 * tenant context and layer violations; see {@link TenancyArchitectureRules}.
 */
@NullMarked
package io.tenancykit.architecture;

import org.jspecify.annotations.NullMarked;
