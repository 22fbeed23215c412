# Helpers for bench cases.

# median_seconds CMD… — runs the command BENCH_REPEAT times and prints the median wall time.
median_seconds() {
    local times=()
    for _ in $(seq "$BENCH_REPEAT"); do
        local t0 t1
        t0=$(date +%s.%N)
        "$@" >/dev/null
        t1=$(date +%s.%N)
        times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')")
    done
    printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

# median_seconds_between SETUP TEARDOWN CMD… — like median_seconds, but runs SETUP before and
# TEARDOWN after each timed run, outside the timing (a fresh database for each run).
median_seconds_between() {
    local setup=$1 teardown=$2
    shift 2
    local times=()
    for _ in $(seq "$BENCH_REPEAT"); do
        "$setup" >/dev/null
        local t0 t1
        t0=$(date +%s.%N)
        "$@" >/dev/null
        t1=$(date +%s.%N)
        "$teardown" >/dev/null
        times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')")
    done
    printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

# report NAME VALUE BASELINE UNIT — prints "NAME: VALUE UNIT (RATIO× baseline BASELINE UNIT)".
report() {
    awk -v n="$1" -v v="$2" -v b="$3" -v u="$4" \
        'BEGIN {printf "%s: %.3f %s (%.2fx baseline %.3f %s)\n", n, v, u, v / b, b, u}'
}

# as_server_user CMD… — PostgreSQL's programs refuse root: run them as postgres then, as
# BridgeScope does.
as_server_user() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
# start_bench_cluster — a private cluster in a scratch folder ($work, $cluster), stopped and
# removed when the case ends; PG* point at it (database postgres) and $psql_bin is its psql.
start_bench_cluster() {
    work=$(mktemp -d /tmp/bridgescope-bench-XXXXXX)
    chmod 755 "$work"
    cluster="$work/cluster"
    trap '"$BRIDGESCOPE_BIN" cluster stop --dir "$cluster" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
    BRIDGESCOPE_FAST_INITDB=1 "$BRIDGESCOPE_BIN" cluster start --dir "$cluster" --port 5432 >/dev/null
    export PGHOST="$cluster/socket" PGPORT=5432 PGUSER=postgres PGDATABASE=postgres
    psql_bin=$(pg_config --bindir 2>/dev/null || ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/psql
    [ -x "$psql_bin" ] || psql_bin=psql
}

# make_wide_catalog DB — 10 schemas of 1,000 workflow-like tables in DB (a catalog of 10,000
# tables beside whatever it holds). A schema per transaction: 1,000 tables' locks fit in the
# default lock table, 10,000 do not.
make_wide_catalog() {
    for s in $(seq 1 10); do
        "$psql_bin" -X -q -d "$1" -c "CREATE SCHEMA app_$s" -c "DO \$\$
        BEGIN
          FOR t IN 1..1000 LOOP
            EXECUTE format('CREATE TABLE app_$s.workflow_table_%s (id bigint PRIMARY KEY, '
                           'status text, namespace text, created_at timestamptz, payload jsonb)', t);
          END LOOP;
        END \$\$"
    done
}

export -f median_seconds median_seconds_between report as_server_user
