# plan: a 5,000-node plan (an Append over 5,000 branches, EXPLAIN ANALYZE of a UNION ALL) read
# from a file with all its figures and findings (bridgescope explain --plan-file --json),
# against jq . on the same JSON (goal ≤ 1.0).
set -euo pipefail
source bench/lib.sh
branches=${BENCH_PLAN_BRANCHES:-5000}
start_bench_cluster
# A UNION ALL of 5,000 small scans of one table: every branch a node, every node with its
# figures, as a partitioned table's Append would have.
"$psql_bin" -X -q -c "CREATE TABLE t AS SELECT g AS id, md5(g::text) AS label FROM generate_series(1, 100) g" -c "ANALYZE t"
{
    printf 'EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) '
    for i in $(seq 1 "$branches"); do
        [ "$i" -gt 1 ] && printf ' UNION ALL '
        printf 'SELECT id, label FROM t WHERE id = %d' "$((i % 100 + 1))"
    done
    printf ';\n'
} > "$work/query.sql"
"$psql_bin" -X -q -A -t -f "$work/query.sql" > "$work/plan.json"
nodes=$(grep -c '"Node Type"' "$work/plan.json")
[ "$nodes" -ge "$branches" ] || { echo "plan: only $nodes nodes" >&2; exit 1; }
ours=$(median_seconds "$BRIDGESCOPE_BIN" explain --plan-file "$work/plan.json" --json)
theirs=$(median_seconds jq . "$work/plan.json")
report "plan_${nodes}_nodes_vs_jq" "$ours" "$theirs" s
