#!/usr/bin/env bash
# Operations per second of the kit's statement shapes on one PostgreSQL server and on the Citus
# cluster of ../shared/citus/setup-citus-cluster.sh (docs/benchmarks.md, ADR-023): a primary-key
# read (inline tenant setting, both) and an insert (inline on one server, SET LOCAL in a transaction
# on Citus), as a non-owner application role under forced row-level security.
#
#   bash tenancy-benchmarks/pgbench/citus-vs-single-server.sh [seconds]
#
# Needs psql and pgbench, the kit's migrations in this checkout, a superuser 'postgres' with trust
# or password-less access on 127.0.0.1:5432 (single server) and 127.0.0.1:5433 (Citus coordinator).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
kit=$here/../../tenancy-persistence/src/main/resources/db/tenancy
seconds=${1:-20}
db=tk_bench
owner=tk_bench_owner
app=tk_bench_app
tenant=11111111-1111-1111-1111-111111111111
export PGOPTIONS='-c client_min_messages=warning'

admin() { psql -h 127.0.0.1 -p "$1" -U postgres -X -q -v ON_ERROR_STOP=1 -d "$2" -c "$3"; }
as_owner() { psql -h 127.0.0.1 -p "$1" -U "$owner" -X -q -v ON_ERROR_STOP=1 -d "$db" "${@:2}"; }

prepare() {
	local port=$1 citus=$2
	admin "$port" postgres "SET citus.enable_create_database_propagation = on" 2>/dev/null || true
	psql -h 127.0.0.1 -p "$port" -U postgres -X -q -d postgres <<SQL
SET citus.enable_create_database_propagation = on;
DROP DATABASE IF EXISTS $db WITH (FORCE);
DROP ROLE IF EXISTS $app;
DROP ROLE IF EXISTS $owner;
CREATE ROLE $owner LOGIN;
CREATE ROLE $app LOGIN;
CREATE DATABASE $db OWNER $owner;
SQL
	if [[ $citus == yes ]]; then
		local workers
		workers=$(psql -h 127.0.0.1 -p "$port" -U postgres -X -At -d postgres \
			-c "SELECT nodename || ':' || nodeport FROM pg_dist_node WHERE groupid <> 0")
		for worker in $workers; do
			psql -h "${worker%:*}" -p "${worker#*:}" -U postgres -X -q -d "$db" -c "CREATE EXTENSION IF NOT EXISTS citus"
		done
		admin "$port" "$db" "CREATE EXTENSION citus"
		admin "$port" "$db" "SELECT citus_set_coordinator_host('127.0.0.1', $port)" >/dev/null
		for worker in $workers; do
			admin "$port" "$db" "SELECT citus_add_node('${worker%:*}', ${worker#*:})" >/dev/null
		done
	fi
	as_owner "$port" -c "GRANT USAGE ON SCHEMA public TO $app" \
		-c "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO $app" \
		-c "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO $app"
	for migration in "$kit"/V*.sql; do as_owner "$port" -f "$migration"; done
	as_owner "$port" <<SQL
CREATE TABLE test_note (
	tenant_id uuid NOT NULL REFERENCES tenancy_tenant (id),
	id uuid NOT NULL,
	body text NOT NULL,
	CONSTRAINT test_note_pk PRIMARY KEY (tenant_id, id));
SELECT tenancy_enable_rls('test_note');
SELECT tenancy_distribute('test_note') WHERE tenancy_citus_installed();
INSERT INTO tenancy_tenant (id, key, display_name) VALUES ('$tenant', 'alpha', 'Alpha');
SQL
	# Seeded by the superuser: Citus copies INSERT ... SELECT into the shards with COPY, which
	# row-level security refuses.
	admin "$port" "$db" "INSERT INTO test_note (tenant_id, id, body) SELECT '$tenant',
		('00000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid, 'seed' FROM generate_series(1, 10000) g"
	admin "$port" "$db" "ANALYZE test_note"
}

run() {
	local port=$1 user=$2 script=$3
	PGOPTIONS='-c synchronous_commit=off' pgbench -h 127.0.0.1 -p "$port" -U "$user" -d "$db" -n -M simple \
		-c 4 -j 2 -T "$seconds" -f "$here/$script" 2>&1 | awk '/^tps/ { printf "%.0f", $3 }'
}

prepare 5432 no
prepare 5433 yes
printf '| Operation | Statement shape | One server (ops/s) | Citus (ops/s) |\n|---|---|--:|--:|\n'
printf '| primary-key read | inline setting, one round trip | %s | %s |\n' \
	"$(run 5432 $app pk_read_inline.sql)" "$(run 5433 $app pk_read_inline.sql)"
printf '| insert | one server: inline (`INSERT ... SELECT`); Citus: `SET LOCAL` transaction | %s | %s |\n' \
	"$(run 5432 $app insert_inline.sql)" "$(run 5433 $app insert_set_local.sql)"
printf '| insert, `SET LOCAL` transaction on both | 4 round trips (`BEGIN`, `SET LOCAL`, `INSERT`, `COMMIT`) | %s | %s |\n' \
	"$(run 5432 $app insert_set_local.sql)" "$(run 5433 $app insert_set_local.sql)"
printf '| insert without tenant setting (superuser, no RLS) | one round trip | %s | %s |\n' \
	"$(run 5432 postgres insert_plain.sql)" "$(run 5433 postgres insert_plain.sql)"
