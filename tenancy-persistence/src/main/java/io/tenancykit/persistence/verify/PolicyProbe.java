package io.tenancykit.persistence.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.Readable;
import io.tenancykit.persistence.rls.TenantSetting;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Judges the row-level security of tenant-owned tables by what it does for the
 * application role rather than by the words in its policies. In one transaction that is
 * always rolled back, and for each table:
 * <ul>
 * <li>the table must show no row without a tenant setting and with an unknown tenant
 * set;</li>
 * <li>every permissive policy that applies to the role must admit no row of another
 * tenant: its {@code USING} and {@code WITH CHECK} expressions are evaluated against rows
 * of two other tenants, arranged in a query of the table's row type (the application role
 * usually cannot insert into the table itself: other columns are required, foreign keys
 * must hold, and a hardened role lacks {@code INSERT} or {@code TEMPORARY}), with the
 * setting absent ({@code NULL}), empty, and set to one of the two tenants. A policy that
 * calls a {@code SECURITY DEFINER} function is rejected, since the function runs with its
 * owner's rights and may ignore the setting;</li>
 * <li>no view or materialized view that the role may read exposes the table with the
 * rights of a role that bypasses row-level security.</li>
 * </ul>
 */
final class PolicyProbe {

	/**
	 * How many visible rows are enough to prove a leak; bounds the cost on big tables.
	 */
	private static final int ROW_SAMPLE = 1000;

	private static final Pattern SETTING_CALL = Pattern.compile("current_setting\\(\\s*'"
			+ Pattern.quote(TenantSetting.NAME) + "'(?:::text)?\\s*(?:,\\s*(?:true|false))?\\s*\\)",
			Pattern.CASE_INSENSITIVE);

	private static final String TENANT_PLACEHOLDER = "@TENANT@";

	/**
	 * The select list of one row of the table: every column {@code NULL} but
	 * {@code tenant_id}, each cast to its type.
	 */
	private static final String COLUMNS = """
			SELECT string_agg(CASE WHEN a.attname = 'tenant_id' THEN '@TENANT@' ELSE 'NULL' END
					|| '::' || format_type(a.atttypid, a.atttypmod) || ' AS ' || quote_ident(a.attname::text),
					', ' ORDER BY a.attnum) AS columns
			FROM pg_catalog.pg_attribute a
			WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped""";

	private static final String TABLE = """
			SELECT c.oid::regclass::text AS qualified, quote_ident(c.relname::text) AS alias
			FROM pg_catalog.pg_class c WHERE c.oid = to_regclass($1)""";

	private static final String POLICIES = """
			SELECT p.polname::text AS name, p.polcmd::text AS command,
				pg_get_expr(p.polqual, p.polrelid) AS using_expression,
				pg_get_expr(p.polwithcheck, p.polrelid) AS check_expression,
				(SELECT string_agg(f.oid::regprocedure::text, ', ' ORDER BY f.oid::regprocedure::text)
					FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_proc f ON f.oid = d.refobjid
					WHERE d.classid = 'pg_catalog.pg_policy'::regclass AND d.objid = p.oid
						AND d.refclassid = 'pg_catalog.pg_proc'::regclass AND f.prosecdef) AS definer_functions
			FROM pg_catalog.pg_policy p
			WHERE p.polrelid = to_regclass($1) AND p.polpermissive
				AND (0::oid = ANY (p.polroles) OR EXISTS (SELECT 1 FROM unnest(p.polroles) AS r(role)
					WHERE r.role <> 0::oid AND pg_has_role(current_user, r.role, 'MEMBER')))
			ORDER BY p.polname""";

	private static final String VIEWS = """
			SELECT DISTINCT v.oid::regclass::text AS name, v.relkind::text AS kind, o.rolname::text AS owner
			FROM pg_catalog.pg_depend d
			JOIN pg_catalog.pg_rewrite rw ON rw.oid = d.objid
			JOIN pg_catalog.pg_class v ON v.oid = rw.ev_class
			JOIN pg_catalog.pg_roles o ON o.oid = v.relowner
			WHERE d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.refclassid = 'pg_catalog.pg_class'::regclass
				AND d.refobjid = to_regclass($1) AND v.oid <> d.refobjid AND v.relkind IN ('v', 'm')
				AND has_table_privilege(current_user, v.oid, 'SELECT')
				AND (v.relkind = 'm' OR ((o.rolsuper OR o.rolbypassrls) AND NOT EXISTS (
					SELECT 1 FROM unnest(coalesce(v.reloptions, ARRAY[]::text[])) AS opt(value)
					WHERE lower(opt.value) IN ('security_invoker=true', 'security_invoker=on',
						'security_invoker=1', 'security_invoker=yes'))))
			ORDER BY 1""";

	private final DatabaseClient client;

	PolicyProbe(DatabaseClient client) {
		this.client = client;
	}

	/**
	 * Probe the given tables, which exist and have a {@code tenant_id} column.
	 * @param role the application role, for messages
	 * @param tables the tables
	 * @return the violations found
	 */
	Mono<List<Violation>> probe(String role, List<String> tables) {
		if (tables.isEmpty()) {
			return Mono.just(List.of());
		}
		return this.client.inConnectionMany((connection) -> Flux.usingWhen(
				Mono.from(connection.beginTransaction()).thenReturn(new Session(connection)),
				(session) -> Flux.fromIterable(tables).concatMap((table) -> probeTable(session, role, table)),
				Session::rollback, (session, error) -> session.rollback(), Session::rollback))
			.collectList();
	}

	private Flux<Violation> probeTable(Session session, String role, String table) {
		String unknown = UUID.randomUUID().toString();
		String other = UUID.randomUUID().toString();
		return session.rows(TABLE, List.of(table), (row) -> new String[] { text(row, "qualified"), text(row, "alias") })
			.next()
			.flatMapMany((names) -> Flux.concat(visibleRows(session, role, table, names[0], unknown),
					policies(session, table, names[1], unknown, other), views(session, role, table)));
	}

	private Flux<Violation> visibleRows(Session session, String role, String table, String qualified, String unknown) {
		String count = "SELECT count(*) AS visible FROM (SELECT 1 FROM " + qualified + " LIMIT " + ROW_SAMPLE + ") s";
		Mono<Long> withoutTenant = session.guarded(session.setting("").then(session.count(count)), 0L);
		Mono<Long> withUnknownTenant = session.guarded(session.setting(unknown).then(session.count(count)), 0L);
		return Flux.concat(
				withoutTenant.filter((visible) -> visible > 0)
					.map((visible) -> new Violation(table, Violation.Kind.ROWS_VISIBLE_WITHOUT_TENANT,
							"table " + table + " shows " + amount(visible) + " to role " + role
									+ " without a tenant set")),
				withUnknownTenant.filter((visible) -> visible > 0)
					.map((visible) -> new Violation(table, Violation.Kind.ROWS_VISIBLE_WITHOUT_TENANT, "table " + table
							+ " shows " + amount(visible) + " to role " + role + " with an unknown tenant set")));
	}

	private static String amount(long visible) {
		return (visible >= ROW_SAMPLE) ? "at least " + ROW_SAMPLE + " rows" : visible + " rows";
	}

	private Flux<Violation> policies(Session session, String table, String alias, String unknown, String other) {
		return session.rows(POLICIES, List.of(table), Policy::of).collectList().flatMapMany((policies) -> {
			List<Policy> probed = policies.stream().filter(Policy::mentionsSetting).toList();
			if (probed.isEmpty()) {
				return Flux.empty();
			}
			return session.rows(COLUMNS, List.of(table), (row) -> text(row, "columns"))
				.next()
				.flatMapMany((columns) -> {
					String rows = "(SELECT " + columns.replace(TENANT_PLACEHOLDER, "'" + unknown + "'")
							+ " UNION ALL SELECT " + columns.replace(TENANT_PLACEHOLDER, "'" + other + "'") + ") AS "
							+ alias;
					return Flux.fromIterable(probed)
						.concatMap((policy) -> judge(session, table, rows, policy, unknown, other));
				})
				.onErrorResume((ex) -> Mono.just(new Violation(table, Violation.Kind.BEHAVIOUR_NOT_VERIFIABLE,
						"the policies of table " + table + " could not be evaluated (" + ex.getMessage() + ")")));
		});
	}

	private Flux<Violation> judge(Session session, String table, String rows, Policy policy, String unknown,
			String other) {
		if (policy.definerFunctions() != null) {
			return Flux.just(new Violation(table, Violation.Kind.LEAKY_POLICY, "permissive policy " + policy.name()
					+ " on table " + table + " calls SECURITY DEFINER function " + policy.definerFunctions()
					+ ", which runs with its owner's rights and cannot be shown to depend on " + TenantSetting.NAME));
		}
		List<String[]> clauses = new ArrayList<>();
		if (policy.usingExpression() != null && policy.appliesToReads()) {
			clauses.add(new String[] { "USING", policy.usingExpression() });
		}
		String check = (policy.checkExpression() != null) ? policy.checkExpression()
				: (policy.command().equals("*") ? policy.usingExpression() : null);
		if (check != null && policy.appliesToWrites()) {
			clauses.add(new String[] { "WITH CHECK", check });
		}
		return Flux.fromIterable(clauses)
			.concatMap((clause) -> leak(session, rows, clause[1], unknown, other)
				.map((when) -> new Violation(table, Violation.Kind.LEAKY_POLICY, "permissive policy " + policy.name()
						+ " on table " + table + " admits rows of other tenants in " + clause[0] + " " + when)));
	}

	/**
	 * Return when an expression admits a row of a tenant other than the one set, if it
	 * does.
	 */
	private Mono<String> leak(Session session, String rows, String expression, String unknown, String other) {
		String nullSetting = SETTING_CALL.matcher(expression).replaceAll(Matcher.quoteReplacement("NULL::text"));
		Mono<List<String>> whenNull = session
			.guarded(session.setting("").thenMany(admitted(session, rows, nullSetting)).collectList(), List.of());
		Mono<List<String>> whenEmpty = session
			.guarded(session.setting("").thenMany(admitted(session, rows, expression)).collectList(), List.of());
		Mono<List<String>> whenUnknown = session
			.guarded(session.setting(unknown).thenMany(admitted(session, rows, expression)).collectList(), List.of());
		return Flux
			.concat(whenNull.filter((admitted) -> !admitted.isEmpty()).map((admitted) -> "when no tenant is set"),
					whenEmpty.filter((admitted) -> !admitted.isEmpty())
						.map((admitted) -> "when the tenant setting is empty"),
					whenUnknown.filter((admitted) -> admitted.contains(other))
						.map((admitted) -> "when another tenant is set"))
			.next();
	}

	private Flux<String> admitted(Session session, String rows, String expression) {
		// The expression names the table's columns unqualified or qualified with the
		// table's name, which the arranged rows carry as their alias.
		String query = "SELECT tenant_id::text AS tenant FROM " + rows + " WHERE (" + expression + ")";
		return session.rows(query, List.of(), (row) -> text(row, "tenant"));
	}

	private Flux<Violation> views(Session session, String role, String table) {
		return session.rows(VIEWS, List.of(table), (row) -> {
			String view = text(row, "name");
			String owner = text(row, "owner");
			String detail = text(row, "kind").equals("m")
					? "materialized view " + view + " copies table " + table + " outside row-level security and role "
							+ role + " may read it"
					: "view " + view + " reads table " + table + " with the rights of its owner " + owner
							+ ", who bypasses row-level security, and role " + role + " may read it";
			return new Violation(table, Violation.Kind.VIEW_BYPASSES_RLS, detail);
		});
	}

	private static String text(Readable row, String column) {
		return Objects.requireNonNull(row.get(column, String.class), () -> "column " + column + " must not be null");
	}

	/**
	 * A permissive policy that applies to the application role.
	 */
	private record Policy(String name, String command, @Nullable String usingExpression,
			@Nullable String checkExpression, @Nullable String definerFunctions) {

		static Policy of(Readable row) {
			return new Policy(text(row, "name"), text(row, "command"), row.get("using_expression", String.class),
					row.get("check_expression", String.class), row.get("definer_functions", String.class));
		}

		/** Policies that never mention the setting are reported by the catalog check. */
		boolean mentionsSetting() {
			return contains(this.usingExpression) || contains(this.checkExpression);
		}

		private static boolean contains(@Nullable String expression) {
			return expression != null && expression.toLowerCase(Locale.ROOT).contains(TenantSetting.NAME);
		}

		boolean appliesToReads() {
			return !this.command.equals("a");
		}

		boolean appliesToWrites() {
			return this.command.equals("*") || this.command.equals("a") || this.command.equals("w");
		}

	}

	/**
	 * The statements of one probe, on one connection, in one transaction.
	 */
	private record Session(Connection connection) {

		Mono<Void> rollback() {
			return Mono.from(this.connection.rollbackTransaction());
		}

		<T> Flux<T> rows(String sql, List<String> bindings, Function<Readable, T> mapper) {
			io.r2dbc.spi.Statement statement = this.connection.createStatement(sql);
			for (int i = 0; i < bindings.size(); i++) {
				statement.bind(i, bindings.get(i));
			}
			return Flux.from(statement.execute()).flatMap((result) -> result.map(mapper));
		}

		Mono<Void> setting(String value) {
			return rows("SELECT set_config('" + TenantSetting.NAME + "', $1, true) AS value", List.of(value),
					(row) -> Boolean.TRUE)
				.then();
		}

		Mono<Long> count(String sql) {
			return rows(sql, List.of(), (row) -> Objects.requireNonNull(row.get("visible", Long.class))).next()
				.defaultIfEmpty(0L);
		}

		Mono<Void> savepoint(String name) {
			return Mono.from(this.connection.createSavepoint(name));
		}

		Mono<Void> rollbackTo(String name) {
			return Mono.from(this.connection.rollbackTransactionToSavepoint(name));
		}

		/**
		 * Run work under a savepoint; if it fails, roll back to the savepoint and return
		 * the fallback, so that one failing statement does not abort the probe. A refused
		 * privilege (SQLSTATE 42501) is not such a failure: a table the role may not read
		 * would otherwise pass as showing no rows, so it fails the verification.
		 */
		<T> Mono<T> guarded(Mono<T> work, T fallback) {
			String name = "tenancy_probe_step";
			return savepoint(name).then(work)
				.flatMap((value) -> Mono.from(this.connection.releaseSavepoint(name)).thenReturn(value))
				.onErrorResume((ex) -> !(ex instanceof R2dbcException r2dbc && "42501".equals(r2dbc.getSqlState())),
						(ex) -> rollbackTo(name).thenReturn(fallback));
		}

	}

}
