package io.tenancykit.persistence.verify;

import java.util.ArrayList;
import java.util.List;

import io.r2dbc.spi.Readable;
import io.tenancykit.persistence.rls.RowLevelSecurity;
import io.tenancykit.persistence.rls.TenantSetting;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

import static io.tenancykit.persistence.verify.RlsVerifier.required;

/**
 * The checks {@link RlsVerifier} makes on a Citus coordinator: every tenant-owned table
 * is distributed by {@code tenant_id} (or was made a local table on purpose), the
 * distributed ones are co-located, and every shard placement forces row-level security
 * with the {@code tenancy_isolation} policy.
 */
final class CitusCheck {

	// Only sent to a Citus coordinator, whose catalog has these tables and functions.
	private static final String CITUS_TABLES = """
			SELECT r.name AS name,
				p.logicalrelid IS NOT NULL AS in_metadata,
				coalesce(p.partmethod::text, '') AS method,
				coalesce(p.repmodel::text, '') AS model,
				coalesce(p.autoconverted, false) AS autoconverted,
				coalesce(CASE WHEN p.partmethod = 'h' THEN column_to_column_name(p.logicalrelid, p.partkey) END, '')
					AS distribution_column,
				coalesce(p.colocationid, 0) AS colocation
			FROM unnest($1::text[]) WITH ORDINALITY AS r(name, position)
			LEFT JOIN pg_catalog.pg_dist_partition p ON p.logicalrelid = to_regclass(r.name)
			ORDER BY r.position""";

	private static final String CITUS_PLACEMENTS = """
			SELECT nodename || ':' || nodeport AS node, shardid, success, coalesce(result, '') AS result
			FROM run_command_on_placements(to_regclass($1), $2)
			ORDER BY shardid, nodename, nodeport""";

	// Run on each shard placement; %1$s is the shard's name.
	private static final String SHARD_RLS = "SELECT c.relrowsecurity AND c.relforcerowsecurity AND EXISTS ("
			+ "SELECT 1 FROM pg_catalog.pg_policy p WHERE p.polrelid = c.oid AND p.polname = 'tenancy_isolation'"
			+ " AND p.polcmd = '*' AND p.polpermissive" + " AND strpos(pg_catalog.pg_get_expr(p.polqual, p.polrelid), '"
			+ TenantSetting.NAME + "') > 0)" + " FROM pg_catalog.pg_class c WHERE c.oid = '%1$s'::regclass";

	private final DatabaseClient client;

	private final RowLevelSecurity rowLevelSecurity;

	CitusCheck(DatabaseClient client, RowLevelSecurity rowLevelSecurity) {
		this.client = client;
		this.rowLevelSecurity = rowLevelSecurity;
	}

	/**
	 * Check the given tenant-owned tables on a Citus coordinator.
	 * @param names the table names
	 * @return the violations found
	 */
	Mono<List<Violation>> violations(List<String> names) {
		return this.client.sql(CITUS_TABLES)
			.bind(0, names.toArray(String[]::new))
			.map(CitusRow::of)
			.all()
			.collectList()
			.flatMap((rows) -> {
				List<Violation> violations = new ArrayList<>();
				@Nullable CitusRow first = null;
				List<CitusRow> distributed = new ArrayList<>();
				for (CitusRow row : rows) {
					if (row.distributedByTenantId()) {
						distributed.add(row);
						if (first == null) {
							first = row;
						}
						else if (row.colocation() != first.colocation()) {
							violations.add(new Violation(row.name(), Violation.Kind.NOT_COLOCATED, "table " + row.name()
									+ " is not co-located with table " + first.name() + " on Citus"));
						}
					}
					else if (!row.explicitlyLocal()) {
						violations.add(new Violation(row.name(), Violation.Kind.NOT_DISTRIBUTED_BY_TENANT_ID,
								"table " + row.name() + " is " + row.describe()
										+ " on Citus, not distributed by tenant_id; call tenancy_distribute('"
										+ row.name() + "')"));
					}
				}
				if (!this.rowLevelSecurity.isEnabled()) {
					return Mono.just(violations);
				}
				return Flux.fromIterable(distributed).concatMap(this::shardViolations).collectList().map((shards) -> {
					violations.addAll(shards);
					return violations;
				});
			});
	}

	private Flux<Violation> shardViolations(CitusRow table) {
		return this.client.sql(CITUS_PLACEMENTS)
			.bind(0, table.name())
			.bind(1, SHARD_RLS)
			.map((row) -> new PlacementRow(required(row, "node", String.class), required(row, "shardid", Long.class),
					required(row, "success", Boolean.class), required(row, "result", String.class)))
			.all()
			.filter((placement) -> !placement.success() || !"t".equals(placement.result()))
			.map((placement) -> new Violation(table.name(), Violation.Kind.SHARD_WITHOUT_FORCED_RLS,
					"shard " + table.name() + "_" + placement.shardId() + " of table " + table.name() + " on "
							+ placement.node()
							+ (placement.success()
									? " does not force row level security with the tenancy_isolation policy"
									: " could not be checked: " + placement.result())));
	}

	private record PlacementRow(String node, long shardId, boolean success, String result) {

	}

	private record CitusRow(String name, boolean inMetadata, String method, String model, boolean autoconverted,
			String distributionColumn, int colocation) {

		static CitusRow of(Readable row) {
			return new CitusRow(required(row, "name", String.class), required(row, "in_metadata", Boolean.class),
					required(row, "method", String.class), required(row, "model", String.class),
					required(row, "autoconverted", Boolean.class), required(row, "distribution_column", String.class),
					required(row, "colocation", Integer.class));
		}

		boolean distributedByTenantId() {
			return "h".equals(this.method) && "tenant_id".equals(this.distributionColumn);
		}

		/**
		 * Return whether the table is a Citus local table added on purpose
		 * ({@code citus_add_local_table_to_metadata}), not one Citus added because of a
		 * foreign key to a reference table.
		 */
		boolean explicitlyLocal() {
			return "n".equals(this.method) && "s".equals(this.model) && !this.autoconverted;
		}

		String describe() {
			if (!this.inMetadata) {
				return "a plain local table";
			}
			if ("n".equals(this.method) && "t".equals(this.model)) {
				return "a reference table";
			}
			if ("n".equals(this.method)) {
				return "a local table added to the metadata because of a foreign key";
			}
			return "distributed by " + (this.distributionColumn.isEmpty() ? "no column" : this.distributionColumn);
		}

	}

}
