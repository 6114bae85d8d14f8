package io.tenancykit.architecture;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;

/**
 * Recognises tenant-owned entities by the conventions the kit uses to find an entity's
 * tenant property: the entity implements {@code TenantOwned}, or a property is annotated
 * {@code @OwningTenant}, or a property is mapped to the column {@code tenant_id}.
 */
final class TenantOwnership {

	private TenantOwnership() {
	}

	/**
	 * Whether a class is, or may be, tenant-owned data. Fail-closed: besides the kit's
	 * conventions, a field of type {@code TenantId} under any name, and a field of any
	 * type named {@code tenantId} or {@code tenant_id} (which Spring Data's default
	 * naming strategy maps to {@code tenant_id}), count.
	 */
	static boolean isTenantOwnedData(JavaClass entity) {
		return marksItsOwningTenant(entity) || instanceFields(entity.getAllFields().stream())
			.anyMatch((field) -> isTenantIdValue(field) || namedLikeTheTenantIdColumn(field));
	}

	/**
	 * Whether a class says which property holds its owning tenant: it implements
	 * {@code TenantOwned}, or a field or accessor, declared or inherited, is annotated
	 * (or meta-annotated) {@code @OwningTenant} or mapped with
	 * {@code @Column("tenant_id")}.
	 */
	static boolean marksItsOwningTenant(JavaClass javaClass) {
		return javaClass.isAssignableTo(KitTypes.TENANT_OWNED)
				|| instanceFields(javaClass.getAllFields().stream()).anyMatch(TenantOwnership::marksOwningTenant)
				|| javaClass.getAllMethods()
					.stream()
					.filter((method) -> !method.getModifiers().contains(JavaModifier.STATIC))
					.anyMatch(TenantOwnership::marksOwningTenant);
	}

	/**
	 * The fields a class declares that hold a tenant other than its own identity: a
	 * {@code TenantId} that is not its id, or a property named {@code tenantId} or
	 * {@code tenant_id}, which Spring Data's default naming strategy maps to
	 * {@code tenant_id}. A field named {@code id} or annotated {@code @Id} is the class's
	 * identity: a class describing a tenant is not owned by one.
	 */
	static List<JavaField> tenantFields(JavaClass javaClass) {
		return instanceFields(javaClass.getFields().stream()).filter((field) -> !isIdentity(field))
			.filter((field) -> isTenantIdValue(field) || namedLikeTheTenantIdColumn(field))
			.toList();
	}

	private static Stream<JavaField> instanceFields(Stream<JavaField> fields) {
		return fields.filter((field) -> !field.getModifiers().contains(JavaModifier.STATIC));
	}

	private static boolean isTenantIdValue(JavaField field) {
		return field.getRawType().getName().equals(KitTypes.TENANT_ID);
	}

	/**
	 * Whether the default naming strategy maps the property to {@code tenant_id}: its
	 * name, split at camel-case humps and lower-cased, is {@code tenant_id}
	 * ({@code tenantId}, {@code tenant_id}, {@code TENANT_ID}).
	 */
	private static boolean namedLikeTheTenantIdColumn(JavaField field) {
		return field.getName()
			.replaceAll("([a-z0-9])([A-Z])", "$1_$2")
			.toLowerCase(Locale.ROOT)
			.equals(KitTypes.TENANT_ID_COLUMN);
	}

	private static boolean isIdentity(JavaField field) {
		return field.getName().equals("id")
				|| TenancyPredicates.findAnnotation(field.getAnnotations(), KitTypes.ID).isPresent();
	}

	private static boolean marksOwningTenant(JavaMember member) {
		return TenancyPredicates.findAnnotation(member.getAnnotations(), KitTypes.OWNING_TENANT).isPresent()
				|| mapsToTenantIdColumn(member);
	}

	private static boolean mapsToTenantIdColumn(JavaMember member) {
		Optional<Object> column = TenancyPredicates.findAnnotation(member.getAnnotations(), KitTypes.COLUMN)
			.flatMap((annotation) -> annotation.get("value"));
		return column.isPresent() && column.get() instanceof String name
				&& name.equalsIgnoreCase(KitTypes.TENANT_ID_COLUMN);
	}

}
