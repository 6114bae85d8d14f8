/**
 * The deadline of tenant-scoped requests: work that does not answer in time is cancelled
 * and answered with a 503 problem.
 */
@NullMarked
package io.tenancykit.web.deadline;

import org.jspecify.annotations.NullMarked;
