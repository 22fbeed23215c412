# health_overhead: what the Health tab costs a busy server. A steady write load (pgbench's
# TPC-B-like script, 2 clients, synchronous_commit off so that the disk's noise stays out) runs
# alone and while `bridgescope health sessions replication activity --every 1` samples what the
# tab samples each tick (sessions, the role and standbys, the activity counters) over one
# connection; runs alternate to share the machine's drift. Two lines:
#   health_overhead  the load's throughput sampled, against alone (goal: 0.98 or more)
#   health_cpu       CPU seconds the sampling backend used, against all the server's processes
#                    in the same runs: the share of the server's work that is ours (the
#                    throughput ratio is within this machine's noise; this is not)
set -euo pipefail
source bench/lib.sh
start_bench_cluster

pgbench_bin=$(dirname "$psql_bin")/pgbench
"$psql_bin" -X -q -c "CREATE DATABASE bench_health"
"$pgbench_bin" -i -q -s 10 bench_health >/dev/null 2>&1
seconds=${BENCH_HEALTH_SECONDS:-10}
postmaster=$(head -n 1 "$cluster/data/postmaster.pid")

tps() {
    PGOPTIONS="-c synchronous_commit=off" "$pgbench_bin" -n -c 2 -j 2 -T "$seconds" bench_health \
        2>/dev/null | awk '/^tps/ {print $3}'
}
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# Every process of the server: the postmaster, its live children, and those reaped (cutime).
server_ticks() {
    local total
    total=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$postmaster/stat")
    for child in $(pgrep -P "$postmaster"); do
        total=$((total + $(ticks "$child" 2>/dev/null || echo 0)))
    done
    echo "$total"
}

alone=()
sampled=()
ours=0
server=0
for _ in $(seq "$BENCH_REPEAT"); do
    alone+=("$(tps)")
    "$BRIDGESCOPE_BIN" health sessions replication activity --every 1 --json \
        --dsn "dbname=bench_health" >/dev/null &
    sampler=$!
    backend=""
    while [ -z "$backend" ]; do
        backend=$("$psql_bin" -XAtq -c "SELECT pid FROM pg_stat_activity
                                         WHERE application_name = 'bridgescope'" bench_health)
    done
    before_ours=$(ticks "$backend")
    before_server=$(server_ticks)
    sampled+=("$(tps)")
    ours=$((ours + $(ticks "$backend") - before_ours))
    server=$((server + $(server_ticks) - before_server))
    kill "$sampler"
    wait "$sampler" 2>/dev/null || true
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
report health_overhead "$(median "${sampled[@]}")" "$(median "${alone[@]}")" tps
report health_cpu "$(awk -v t="$ours" 'BEGIN {print t / 100}')" \
    "$(awk -v t="$server" 'BEGIN {print t / 100}')" "s of CPU"
