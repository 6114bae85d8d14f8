package io.tenancykit.architecture;

import java.util.List;
import java.util.regex.Pattern;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The implementation of {@link TenancyConditions#bindTenantIdInTheirSql()}: finds the SQL
 * a tenant-scoped repository declares and checks that it binds {@code :tenant_id}.
 */
final class SqlConditions {

	private static final Pattern TENANT_ID_PARAMETER = Pattern.compile(":tenant_id(?![A-Za-z0-9_$])");

	/**
	 * A statement, after any leading whitespace, comments and opening parentheses.
	 */
	private static final Pattern SQL_STATEMENT = Pattern.compile(
			"(?:\\s|--[^\\n]*(?:\\n|$)|/\\*.*?\\*/|\\()*(select\\s.+\\sfrom\\s.*|insert\\s+into\\s.*"
					+ "|update\\s+\\S+\\s+set\\s.*|delete\\s+from\\s.*|with\\s.+\\sas\\s*\\(.*|merge\\s+into\\s.*)",
			Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

	static ArchCondition<JavaClass> bindTenantIdInTheirSql() {
		return new ArchCondition<>("restrict tenant_id with :tenant_id in their SQL") {

			@Override
			public void check(JavaClass item, ConditionEvents events) {
				if (TenancyPredicates.residesIn(item, KitTypes.PERSISTENCE_PACKAGE)) {
					return;
				}
				// A query inherited from a mixin interface runs in this repository.
				for (JavaMethod method : RepositoryMethodConditions.repositoryMethods(item)) {
					for (String type : KitTypes.QUERY_ANNOTATIONS) {
						TenancyPredicates.findAnnotation(method.getAnnotations(), type)
							.map((query) -> CacheKeyConditions.attribute(query, "value"))
							.filter((sql) -> !sql.isEmpty() && !TENANT_ID_PARAMETER.matcher(sql).find())
							.ifPresent((sql) -> events.add(SimpleConditionEvent.violated(method,
									"Method <" + method.getFullName() + "> of tenant-scoped repository <"
											+ item.getName() + "> declares @Query <" + oneLine(sql)
											+ "> without :tenant_id in " + method.getSourceCodeLocation())));
					}
				}
				if (item.isInterface() || !item.isAssignableTo(KitTypes.TENANT_SCOPED_REPOSITORY)) {
					return;
				}
				List<String> constants = ClassConstants.strings(item);
				for (String constant : constants) {
					if (SQL_STATEMENT.matcher(constant).matches() && !TENANT_ID_PARAMETER.matcher(constant).find()
							&& isWholeStatement(constant, constants)) {
						events.add(SimpleConditionEvent.violated(item, "Class <" + item.getName() + "> holds SQL <"
								+ oneLine(constant) + "> without :tenant_id in " + item.getSourceCodeLocation()));
					}
				}
			}

		};
	}

	/**
	 * Whether a constant is a statement of its own: SQL completed at runtime (a
	 * concatenation recipe with a dynamic part) and constants that are fragments of a
	 * longer constant are not judged, since the missing part may bind the tenant; the kit
	 * checks those when they run.
	 */
	private static boolean isWholeStatement(String constant, List<String> constants) {
		return constant.indexOf('\u0001') < 0 && constants.stream()
			.noneMatch((other) -> other.length() > constant.length() && other.contains(constant.strip()));
	}

	private static String oneLine(String sql) {
		return sql.replaceAll("\\s+", " ").strip();
	}

	private SqlConditions() {
	}

}
