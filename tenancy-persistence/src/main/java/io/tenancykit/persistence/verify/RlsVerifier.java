package io.tenancykit.persistence.verify;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import io.r2dbc.spi.Readable;
import io.tenancykit.persistence.rls.RowLevelSecurity;
import io.tenancykit.persistence.rls.TenantSetting;
import io.tenancykit.persistence.rls.TenantSettingMode;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Reads the PostgreSQL catalog, as the application role, and reports whether the database
 * itself keeps tenants apart: every tenant-owned table has row-level security enabled and
 * forced with a policy on the {@linkplain TenantSetting tenant setting}, the role cannot
 * bypass it (it owns no tenant table, is no superuser, has no {@code BYPASSRLS}), and
 * every primary key, unique index and foreign key of a tenant-owned table includes
 * {@code tenant_id}. Run it at startup to fail fast, or from a test.
 * <p>
 * Words in a policy prove nothing ({@code current_setting(...) IS NULL OR ...} mentions
 * the setting and admits every row), so the verifier also checks behaviour, as the
 * application role and in a transaction that is always rolled back: a tenant-owned table
 * shows no row without a tenant set or with an unknown tenant set; every permissive
 * policy that applies to the role admits no row of another tenant, neither in
 * {@code USING} nor in {@code WITH CHECK}, judged on rows of two other tenants arranged
 * in a query of the table's row type, and calls no {@code SECURITY DEFINER} function; and
 * no view the role may read exposes the table with the rights of a role that bypasses
 * row-level security. The checks need no privilege beyond the application's own.
 * <p>
 * On a Citus coordinator it also checks that every tenant-owned table is distributed by
 * {@code tenant_id} (or was made a local table on purpose, with
 * {@code citus_add_local_table_to_metadata}), that the distributed ones are co-located,
 * and that every shard placement forces row-level security with the
 * {@code tenancy_isolation} policy, naming the table, shard and node otherwise.
 * <p>
 * With {@link RowLevelSecurity#DISABLED} only the key checks are made.
 */
public final class RlsVerifier {

	private static final String DISCOVER = """
			SELECT c.oid::regclass::text AS name
			FROM pg_catalog.pg_class c
			JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
			JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
			WHERE c.relkind IN ('r', 'p')
				AND n.nspname = ANY (current_schemas(false))
			ORDER BY 1""";

	private static final String ROLE = """
			SELECT current_user::text AS role, r.rolsuper AS superuser, r.rolbypassrls AS bypass_rls
			FROM pg_catalog.pg_roles r WHERE r.rolname = current_user""";

	private static final String TABLES = """
			SELECT r.name AS name,
				c.oid IS NOT NULL AS found,
				a.attnum IS NOT NULL AS has_tenant_id,
				coalesce(c.relrowsecurity, false) AS rls_enabled,
				coalesce(c.relforcerowsecurity, false) AS rls_forced,
				coalesce(pg_has_role(current_user, c.relowner, 'MEMBER'), false) AS owned,
				EXISTS (SELECT 1 FROM pg_catalog.pg_policy p
					WHERE p.polrelid = c.oid AND p.polcmd = '*' AND p.polpermissive
						AND strpos(coalesce(pg_get_expr(p.polqual, p.polrelid), ''), '@SETTING@') > 0
						AND strpos(coalesce(pg_get_expr(p.polqual, p.polrelid), ''), 'tenant_id') > 0
						AND (p.polwithcheck IS NULL
							OR strpos(pg_get_expr(p.polwithcheck, p.polrelid), '@SETTING@') > 0)) AS has_tenant_policy,
				(SELECT string_agg(p.polname::text, ', ' ORDER BY p.polname) FROM pg_catalog.pg_policy p
					WHERE p.polrelid = c.oid AND p.polpermissive
						AND (strpos(coalesce(pg_get_expr(p.polqual, p.polrelid), '@SETTING@'), '@SETTING@') = 0
							OR strpos(coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '@SETTING@'), '@SETTING@') = 0))
					AS unscoped_policies,
				(SELECT string_agg(i.indexrelid::regclass::text, ', ' ORDER BY i.indexrelid::regclass::text)
					FROM pg_catalog.pg_index i
					WHERE i.indrelid = c.oid AND i.indisprimary AND NOT (a.attnum = ANY (i.indkey::int2[])))
					AS primary_keys_without_tenant,
				(SELECT string_agg(i.indexrelid::regclass::text, ', ' ORDER BY i.indexrelid::regclass::text)
					FROM pg_catalog.pg_index i
					WHERE i.indrelid = c.oid AND i.indisunique AND NOT i.indisprimary
						AND NOT (a.attnum = ANY (i.indkey::int2[])))
					AS unique_indexes_without_tenant,
				(SELECT string_agg(co.conname::text, ', ' ORDER BY co.conname)
					FROM pg_catalog.pg_constraint co
					WHERE co.conrelid = c.oid AND co.contype = 'f' AND NOT (a.attnum = ANY (co.conkey)))
					AS foreign_keys_without_tenant
			FROM unnest($1::text[]) WITH ORDINALITY AS r(name, position)
			LEFT JOIN pg_catalog.pg_class c ON c.oid = to_regclass(r.name)
			LEFT JOIN pg_catalog.pg_attribute a
				ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
			ORDER BY r.position""".replace("@SETTING@", TenantSetting.NAME);

	private final DatabaseClient client;

	private final RowLevelSecurity rowLevelSecurity;

	private final PolicyProbe probe;

	private final CitusCheck citus;

	/**
	 * Create a verifier that requires row-level security.
	 * @param client the database client, connected as the application role; must not be
	 * {@literal null}
	 */
	public RlsVerifier(DatabaseClient client) {
		this(client, RowLevelSecurity.ENABLED);
	}

	/**
	 * Create a verifier.
	 * @param client the database client, connected as the application role; must not be
	 * {@literal null}
	 * @param rowLevelSecurity whether row-level security is required, must not be
	 * {@literal null}
	 */
	public RlsVerifier(DatabaseClient client, RowLevelSecurity rowLevelSecurity) {
		this.client = Objects.requireNonNull(client, "'client' must not be null");
		this.rowLevelSecurity = Objects.requireNonNull(rowLevelSecurity, "'rowLevelSecurity' must not be null");
		this.probe = new PolicyProbe(client);
		this.citus = new CitusCheck(client, this.rowLevelSecurity);
	}

	/**
	 * Verify every table that has a {@code tenant_id} column in the application's own
	 * schemas: those of the connection's search path that the role may use
	 * ({@code current_schemas(false)}). Tables of other schemas in the same database,
	 * such as another application's, are left alone; name them with
	 * {@link #verify(Collection)} to verify them.
	 * @return the report
	 */
	public Mono<VerificationReport> verify() {
		return this.client.sql(DISCOVER)
			.map((row) -> required(row, "name", String.class))
			.all()
			.collectList()
			.flatMap(this::verify);
	}

	/**
	 * Verify the given tenant-owned tables.
	 * @param tables the table names, optionally schema-qualified, as {@code to_regclass}
	 * resolves them; must not be {@literal null}
	 * @return the report
	 */
	public Mono<VerificationReport> verify(Collection<String> tables) {
		Objects.requireNonNull(tables, "'tables' must not be null");
		List<String> names = List.copyOf(tables);
		Mono<RoleRow> role = this.client.sql(ROLE)
			.map((row) -> new RoleRow(required(row, "role", String.class), required(row, "superuser", Boolean.class),
					required(row, "bypass_rls", Boolean.class)))
			.one();
		Mono<List<TableRow>> rows = names.isEmpty() ? Mono.just(List.of())
				: this.client.sql(TABLES).bind(0, names.toArray(String[]::new)).map(TableRow::of).all().collectList();
		Mono<List<Violation>> citus = names.isEmpty() ? Mono.just(List.of())
				: this.client.sql(TenantSettingMode.CITUS_DETECTION)
					.map((row) -> Boolean.TRUE.equals(row.get("citus", Boolean.class)))
					.one()
					.flatMap((installed) -> installed ? this.citus.violations(names) : Mono.just(List.of()));
		return Mono.zip(role, rows, citus).flatMap((result) -> {
			RoleRow roleRow = result.getT1();
			List<TableRow> tableRows = result.getT2();
			boolean probe = this.rowLevelSecurity.isEnabled() && !roleRow.superuser() && !roleRow.bypassRls();
			Mono<List<Violation>> behaviour = probe
					? this.probe.probe(roleRow.name(),
							tableRows.stream().filter(TableRow::underRowLevelSecurity).map(TableRow::name).toList())
					: Mono.just(List.of());
			return behaviour.map((found) -> {
				VerificationReport report = report(roleRow, names, tableRows, found);
				if (result.getT3().isEmpty()) {
					return report;
				}
				List<Violation> violations = new ArrayList<>(report.violations());
				violations.addAll(result.getT3());
				return new VerificationReport(report.role(), names, violations);
			});
		});
	}

	/**
	 * Verify every table that has a {@code tenant_id} column in the application's own
	 * schemas, as {@link #verify()} does, and signal an {@link RlsVerificationException}
	 * naming each offending table if anything is wrong.
	 * @return the satisfied report
	 */
	public Mono<VerificationReport> verifyOrThrow() {
		return verify().flatMap(RlsVerifier::requireSatisfied);
	}

	/**
	 * Verify the given tables and signal an {@link RlsVerificationException} naming each
	 * offending table if anything is wrong.
	 * @param tables the table names, must not be {@literal null}
	 * @return the satisfied report
	 */
	public Mono<VerificationReport> verifyOrThrow(Collection<String> tables) {
		return verify(tables).flatMap(RlsVerifier::requireSatisfied);
	}

	private static Mono<VerificationReport> requireSatisfied(VerificationReport report) {
		return report.isSatisfied() ? Mono.just(report) : Mono.error(new RlsVerificationException(report));
	}

	private VerificationReport report(RoleRow role, List<String> tables, List<TableRow> rows,
			List<Violation> behaviour) {
		List<Violation> violations = new ArrayList<>();
		boolean rls = this.rowLevelSecurity.isEnabled();
		if (rls && role.superuser()) {
			violations.add(new Violation(role.name(), Violation.Kind.APPLICATION_ROLE_IS_SUPERUSER,
					"role " + role.name() + " is a superuser and bypasses row-level security"));
		}
		if (rls && role.bypassRls()) {
			violations.add(new Violation(role.name(), Violation.Kind.APPLICATION_ROLE_BYPASSES_RLS,
					"role " + role.name() + " has BYPASSRLS"));
		}
		for (TableRow row : rows) {
			row.addViolations(role.name(), rls, violations);
			behaviour.stream().filter((violation) -> violation.subject().equals(row.name())).forEach(violations::add);
		}
		return new VerificationReport(role.name(), tables, violations);
	}

	static <V> V required(Readable row, String column, Class<V> type) {
		return Objects.requireNonNull(row.get(column, type), () -> "column " + column + " must not be null");
	}

	private record RoleRow(String name, boolean superuser, boolean bypassRls) {

	}

	private record TableRow(String name, boolean found, boolean hasTenantId, boolean rlsEnabled, boolean rlsForced,
			boolean owned, boolean hasTenantPolicy, @Nullable String unscopedPolicies,
			@Nullable String primaryKeysWithoutTenant, @Nullable String uniqueIndexesWithoutTenant,
			@Nullable String foreignKeysWithoutTenant) {

		static TableRow of(Readable row) {
			return new TableRow(required(row, "name", String.class), required(row, "found", Boolean.class),
					required(row, "has_tenant_id", Boolean.class), required(row, "rls_enabled", Boolean.class),
					required(row, "rls_forced", Boolean.class), required(row, "owned", Boolean.class),
					required(row, "has_tenant_policy", Boolean.class), row.get("unscoped_policies", String.class),
					row.get("primary_keys_without_tenant", String.class),
					row.get("unique_indexes_without_tenant", String.class),
					row.get("foreign_keys_without_tenant", String.class));
		}

		boolean underRowLevelSecurity() {
			return this.found && this.hasTenantId && this.rlsEnabled;
		}

		void addViolations(String role, boolean rls, List<Violation> violations) {
			if (!this.found) {
				violations.add(new Violation(this.name, Violation.Kind.TABLE_NOT_FOUND,
						"table " + this.name + " does not exist or is not visible"));
				return;
			}
			if (!this.hasTenantId) {
				violations.add(new Violation(this.name, Violation.Kind.TENANT_ID_COLUMN_MISSING,
						"table " + this.name + " has no tenant_id column"));
				return;
			}
			if (rls) {
				if (!this.rlsEnabled) {
					violations.add(new Violation(this.name, Violation.Kind.RLS_NOT_ENABLED,
							"table " + this.name + " does not enable row level security"));
				}
				if (!this.rlsForced) {
					violations.add(new Violation(this.name, Violation.Kind.RLS_NOT_FORCED,
							"table " + this.name + " does not force row level security"));
				}
				if (!this.hasTenantPolicy) {
					violations.add(new Violation(this.name, Violation.Kind.TENANT_POLICY_MISSING, "table " + this.name
							+ " has no policy for all commands comparing tenant_id with " + TenantSetting.NAME));
				}
				if (this.unscopedPolicies != null) {
					violations.add(new Violation(this.name, Violation.Kind.UNSCOPED_POLICY,
							"permissive policies " + this.unscopedPolicies + " on table " + this.name
									+ " do not refer to " + TenantSetting.NAME));
				}
				if (this.owned) {
					violations.add(new Violation(this.name, Violation.Kind.OWNED_BY_APPLICATION_ROLE,
							"table " + this.name + " is owned by role " + role + " or a role it belongs to"));
				}
			}
			if (this.primaryKeysWithoutTenant != null) {
				violations.add(new Violation(this.name, Violation.Kind.PRIMARY_KEY_WITHOUT_TENANT_ID, "primary key "
						+ this.primaryKeysWithoutTenant + " of table " + this.name + " does not include tenant_id"));
			}
			if (this.uniqueIndexesWithoutTenant != null) {
				violations.add(new Violation(this.name, Violation.Kind.UNIQUE_INDEX_WITHOUT_TENANT_ID, "unique indexes "
						+ this.uniqueIndexesWithoutTenant + " of table " + this.name + " do not include tenant_id"));
			}
			if (this.foreignKeysWithoutTenant != null) {
				violations.add(new Violation(this.name, Violation.Kind.FOREIGN_KEY_WITHOUT_TENANT_ID, "foreign keys "
						+ this.foreignKeysWithoutTenant + " of table " + this.name + " do not include tenant_id"));
			}
		}

	}

}
