package io.tenancykit.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class or method that works for tenants no request asked for (a scheduled purge,
 * a migration, a report run for every tenant) and therefore creates its own
 * {@link TenantContext}s with {@link TenantContext#of(Tenant)}, one per tenant it
 * iterates explicitly. Outside such jobs a context is created only by the kit's request
 * resolution; the architecture rules of {@code tenancy-architecture-tests} reject any
 * other creation, and do not accept the mark on a controller or handler.
 *
 * <pre class="code">
 * &#64;SystemTenantJob("deletes projects archived more than a year ago, in every tenant")
 * &#64;Scheduled(cron = "0 0 3 * * *")
 * void purgeArchived() {
 *     this.activeTenants() // the job's own list of tenants
 *         .concatMap((tenant) -&gt; this.projects.deleteArchived(TenantContext.of(tenant)))
 *         .blockLast();
 * }
 * </pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
public @interface SystemTenantJob {

	/**
	 * Say what the job does for every tenant, for a reviewer of the exception.
	 * @return the description, not blank
	 */
	String value();

}
