package io.tenancykit.architecture;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaParameterizedType;
import com.tngtech.archunit.core.domain.JavaType;

/**
 * Recognises a tenant that has already become a {@code String}, {@code UUID} or
 * {@code long} by the name of the field that keeps it: a field whose name mentions
 * "tenant" and that can change after construction, because it is not final or because it
 * is a final holder whose content can be replaced ({@code AtomicReference}, an array, a
 * mutable collection). Constants, configuration injected once, counters and flags, maps
 * keyed by the tenant and functions are not a kept tenant.
 */
final class TenantNamedFields {

	/**
	 * What may follow "tenant" at the end of a field's name for a number to be the
	 * tenant's identity ({@code currentTenant}, {@code tenantId}, {@code TENANT_NO})
	 * rather than a count ({@code tenantCount}, {@code activeTenants}).
	 */
	private static final Pattern IDENTITY_SUFFIX = Pattern.compile("(id|ids|key|keys|no|nr|number|ref|code)?");

	/** An application's own tenant type: {@code Tenant}, {@code TenantInfo}, ... */
	private static final Pattern TENANT_VALUE_TYPE = Pattern
		.compile("(?i)\\w*tenant(info|details|data|id|key|context|identifier|ref|reference)?");

	/**
	 * Generic holders whose content can be replaced: {@code Holder<T>}, {@code Ref<T>}.
	 */
	private static final Pattern HOLDER_TYPE = Pattern.compile("Mutable\\w*|\\w*(Holder|Ref|Reference|Box|Cell)");

	/** Types that can carry a tenant's identity whatever the field's name. */
	private static final List<String> VALUE_TYPES = List.of("java.lang.String", "java.lang.CharSequence",
			"java.util.UUID", "java.lang.Object", "java.io.Serializable", "java.lang.Comparable");

	/** Types that carry a tenant's identity when the name says it is one. */
	private static final List<String> NUMBER_TYPES = List.of("long", "int", "short", "java.lang.Long",
			"java.lang.Integer", "java.lang.Short", "java.lang.Number", "java.math.BigInteger",
			"java.util.OptionalLong", "java.util.OptionalInt");

	private static final String ATOMIC_PACKAGE = "java.util.concurrent.atomic";

	private static final List<String> ATOMIC_REFERENCES = List.of("AtomicReference", "AtomicReferenceArray",
			"AtomicStampedReference", "AtomicMarkableReference");

	private static final List<String> ATOMIC_NUMBERS = List.of("AtomicLong", "AtomicInteger", "AtomicLongArray",
			"AtomicIntegerArray");

	/** Annotations by which a container sets a field once, at startup. */
	private static final List<String> INJECTION = List.of("org.springframework.beans.factory.annotation.Autowired",
			"org.springframework.beans.factory.annotation.Value", "jakarta.inject.Inject", "javax.inject.Inject",
			"jakarta.annotation.Resource", "javax.annotation.Resource");

	private TenantNamedFields() {
	}

	/**
	 * Whether the field keeps a tenant by name: it is not synthetic, its name mentions
	 * "tenant", the container does not inject it (an {@code @Autowired}, {@code @Value},
	 * {@code @Inject} or {@code @Resource} field or setter, a field of a
	 * {@code @ConfigurationProperties} class), and either it is not final and its type
	 * can carry a tenant, or it is a holder whose content can be replaced.
	 */
	static boolean keepsATenant(JavaField field) {
		Set<JavaModifier> modifiers = field.getModifiers();
		if (modifiers.contains(JavaModifier.SYNTHETIC) || !mentionsTenant(field.getName()) || injected(field)) {
			return false;
		}
		boolean identity = namesAnIdentity(field.getName());
		boolean assignable = !modifiers.contains(JavaModifier.FINAL);
		JavaType type = field.getType();
		JavaClass raw = type.toErasure();
		if (raw.isArray()) {
			return carries(raw.getComponentType(), identity);
		}
		if (raw.getPackageName().equals(ATOMIC_PACKAGE)) {
			return ATOMIC_REFERENCES.contains(raw.getSimpleName()) ? firstArgumentCarries(type, identity)
					: ATOMIC_NUMBERS.contains(raw.getSimpleName()) && identity;
		}
		if (isHolder(raw)) {
			return holderCarries(type, raw, identity);
		}
		if (raw.isAssignableTo("java.util.Map") || raw.getSimpleName().endsWith("Cache")) {
			// Keyed by the tenant, as far as a String or UUID key can tell, unless
			// keyed by the thread: a ThreadLocal written by hand.
			return keyedByThread(type);
		}
		if (raw.isAssignableTo("java.util.Collection")) {
			return firstArgumentCarries(type, identity) && (assignable || isMutableCollection(field, raw));
		}
		if (raw.getName().equals("java.util.Optional")) {
			return assignable && firstArgumentCarries(type, identity);
		}
		return assignable && carries(raw, identity);
	}

	static boolean mentionsTenant(String name) {
		return name.toLowerCase(Locale.ROOT).contains("tenant");
	}

	private static boolean namesAnIdentity(String name) {
		String letters = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
		return IDENTITY_SUFFIX.matcher(letters.substring(letters.lastIndexOf("tenant") + "tenant".length())).matches();
	}

	private static boolean carries(JavaClass type, boolean identity) {
		return VALUE_TYPES.contains(type.getName()) || carriesAsNumber(type, identity) || type.isRecord()
				|| (!type.isInterface() && !type.isEnum() && !type.getName().startsWith("java.")
						&& TENANT_VALUE_TYPE.matcher(type.getSimpleName()).matches());
	}

	private static boolean carriesAsNumber(JavaClass type, boolean identity) {
		return identity && NUMBER_TYPES.contains(type.getName());
	}

	private static boolean firstArgumentCarries(JavaType type, boolean identity) {
		if (!(type instanceof JavaParameterizedType parameterized)
				|| parameterized.getActualTypeArguments().isEmpty()) {
			// A raw holder may hold anything, the tenant included.
			return true;
		}
		return carries(parameterized.getActualTypeArguments().get(0).toErasure(), identity);
	}

	/**
	 * Generic holders ({@code Holder<T>}, {@code Ref<T>}, {@code MutableObject<T>}) and
	 * the mutable boxes of Commons Lang ({@code MutableLong}); a class such as
	 * {@code TenantContextHolder} that takes no type argument is judged as a value.
	 */
	private static boolean isHolder(JavaClass raw) {
		String name = raw.getSimpleName();
		return !raw.getPackageName().equals("java.lang.ref") && HOLDER_TYPE.matcher(name).matches()
				&& (!raw.getTypeParameters().isEmpty() || name.startsWith("Mutable"));
	}

	private static boolean holderCarries(JavaType type, JavaClass raw, boolean identity) {
		if (!raw.getTypeParameters().isEmpty()) {
			return firstArgumentCarries(type, identity);
		}
		String name = raw.getSimpleName();
		return name.matches("Mutable(Long|Int|Short)") ? identity : !name.matches("Mutable(Boolean|Byte|Float|Double)");
	}

	private static boolean keyedByThread(JavaType type) {
		return type instanceof JavaParameterizedType parameterized && !parameterized.getActualTypeArguments().isEmpty()
				&& parameterized.getActualTypeArguments().get(0).toErasure().isAssignableTo(Thread.class);
	}

	/**
	 * Whether a final collection field can change: its declared type is a concrete
	 * collection ({@code ArrayList}) or a queue, or it is initialised with a newly
	 * constructed collection ({@code List<String> TENANTS = new ArrayList<>()}) that is
	 * not wrapped as unmodifiable. {@code List.of(...)} is a constant.
	 */
	private static boolean isMutableCollection(JavaField field, JavaClass raw) {
		if (raw.isAssignableTo("java.util.Queue")) {
			return true;
		}
		if (!raw.isInterface() && !raw.getModifiers().contains(JavaModifier.ABSTRACT)) {
			return !raw.getSimpleName().matches("(Immutable|Unmodifiable).*");
		}
		return field.getAccessesToSelf()
			.stream()
			.filter((access) -> access.getAccessType() == JavaFieldAccess.AccessType.SET)
			.anyMatch(TenantNamedFields::assignsANewMutableCollection);
	}

	/**
	 * Whether the code that computes the assigned value, the calls between the previous
	 * field assignment of the same initialiser or constructor and this one, constructs a
	 * collection and does not wrap it as unmodifiable.
	 */
	private static boolean assignsANewMutableCollection(JavaFieldAccess assignment) {
		JavaCodeUnit origin = assignment.getOrigin();
		int line = assignment.getLineNumber();
		int previous = origin.getFieldAccesses()
			.stream()
			.filter((access) -> access.getAccessType() == JavaFieldAccess.AccessType.SET
					&& access.getLineNumber() < line)
			.mapToInt(JavaAccess::getLineNumber)
			.max()
			.orElse(0);
		List<JavaAccess<?>> calls = origin.getCallsFromSelf()
			.stream()
			.<JavaAccess<?>>map((call) -> call)
			.filter((call) -> call.getLineNumber() > previous && call.getLineNumber() <= line)
			.toList();
		boolean constructs = calls.stream()
			.anyMatch((call) -> call.getTarget() instanceof AccessTarget.ConstructorCallTarget
					&& call.getTargetOwner().isAssignableTo("java.util.Collection"));
		boolean wraps = calls.stream()
			.anyMatch((call) -> call.getName().startsWith("unmodifiable") || call.getName().equals("copyOf"));
		return constructs && !wraps;
	}

	private static boolean injected(JavaField field) {
		if (TenancyPredicates.findAnnotation(field.getOwner().getAnnotations(), KitTypes.CONFIGURATION_PROPERTIES)
			.isPresent()
				|| INJECTION.stream()
					.anyMatch((annotation) -> TenancyPredicates.findAnnotation(field.getAnnotations(), annotation)
						.isPresent())) {
			return true;
		}
		String setter = "set" + Character.toUpperCase(field.getName().charAt(0)) + field.getName().substring(1);
		return field.getOwner()
			.getMethods()
			.stream()
			.filter((method) -> method.getName().equals(setter))
			.anyMatch((method) -> INJECTION.stream()
				.anyMatch((annotation) -> TenancyPredicates.findAnnotation(method.getAnnotations(), annotation)
					.isPresent()));
	}

}
