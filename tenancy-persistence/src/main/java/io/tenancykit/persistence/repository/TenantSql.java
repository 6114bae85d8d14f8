package io.tenancykit.persistence.repository;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import io.tenancykit.api.TenantContext;
import io.tenancykit.persistence.rls.TenantSetting;
import org.jspecify.annotations.Nullable;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;

/**
 * The rules for hand-written SQL run by {@link TenantScopedTemplate}: it must reference
 * the named parameter {@code :tenant_id} as code (not inside a comment, a string constant
 * or a quoted identifier), and the tenant id is always bound from the context, never by
 * the caller.
 */
final class TenantSql {

	private static final String TENANT_ID_PARAMETER = TenantScopedTemplate.TENANT_ID_PARAMETER;

	private static final Pattern TENANT_ID_PLACEHOLDER = Pattern.compile(":tenant_id(?![A-Za-z0-9_])");

	private static final String INLINE_NAMED_CONDITION = TenantSetting
		.inlineCondition("CAST(:" + TENANT_ID_PARAMETER + " AS text)");

	private TenantSql() {
	}

	/**
	 * Check hand-written SQL: it must reference {@code :tenant_id}, and the parameters
	 * must not bind it.
	 * @param sql the SQL
	 * @param parameters the named parameters
	 * @return the SQL without a trailing semicolon
	 * @throws IllegalArgumentException if the SQL is not tenant-bound
	 */
	static String requireTenantBound(@Nullable String sql, @Nullable Map<String, ?> parameters) {
		Objects.requireNonNull(sql, "'sql' must not be null");
		Objects.requireNonNull(parameters, "'parameters' must not be null");
		if (!referencesTenantParameter(sql)) {
			throw new IllegalArgumentException("'sql' must restrict tenant_id with the named parameter :tenant_id");
		}
		if (parameters.containsKey(TENANT_ID_PARAMETER)) {
			throw new IllegalArgumentException("'parameters' must not bind tenant_id, which is bound from the context");
		}
		String statement = sql.strip();
		if (statement.endsWith(";")) {
			statement = statement.substring(0, statement.length() - 1);
		}
		return statement;
	}

	/**
	 * Return a checked {@code SELECT} wrapped so that it sets the tenant inline (ADR-021)
	 * before it reads a row.
	 * @param select the checked query
	 * @return the wrapped query
	 */
	static String withInlineSetting(String select) {
		// The closing parenthesis goes on a line of its own, so that a trailing line
		// comment of the query cannot swallow it.
		return "SELECT * FROM (" + select + "\n) AS tenancy_query WHERE " + INLINE_NAMED_CONDITION;
	}

	/**
	 * Bind the tenant id from the context and the caller's named parameters.
	 * @param spec the statement
	 * @param context the tenant context
	 * @param parameters the caller's parameters, none of them {@code tenant_id}
	 * @return the bound statement
	 */
	static GenericExecuteSpec bindNamed(GenericExecuteSpec spec, TenantContext context, Map<String, ?> parameters) {
		GenericExecuteSpec bound = spec.bind(TENANT_ID_PARAMETER, context.tenantId().value());
		for (Map.Entry<String, ?> parameter : parameters.entrySet()) {
			Object value = Objects.requireNonNull(parameter.getValue(),
					() -> "parameter '" + parameter.getKey() + "' must not be null; bind a Parameter instead");
			bound = bound.bind(parameter.getKey(), value);
		}
		return bound;
	}

	/**
	 * Return whether SQL references the named parameter {@code :tenant_id} outside
	 * comments, string constants and quoted identifiers.
	 * @param sql the SQL, must not be {@literal null}
	 * @return whether it does
	 */
	static boolean referencesTenantParameter(String sql) {
		return TENANT_ID_PLACEHOLDER.matcher(withoutCommentsAndQuotes(sql)).find();
	}

	/**
	 * Return SQL with its comments, string constants (plain, escape and dollar-quoted)
	 * and quoted identifiers replaced by a space: what remains is what PostgreSQL (and
	 * the named-parameter expansion of {@link DatabaseClient}) reads as code.
	 * @param sql the SQL
	 * @return the code of the SQL
	 */
	static String withoutCommentsAndQuotes(String sql) {
		StringBuilder code = new StringBuilder(sql.length());
		int length = sql.length();
		int i = 0;
		while (i < length) {
			char c = sql.charAt(i);
			char next = (i + 1 < length) ? sql.charAt(i + 1) : '\0';
			if (c == '-' && next == '-') {
				int end = sql.indexOf('\n', i);
				i = (end < 0) ? length : end;
				code.append(' ');
			}
			else if (c == '/' && next == '*') {
				// Block comments nest in PostgreSQL.
				int depth = 1;
				i += 2;
				while (i < length && depth > 0) {
					if (sql.startsWith("/*", i)) {
						depth++;
						i += 2;
					}
					else if (sql.startsWith("*/", i)) {
						depth--;
						i += 2;
					}
					else {
						i++;
					}
				}
				code.append(' ');
			}
			else if (c == '\'' || c == '"') {
				boolean escapes = c == '\'' && i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e')
						&& (i < 2 || !isIdentifierPart(sql.charAt(i - 2)));
				i = endOfQuoted(sql, i, c, escapes);
				code.append(' ');
			}
			else if (c == '$' && dollarTag(sql, i) != null) {
				String tag = Objects.requireNonNull(dollarTag(sql, i));
				int end = sql.indexOf(tag, i + tag.length());
				i = (end < 0) ? length : end + tag.length();
				code.append(' ');
			}
			else {
				code.append(c);
				i++;
			}
		}
		return code.toString();
	}

	private static int endOfQuoted(String sql, int start, char quote, boolean escapes) {
		int i = start + 1;
		while (i < sql.length()) {
			char c = sql.charAt(i);
			if (escapes && c == '\\') {
				i += 2;
			}
			else if (c == quote) {
				if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
					i += 2;
				}
				else {
					return i + 1;
				}
			}
			else {
				i++;
			}
		}
		return sql.length();
	}

	private static boolean isIdentifierPart(char c) {
		return Character.isLetterOrDigit(c) || c == '_';
	}

	private static @Nullable String dollarTag(String sql, int start) {
		// $tag$ or $$, where a tag does not start with a digit ($1 is a bind marker).
		int i = start + 1;
		while (i < sql.length() && isIdentifierPart(sql.charAt(i))) {
			i++;
		}
		boolean tagged = i > start + 1;
		if (i >= sql.length() || sql.charAt(i) != '$' || (tagged && Character.isDigit(sql.charAt(start + 1)))) {
			return null;
		}
		if (start > 0 && isIdentifierPart(sql.charAt(start - 1))) {
			// Part of an identifier such as a$b$, not a dollar quote.
			return null;
		}
		return sql.substring(start, i + 1);
	}

}
