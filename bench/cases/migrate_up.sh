# migrate_up: `bridgescope migrate up` of the whole bundled chain on an empty database (lock,
# history table, one transaction and one history row per migration) against
# `psql -1 -f 001… -f 002… …` of the same forward files in order (one transaction, no
# bookkeeping), each on a fresh database of a private cluster.
set -euo pipefail
source bench/lib.sh
start_bench_cluster

fresh() { "$psql_bin" -X -q -c "CREATE DATABASE bench_migrate"; }
drop() { "$psql_bin" -X -q -c "DROP DATABASE bench_migrate"; }
ours() { "$BRIDGESCOPE_BIN" migrate up --dsn "dbname=bench_migrate"; }
files=()
for f in migrations/[0-9]*.sql; do
    case "$f" in *_rollback_*) ;; *) files+=(-f "$f") ;; esac
done
bare() {
    "$psql_bin" -X -q -1 -v ON_ERROR_STOP=1 -d bench_migrate -c "SET client_min_messages = warning" \
        "${files[@]}"
}
export -f fresh drop ours bare
export psql_bin
value=$(median_seconds_between fresh drop ours)
baseline=$(median_seconds_between fresh drop bare)
report migrate_up "$value" "$baseline" s
