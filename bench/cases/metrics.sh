# metrics: on BENCH_WORKFLOWS demo workflows (default 1,000,000; about 12 million rows in all)
#  - demo_data: `bridgescope demo-data` rows per second against a bare
#    `INSERT … SELECT repeat('x', W) FROM generate_series` of the same row count and mean width
#    into a table without indexes (ratio of times: the generator's cost over the raw write);
#  - chart_<name>: `bridgescope chart <name> -o x.csv` over the last 7 days against psql running
#    the same SQL (`bridgescope chart --sql`) to /dev/null: our overhead (start, connect,
#    catalog check, CSV).
set -euo pipefail
source bench/lib.sh
workflows=${BENCH_WORKFLOWS:-1000000}
start_bench_cluster
export PGDATABASE=bench_metrics
"$psql_bin" -X -q -d postgres -c "CREATE DATABASE bench_metrics"
"$BRIDGESCOPE_BIN" migrate up --dsn "dbname=bench_metrics" >/dev/null

t0=$(date +%s.%N)
"$BRIDGESCOPE_BIN" demo-data --dsn "dbname=bench_metrics" --workflows "$workflows" --days 30 \
    --namespaces 8 2>/dev/null
t1=$(date +%s.%N)
tables="workflow_executions workflow_steps fsm_transitions metadata_stamps event_logs bridge_states node_registrations agent_definitions agent_transformation_events router_performance_metrics"
rows=0
bytes=0
for t in $tables; do
    rows=$((rows + $("$psql_bin" -X -qAt -c "SELECT count(*) FROM $t")))
    bytes=$((bytes + $("$psql_bin" -X -qAt -c "SELECT pg_relation_size('$t')")))
done
width=$((bytes / rows))
"$psql_bin" -X -q -c "CREATE TABLE bare_rows (filler text)"
t2=$(date +%s.%N)
"$psql_bin" -X -q -c "INSERT INTO bare_rows SELECT repeat('x', $width) FROM generate_series(1, $rows)"
t3=$(date +%s.%N)
"$psql_bin" -X -q -c "DROP TABLE bare_rows"
ours=$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')
bare=$(awk -v a="$t2" -v b="$t3" 'BEGIN {print b - a}')
awk -v r="$rows" -v o="$ours" -v b="$bare" -v w="$workflows" -v width="$width" \
    'BEGIN {printf "demo_data: %d workflows, %d rows of ~%d bytes in %.1f s = %.0f rows/s (%.2fx baseline: bare INSERT %.1f s = %.0f rows/s)\n", w, r, width, o, r / o, o / b, b, r / b}'

for chart in throughput items-per-second step-durations; do
    sql="$work/$chart.sql"
    "$BRIDGESCOPE_BIN" chart "$chart" --dsn "dbname=bench_metrics" --from -7d --sql >"$sql"
    ours_chart() { "$BRIDGESCOPE_BIN" chart "$1" --dsn "dbname=bench_metrics" --from -7d -o "$2/out.csv" 2>/dev/null; }
    psql_chart() { "$psql_bin" -X -q -A -f "$1" >/dev/null; }
    export -f ours_chart psql_chart
    value=$(median_seconds ours_chart "$chart" "$work")
    baseline=$(median_seconds psql_chart "$sql")
    report "chart_$chart" "$value" "$baseline" s
done
