package io.tenancykit.web.logging;

import java.util.Objects;

import io.tenancykit.api.TenantContext;
import org.slf4j.Logger;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Starts SLF4J 2 fluent log events that carry the tenant as the structured key-value
 * {@value #TENANT_ID}, taken from an explicit {@link TenantContext} rather than from MDC.
 * <pre class="code">
 * TenantLogging.atInfo(log, tenant).log("Project created");
 * </pre>
 */
public final class TenantLogging {

	/** The key under which the tenant id is attached to every tenant-scoped event. */
	public static final String TENANT_ID = "tenant_id";

	private TenantLogging() {
	}

	/**
	 * Attach the tenant id of a context to a log event.
	 * @param event the event, must not be {@literal null}
	 * @param tenant the tenant, must not be {@literal null}
	 * @return the event
	 */
	public static LoggingEventBuilder withTenant(LoggingEventBuilder event, TenantContext tenant) {
		Objects.requireNonNull(tenant, "'tenant' must not be null");
		return event.addKeyValue(TENANT_ID, tenant.tenantId().toString());
	}

	/**
	 * Start a DEBUG event for a tenant.
	 * @param logger the logger, must not be {@literal null}
	 * @param tenant the tenant, must not be {@literal null}
	 * @return the event
	 */
	public static LoggingEventBuilder atDebug(Logger logger, TenantContext tenant) {
		return withTenant(logger.atDebug(), tenant);
	}

	/**
	 * Start an INFO event for a tenant.
	 * @param logger the logger, must not be {@literal null}
	 * @param tenant the tenant, must not be {@literal null}
	 * @return the event
	 */
	public static LoggingEventBuilder atInfo(Logger logger, TenantContext tenant) {
		return withTenant(logger.atInfo(), tenant);
	}

	/**
	 * Start a WARN event for a tenant.
	 * @param logger the logger, must not be {@literal null}
	 * @param tenant the tenant, must not be {@literal null}
	 * @return the event
	 */
	public static LoggingEventBuilder atWarn(Logger logger, TenantContext tenant) {
		return withTenant(logger.atWarn(), tenant);
	}

}
