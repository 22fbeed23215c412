# data: the Data tab on workflow_executions-shaped tables of BENCH_DATA_SMALL (default
# 1,000,000) and BENCH_DATA_LARGE (default 10,000,000) rows, and on narrow tables (a bigint
# key) of BENCH_DATA_SMALL and BENCH_DATA_HUGE (default 100,000,000) rows, through the real
# widgets (bridgescope_databench, offscreen):
#  - first_block: openTable() until the first block is on screen, large against small, and
#    huge against small (1.00x: the time does not grow with the table);
#  - scan: every row of the small table through the model, block by block (runs alternate with
#    their baselines' throughout, and the tables are checkpointed first), against
#    psql -c "COPY (SELECT * FROM t) TO STDOUT" > /dev/null, and against the same COPY of the
#    rows in the grid's order (ORDER BY the key: a random uuid here, so an ordered read visits
#    the heap at random, which the unordered COPY does not);
#  - scan_rss: the scan's peak resident memory, large against small (1.00x: bounded cache);
#  - jump_to_end: Ctrl+End until the last row is on screen, against the first block;
#  - jump_to_40pct: the thumb dragged to 40% until those rows are shown, against the first
#    block (on the huge table); and on the large table sorted by started_at (indexed, as in
#    the bridge's schema), against the sorted first block: a jump read from the sort column's
#    histogram;
#  - json_20mb: a 20 MB document in the JSONB viewer until its tree is shown, against jq . .
set -euo pipefail
source bench/lib.sh
small=${BENCH_DATA_SMALL:-1000000}
large=${BENCH_DATA_LARGE:-10000000}
databench=${BRIDGESCOPE_DATABENCH:-$(dirname "$BRIDGESCOPE_BIN")/../../bench/bridgescope_databench}
export QT_LOGGING_RULES="*.warning=false"
start_bench_cluster
export PGDATABASE=bench_data
"$psql_bin" -X -q -d postgres -c "CREATE DATABASE bench_data"
"$BRIDGESCOPE_BIN" migrate up --dsn "dbname=bench_data" >/dev/null

# The shape of workflow_executions (its columns and key), filled by generate_series.
make_table() {
    "$psql_bin" -X -q -c "CREATE TABLE $1 (LIKE workflow_executions INCLUDING DEFAULTS)" \
        -c "INSERT INTO $1 (id, correlation_id, workflow_type, current_state, namespace,
                started_at, completed_at, execution_time_ms, metadata, stamp_id, file_hash)
            SELECT md5(g::text)::uuid, md5('c' || g)::uuid, 'metadata_stamping', 'COMPLETED',
                   'omninode.ns' || (g % 8), timestamptz '2026-01-01' + g * interval '1 second',
                   timestamptz '2026-01-01' + g * interval '1 second' + interval '850 ms', 850,
                   jsonb_build_object('items', g % 50, 'priority', 'normal', 'source', 'bench'),
                   'stamp_' || g, md5('f' || g) || md5('h' || g)
              FROM generate_series(1, $2) g" \
        -c "ALTER TABLE $1 ADD PRIMARY KEY (id)" -c "VACUUM ANALYZE $1"
}
make_table wf_small "$small"
make_table wf_large "$large"
huge=${BENCH_DATA_HUGE:-100000000}
make_narrow() {
    "$psql_bin" -X -q -c "CREATE TABLE $1 (id bigint, v int)" \
        -c "INSERT INTO $1 SELECT g, g % 1000 FROM generate_series(1, $2) g" \
        -c "ALTER TABLE $1 ADD PRIMARY KEY (id)" -c "VACUUM ANALYZE $1"
}
make_narrow narrow_small "$small"
make_narrow narrow_huge "$huge"
dsn="host=$PGHOST port=$PGPORT user=$PGUSER dbname=bench_data"

median_of() { # median_of CMD… — the median of BENCH_REPEAT printed first fields
    for _ in $(seq "$BENCH_REPEAT"); do "$@" | awk '{print $1}'; done | sort -g |
        awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
wall() { # wall CMD… — one run's wall time in seconds
    local t0 t1
    t0=$(date +%s.%N)
    "$@" >/dev/null
    t1=$(date +%s.%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}'
}
# alternate FN… — runs the functions one after another, BENCH_REPEAT rounds, and prints the
# median of each one's first printed field: what else the machine does (a checkpoint, the page
# cache) falls on a figure and its baseline alike.
alternate() {
    local -a lists=()
    for _ in $(seq "$BENCH_REPEAT"); do
        local i=0
        for fn in "$@"; do
            lists[i]+="$("$fn" | awk '{print $1}') "
            i=$((i + 1))
        done
    done
    local out=()
    for list in "${lists[@]}"; do
        # shellcheck disable=SC2086 # a list of numbers
        out+=("$(median $list)")
    done
    echo "${out[@]}"
}
# The tables' writes reach the disk now, not during the first measurements.
"$psql_bin" -X -q -c "CHECKPOINT"

first_small() { "$databench" first-block "$dsn" wf_small; }
first_large() { "$databench" first-block "$dsn" wf_large; }
read -r first_small first_large < <(alternate first_small first_large)
report first_block_large_vs_small "$first_large" "$first_small" s

read -r _ rss_small rows_small < <("$databench" scan "$dsn" wf_small) # its RSS; warms the cache
scan_small() { "$databench" scan "$dsn" wf_small; }
copy_small() { wall "$psql_bin" -X -q -c "COPY (SELECT * FROM wf_small) TO STDOUT"; }
copy_ordered() { wall "$psql_bin" -X -q -c "COPY (SELECT * FROM wf_small ORDER BY id) TO STDOUT"; }
read -r scan_small copy_time ordered_time < <(alternate scan_small copy_small copy_ordered)
report "scan_${rows_small}_rows_vs_psql_copy" "$scan_small" "$copy_time" s
report "scan_${rows_small}_rows_vs_psql_copy_in_key_order" "$scan_small" "$ordered_time" s
read -r scan_large rss_large rows_large < <("$databench" scan "$dsn" wf_large)
report "scan_rss_${rows_large}_vs_${rows_small}_rows" "$rss_large" "$rss_small" KB
echo "scan_${rows_large}_rows: $scan_large s"

jump=$(median_of "$databench" jump "$dsn" wf_large)
report jump_to_end_vs_first_block "$jump" "$first_large" s
"$psql_bin" -X -q -c "CREATE INDEX ON wf_large (started_at)" -c "ANALYZE wf_large"
sorted_first=$(median_of "$databench" sort "$dsn" wf_large started_at)
sorted_jump=$(median_of "$databench" jump40 "$dsn" wf_large started_at)
report "jump_to_40pct_sorted_${large}_rows_vs_sorted_first_block" "$sorted_jump" "$sorted_first" s

first_narrow_small() { "$databench" first-block "$dsn" narrow_small; }
first_narrow_huge() { "$databench" first-block "$dsn" narrow_huge; }
read -r first_narrow_small first_narrow_huge < <(alternate first_narrow_small first_narrow_huge)
report "first_block_${huge}_vs_${small}_narrow_rows" "$first_narrow_huge" "$first_narrow_small" s
jump_huge=$(median_of "$databench" jump "$dsn" narrow_huge)
report "jump_to_end_${huge}_rows_vs_first_block" "$jump_huge" "$first_narrow_huge" s
jump40=$(median_of "$databench" jump40 "$dsn" narrow_huge)
report "jump_to_40pct_${huge}_rows_vs_first_block" "$jump40" "$first_narrow_huge" s
read -r scan_nsmall rss_nsmall rows_nsmall < <("$databench" scan "$dsn" narrow_small)
read -r scan_nhuge rss_nhuge rows_nhuge < <("$databench" scan "$dsn" narrow_huge)
report "scan_rss_${rows_nhuge}_vs_${rows_nsmall}_narrow_rows" "$rss_nhuge" "$rss_nsmall" KB
echo "scan_${rows_nhuge}_narrow_rows: $scan_nhuge s (${rows_nsmall} rows: $scan_nsmall s)"

# A 20 MB document of the shape the bridge stores (nested objects, arrays, strings, numbers).
"$psql_bin" -X -qAt -c "SELECT jsonb_build_object('workflow_steps', jsonb_agg(jsonb_build_object(
        'step', g, 'name', 'step_' || g, 'ok', g % 7 <> 0, 'durations', jsonb_build_array(g, g * 2, g * 3),
        'detail', jsonb_build_object('node', 'node-' || (g % 40), 'note', repeat('x', 120)))))
      FROM generate_series(1, 82000) g" >"$work/doc.json"
jq_time=$(median_seconds jq . "$work/doc.json")
viewer=$(median_of "$databench" json "$work/doc.json")
report "json_$(($(stat -c %s "$work/doc.json") / 1000000))mb_viewer_vs_jq" "$viewer" "$jq_time" s
