package io.tenancykit.persistence.repository;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the property of an entity that holds its owning tenant, when neither convention
 * finds it: a property mapped to the column {@code tenant_id} is the tenant property
 * whatever its name, and so is the property {@code tenantId} of a {@link TenantOwned}
 * entity. The property is of type {@link io.tenancykit.api.TenantId} or
 * {@link java.util.UUID} and must map to the column {@code tenant_id}, which row-level
 * security policies and the startup verifier check.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.ANNOTATION_TYPE })
public @interface OwningTenant {

}
