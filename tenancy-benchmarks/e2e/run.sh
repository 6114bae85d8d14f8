#!/usr/bin/env bash
# End-to-end benchmark (issue 12): the sample's project API served four ways, measured with wrk.
#
#   hand      hand-written WebFlux + DatabaseClient, header -> map -> tenant_id predicate (no kit)
#   kit-off   the sample (the kit), tenancy.persistence.rls.enabled=false, table without RLS
#   kit-on    the sample (the kit), tenancy.persistence.rls.enabled=true, RLS forced
#   textbook  the hand-written service, each request in BEGIN; set_config; statement; COMMIT, RLS forced
#
# hand and kit-off share the database tk_e2e_plain (RLS disabled on project); kit-on and textbook
# share tk_e2e_rls. Both hold the same tenants and rows (deterministic ids). All four applications
# run at once on fixed ports with identical JVM and pool settings; cells (tenants x connections x
# scenario) are interleaved variant by variant, in an order rotated each round, so that load from
# other processes falls on all variants alike. CPU per request is read from /proc: the application's
# JVM, and the PostgreSQL backends of its pool (found by application_name).
#
# Usage: tenancy-benchmarks/e2e/run.sh [--quick] [options]   (from the repository root)
#   --quick               development run: 2 rounds, 4 s cells, 16 and 64 connections, 10 and 1,000 tenants
#   --rounds N            rounds (default 3)
#   --duration S          seconds per cell (default 20)
#   --warmup S            seconds of warm-up per scenario and variant (default 30)
#   --cell-warmup S       unmeasured seconds before each cell, same load (default 5): a variant idles
#                         while the others run, longer than the kit's tenant cache keeps an unused
#                         tenant (1 min), and the hand-written service's tenant map never expires
#   --connections "..."   wrk connections (default "16 64 256")
#   --tenants "..."       tenant counts the requests spread over (default "10 10000"); the largest is seeded
#   --rows N              projects per tenant (default 100)
#   --scenarios "..."     of get page put post (default all four)
#   --variants "..."      of hand kit-off kit-on textbook (default all four), and base-off base-on
#   --baseline-jar JAR    another build of the sample (say, of the commit before an optimisation),
#                         served as the variants base-off and base-on, so that before and after are
#                         measured in the same run, interleaved; adds them to --variants
#   --pool N              R2DBC pool size of every application (default 16)
#   --startup N           startup rounds (default 3, quick 1, 0 for none): each of hand, kit-off, kit-on and
#                         kit-premigrated (kit-off with the schema migrated out of band, as the hand-written
#                         service's is) started alone, time from launch to the first 200 and CPU until then
#   --out DIR             results directory (default tenancy-benchmarks/target/e2e)
#   --no-build            use the jars already built
#   --no-prepare          reuse the databases of a previous run
# Environment: PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres, a superuser), JAVA (java),
# JVM_OPTS (default "-Xms512m -Xmx512m -XX:+UseParallelGC").
set -euo pipefail

cd "$(dirname "$0")/../.."
ROOT=$(pwd)
HERE=$ROOT/tenancy-benchmarks/e2e

ROUNDS=3 DURATION=20 WARMUP=30 CELL_WARMUP=5 CONNECTIONS="16 64 256" TENANTS="10 10000" ROWS=100
SCENARIOS="get page put post" VARIANTS="hand kit-off kit-on textbook" POOL=16
OUT=$ROOT/tenancy-benchmarks/target/e2e BUILD=1 PREPARE=1 MODE=full BASE_JAR= STARTUP=3
while [[ $# -gt 0 ]]; do
	case $1 in
		--quick) MODE=quick ROUNDS=2 DURATION=4 WARMUP=5 CELL_WARMUP=1 CONNECTIONS="16 64" TENANTS="10 1000" ROWS=20 STARTUP=1 ;;
		--rounds) ROUNDS=$2; shift ;;
		--duration) DURATION=$2; shift ;;
		--warmup) WARMUP=$2; shift ;;
		--cell-warmup) CELL_WARMUP=$2; shift ;;
		--connections) CONNECTIONS=$2; shift ;;
		--tenants) TENANTS=$2; shift ;;
		--rows) ROWS=$2; shift ;;
		--scenarios) SCENARIOS=$2; shift ;;
		--variants) VARIANTS=$2; shift ;;
		--baseline-jar) BASE_JAR=$(realpath "$2"); shift ;;
		--pool) POOL=$2; shift ;;
		--startup) STARTUP=$2; shift ;;
		--out) OUT=$2; shift ;;
		--no-build) BUILD=0 ;;
		--no-prepare) PREPARE=0 ;;
		-h|--help) sed -n '2,41p' "$0"; exit 0 ;;
		*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
	esac
	shift
done

export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
JAVA=${JAVA:-java}
JVM_OPTS=${JVM_OPTS:-"-Xms512m -Xmx512m -XX:+UseParallelGC"}
DB_PLAIN=tk_e2e_plain DB_RLS=tk_e2e_rls SCHEMA=tenancy_sample APP_ROLE=tenancy_sample_app
BENCH_JAR=$ROOT/tenancy-benchmarks/target/benchmarks.jar
SAMPLE_JAR=$ROOT/tenancy-sample/target/tenancy-sample-0.1.0-SNAPSHOT.jar
CLK_TCK=$(getconf CLK_TCK)
MAX_TENANTS=$(tr ' ' '\n' <<<"$TENANTS" | sort -n | tail -1)

if [[ -n $BASE_JAR ]]; then
	[[ -r $BASE_JAR ]] || { echo "baseline jar $BASE_JAR is missing" >&2; exit 2; }
	[[ $VARIANTS == *base-* ]] || VARIANTS="$VARIANTS base-off base-on"
elif [[ $VARIANTS == *base-* ]]; then
	echo "the variants base-off and base-on need --baseline-jar" >&2
	exit 2
fi
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
command -v psql >/dev/null || { echo "psql is missing" >&2; exit 1; }
mkdir -p "$OUT"
RESULTS=$OUT/results.tsv
log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

if [[ $BUILD == 1 ]]; then
	log "building the shaded benchmarks jar and the sample jar"
	./mvnw -o -q -pl tenancy-benchmarks,tenancy-sample -am package -Dmaven.test.skip=true \
		-Dspotbugs.skip=true -Dspring-javaformat.skip
fi

port_of() {
	case $1 in hand) echo 8081 ;; kit-off) echo 8082 ;; kit-on) echo 8083 ;; textbook) echo 8084 ;;
		base-off) echo 8085 ;; base-on) echo 8086 ;; kit-premigrated) echo 8087 ;; esac
}
db_of() { case $1 in hand|kit-off|kit-premigrated|base-off) echo $DB_PLAIN ;; *) echo $DB_RLS ;; esac; }

# Starts one variant in the background (on its own database unless one is given); its pid goes to
# $OUT/<variant>.pid, its log to $OUT/<variant>.log.
start() {
	local variant=$1 port db common
	port=$(port_of "$variant") db=${2:-$(db_of "$variant")}
	common=(--server.port="$port"
		--spring.r2dbc.url="r2dbc:postgresql://$PGHOST:$PGPORT/$db?schema=$SCHEMA&applicationName=e2e-$variant"
		--spring.r2dbc.username=$APP_ROLE --spring.r2dbc.password=$APP_ROLE
		--spring.r2dbc.pool.initial-size="$POOL" --spring.r2dbc.pool.max-size="$POOL"
		--spring.r2dbc.pool.max-acquire-time=10s)
	case $variant in
		hand|textbook)
			# shellcheck disable=SC2086
			$JAVA $JVM_OPTS -cp "$BENCH_JAR" io.tenancykit.benchmarks.e2e.HandWrittenProjectsApplication "${common[@]}" \
				--bench.e2e.mode="$([[ $variant == hand ]] && echo predicate || echo transaction)" \
				>"$OUT/$variant.log" 2>&1 &
			;;
		kit-off|kit-on|base-off|base-on|kit-premigrated)
			# From Spring Boot's extracted layout (java -Djarmode=tools -jar … extract), the way Spring
			# Boot recommends running in production: a plain class path like the hand-written service's
			# shaded jar, not the nested jars of the executable one (about 0.6 s slower to start here).
			# kit-premigrated runs no migration at startup: the schema is migrated out of band, as the
			# hand-written service's is; the kit still verifies row-level security and the pooler.
			# shellcheck disable=SC2086
			$JAVA $JVM_OPTS -jar "$([[ $variant == base-* ]] && echo "$BASE_DIR" || echo "$SAMPLE_DIR")/app.jar" "${common[@]}" \
				--spring.flyway.url="jdbc:postgresql://$PGHOST:$PGPORT/$db" --spring.flyway.user="$PGUSER" \
				--tenancy.persistence.rls.enabled="$([[ $variant == *-on ]] && echo true || echo false)" \
				$([[ $variant == kit-premigrated ]] && echo "--spring.flyway.enabled=false --tenancy.persistence.migrations.enabled=false") \
				>"$OUT/$variant.log" 2>&1 &
			;;
	esac
	echo $! >"$OUT/$variant.pid"
}

# Waits until a variant answers 200 for tenant t00001 (or, with a second argument, answers at all).
wait_ready() {
	local variant=$1 any=${2:-} port pid code
	port=$(port_of "$variant") pid=$(cat "$OUT/$variant.pid")
	for _ in $(seq 1 180); do
		kill -0 "$pid" 2>/dev/null || { echo "$variant exited; see $OUT/$variant.log" >&2; tail -30 "$OUT/$variant.log" >&2; exit 1; }
		code=$(curl -s -o /dev/null -w '%{http_code}' -H 'X-Tenant-ID: t00001' "http://127.0.0.1:$port/api/projects?size=1" || true)
		if [[ $code == 200 || ( -n $any && $code != 000 ) ]]; then
			return 0
		fi
		sleep 1
	done
	echo "$variant did not answer on port $port within 180 s" >&2
	exit 1
}

stop_all() {
	local f
	for f in "$OUT"/*.pid; do
		[[ -e $f ]] || continue
		kill "$(cat "$f")" 2>/dev/null || true
		rm -f "$f"
	done
	wait 2>/dev/null || true
}
trap stop_all EXIT

prepare() {
	log "preparing $DB_PLAIN and $DB_RLS: $MAX_TENANTS tenants x $ROWS projects"
	local db
	for db in $DB_PLAIN $DB_RLS; do
		psql -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
	done
	# The sample migrates a database (the kit's migrations, then its own) when it starts; both
	# databases are migrated with row-level security on, as the sample ships.
	for db in $DB_RLS $DB_PLAIN; do
		start kit-on "$db"
		wait_ready kit-on any
		stop_all
	done
	for db in $DB_PLAIN $DB_RLS; do
		psql -q -v ON_ERROR_STOP=1 -d "$db" <<-SQL
			SET search_path = $SCHEMA;
			-- No change events: the benchmark measures the request path, and no variant listens.
			DROP TRIGGER IF EXISTS tenancy_change_events ON project;
			-- Seeding bypasses triggers and foreign key checks.
			SET session_replication_role = replica;
			DELETE FROM project;
			DELETE FROM tenancy_tenant WHERE key LIKE 't%' AND key ~ '^t[0-9]+$';
			INSERT INTO tenancy_tenant (id, key, display_name, status)
				SELECT md5('e2e-tenant-' || i)::uuid, 't' || lpad(i::text, 5, '0'), 'Tenant ' || i, 'ACTIVE'
				FROM generate_series(1, $MAX_TENANTS) i;
			INSERT INTO project (tenant_id, id, name, created_at, updated_at)
				SELECT md5('e2e-tenant-' || i)::uuid, md5('e2e-project-' || i || '-' || j)::uuid, 'seed-' || j,
					timestamptz '2026-01-01' + make_interval(mins => j), timestamptz '2026-01-01' + make_interval(mins => j)
				FROM generate_series(1, $MAX_TENANTS) i, generate_series(1, $ROWS) j;
			RESET session_replication_role;
			VACUUM ANALYZE project;
			VACUUM ANALYZE tenancy_tenant;
		SQL
	done
	# The plain database is the table without row-level security (hand-written, kit with RLS off).
	psql -q -v ON_ERROR_STOP=1 -d $DB_PLAIN \
		-c "ALTER TABLE $SCHEMA.project NO FORCE ROW LEVEL SECURITY" \
		-c "ALTER TABLE $SCHEMA.project DISABLE ROW LEVEL SECURITY"
}

# One file of "key id" pairs per tenant count: up to 20 projects of each of the first N tenants.
write_ids() {
	local n
	for n in $TENANTS; do
		psql -q -At -F ' ' -d $DB_PLAIN -c "SELECT 't' || lpad(i::text, 5, '0'), md5('e2e-project-' || i || '-' || j)::uuid
			FROM generate_series(1, $n) i, generate_series(1, least($ROWS, 20)) j" >"$OUT/ids-$n.txt"
	done
}

# Inserted projects are removed after each write cell, so every cell starts from the seeded tables.
clean() {
	local db
	for db in $DB_PLAIN $DB_RLS; do
		psql -q -d "$db" -c "DELETE FROM $SCHEMA.project WHERE name LIKE 'ins-%'" -c "VACUUM ANALYZE $SCHEMA.project"
	done
}

# utime + stime of a set of pids, in clock ticks.
ticks() {
	local pid sum=0
	for pid in "$@"; do
		[[ -r /proc/$pid/stat ]] || continue
		# Fields after the command name (which may contain spaces): utime is the 12th, stime the 13th.
		read -r -a f <<<"$(sed 's/^.*) //' "/proc/$pid/stat")"
		sum=$((sum + f[11] + f[12]))
	done
	echo $sum
}

backends() {
	psql -At -d postgres -c "SELECT pid FROM pg_stat_activity WHERE application_name = 'e2e-$1'" | tr '\n' ' '
}

# run_cell round tenants connections scenario variant -> one line of results.tsv
run_cell() {
	local round=$1 tenants=$2 conns=$3 scenario=$4 variant=$5 app pgs a0 p0 a1 p1 out line
	app=$(cat "$OUT/$variant.pid")
	if [[ $CELL_WARMUP != 0 ]]; then
		E2E_SCENARIO=$scenario E2E_IDS=$OUT/ids-$tenants.txt wrk -t 2 -c "$conns" -d "${CELL_WARMUP}s" --timeout 10s \
			-s "$HERE/projects.lua" "http://127.0.0.1:$(port_of "$variant")" >/dev/null
	fi
	# shellcheck disable=SC2207
	pgs=($(backends "$variant"))
	a0=$(ticks "$app") p0=$(ticks "${pgs[@]}")
	out=$(E2E_SCENARIO=$scenario E2E_IDS=$OUT/ids-$tenants.txt wrk -t 2 -c "$conns" -d "${DURATION}s" --timeout 10s \
		-s "$HERE/projects.lua" "http://127.0.0.1:$(port_of "$variant")")
	a1=$(ticks "$app") p1=$(ticks "${pgs[@]}")
	line=$(grep '^RESULT' <<<"$out") || { echo "wrk gave no result: $out" >&2; exit 1; }
	# shellcheck disable=SC2046
	eval $(sed 's/^RESULT //' <<<"$line")
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$tenants" "$conns" "$scenario" \
		"$variant" "$requests" "$duration_us" "$p50_us" "$p99_us" "$non2xx" "$socket_errors" \
		$((a1 - a0)) $((p1 - p0)) "$CLK_TCK" "$(cut -d' ' -f1 /proc/loadavg)" >>"$RESULTS"
	log "round $round, $tenants tenants, $conns connections, $scenario, $variant: $((requests * 1000000 / duration_us)) req/s, p99 $((p99_us / 1000)) ms, non-2xx $non2xx"
}

# The applications run from copies, so that a rebuild during a run cannot change a jar under them.
cp "$BENCH_JAR" "$OUT/benchmarks.jar"
extract() {
	rm -rf "$2"
	$JAVA -Djarmode=tools -jar "$1" extract --destination "$2" --application-filename app.jar >/dev/null
}
cp "$SAMPLE_JAR" "$OUT/tenancy-sample.jar"
BENCH_JAR=$OUT/benchmarks.jar SAMPLE_DIR=$OUT/sample BASE_DIR=$OUT/sample-baseline
extract "$OUT/tenancy-sample.jar" "$SAMPLE_DIR"
if [[ -n $BASE_JAR ]]; then
	cp "$BASE_JAR" "$OUT/tenancy-sample-baseline.jar"
	extract "$OUT/tenancy-sample-baseline.jar" "$BASE_DIR"
fi

[[ $PREPARE == 1 ]] && prepare
write_ids

# Startup: each variant alone on the machine, in turn, STARTUP times; from the launch of java to
# the first 200 of GET /api/projects?size=1 (polled every 50 ms), and the JVM's CPU time by then.
if [[ $STARTUP != 0 ]]; then
	log "startup: $STARTUP rounds of hand kit-off kit-on kit-premigrated"
	printf 'round\tvariant\twall_ms\tcpu_ms\tload1\n' >"$OUT/startup.tsv"
	for round in $(seq 1 "$STARTUP"); do
		for v in hand kit-off kit-on kit-premigrated; do
			t0=$(date +%s%N)
			start "$v"
			pid=$(cat "$OUT/$v.pid") port=$(port_of "$v")
			until [[ $(curl -s -o /dev/null -w '%{http_code}' -H 'X-Tenant-ID: t00001' \
				"http://127.0.0.1:$port/api/projects?size=1" || true) == 200 ]]; do
				kill -0 "$pid" 2>/dev/null || { echo "$v exited; see $OUT/$v.log" >&2; exit 1; }
				sleep 0.05
			done
			t1=$(date +%s%N) cpu=$(ticks "$pid")
			printf '%s\t%s\t%s\t%s\t%s\n' "$round" "$v" $(((t1 - t0) / 1000000)) $((cpu * 1000 / CLK_TCK)) \
				"$(cut -d' ' -f1 /proc/loadavg)" >>"$OUT/startup.tsv"
			log "startup round $round, $v: $(((t1 - t0) / 1000000)) ms, CPU $((cpu * 1000 / CLK_TCK)) ms"
			stop_all
		done
	done
	python3 "$HERE/summarize.py" --startup "$OUT/startup.tsv"
fi

log "starting: $VARIANTS (JVM_OPTS: $JVM_OPTS, pool $POOL)"
# One after the other: four JVMs starting at once on a small machine time out opening their pools.
for v in $VARIANTS; do
	start "$v"
	wait_ready "$v"
done

log "warming up, ${WARMUP}s per scenario and variant at 64 connections"
for s in $SCENARIOS; do
	for v in $VARIANTS; do
		E2E_SCENARIO=$s E2E_IDS=$OUT/ids-$MAX_TENANTS.txt wrk -t 2 -c 64 -d "${WARMUP}s" --timeout 10s \
			-s "$HERE/projects.lua" "http://127.0.0.1:$(port_of "$v")" >/dev/null
	done
done
clean

{
	echo "# mode=$MODE rounds=$ROUNDS duration=${DURATION}s warmup=${WARMUP}s cell_warmup=${CELL_WARMUP}s connections=$CONNECTIONS tenants=$TENANTS rows=$ROWS pool=$POOL"
	echo "# jvm=$JVM_OPTS; $(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $($JAVA -version 2>&1 | head -1)"
	echo "# $(psql -At -d postgres -c 'SELECT version()')"
	printf 'round\ttenants\tconnections\tscenario\tvariant\trequests\tduration_us\tp50_us\tp99_us\tnon2xx\tsocket_errors\tapp_ticks\tpg_ticks\tclk_tck\tload1\n'
} >"$RESULTS"

read -r -a variants <<<"$VARIANTS"
for round in $(seq 1 "$ROUNDS"); do
	for tenants in $TENANTS; do
		for conns in $CONNECTIONS; do
			for scenario in $SCENARIOS; do
				# Rotate the order of the variants each cell, so none always runs first or last.
				n=${#variants[@]}
				offset=$(((round + conns + ${#scenario}) % n))
				for i in $(seq 0 $((n - 1))); do
					run_cell "$round" "$tenants" "$conns" "$scenario" "${variants[$(((i + offset) % n))]}"
					[[ $scenario == post ]] && clean
				done
			done
		done
	done
done

stop_all
trap - EXIT
python3 "$HERE/summarize.py" "$RESULTS" "$OUT/throughput.svg"
log "results: $RESULTS, chart: $OUT/throughput.svg"
