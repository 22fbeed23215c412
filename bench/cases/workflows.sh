# workflows: the Workflows tab's lookups on BENCH_WORKFLOWS demo workflows (default 1,000,000),
# each the p95 over BENCH_LOOKUPS runs (default 300) with ids sampled from the data, through the
# same core calls the tab makes (bridgescope_workflowbench, one connection), against psql running
# the guide's own SQL for the same question on one connection (seed 003, "Query Patterns"); and
# each against the guide's p95 target (workflow queries 50 ms, event-log queries 100 ms).
#  - trace: Find by the first 8 characters of a correlation_id, then the whole trace; psql: the
#    workflow by correlation_id, its steps, transitions, events and stamps (5 statements).
#  - session: a session's events and its workflows; psql: the two statements.
#  - failures: the last 24 hours' failures grouped by type and masked message; psql: the guide's
#    GROUP BY error_message of the same rows.
set -euo pipefail
source bench/lib.sh
workflows=${BENCH_WORKFLOWS:-1000000}
lookups=${BENCH_LOOKUPS:-300}
workflowbench=${BRIDGESCOPE_WORKFLOWBENCH:-$(dirname "$BRIDGESCOPE_BIN")/../../bench/bridgescope_workflowbench}
start_bench_cluster
export PGDATABASE=bench_workflows
"$psql_bin" -X -q -d postgres -c "CREATE DATABASE bench_workflows"
dsn="host=$PGHOST port=$PGPORT user=$PGUSER dbname=bench_workflows"
"$BRIDGESCOPE_BIN" migrate up --dsn "$dsn" >/dev/null
"$BRIDGESCOPE_BIN" demo-data --dsn "$dsn" --workflows "$workflows" --days 14 >/dev/null 2>&1
"$psql_bin" -X -q -c "VACUUM ANALYZE"

"$psql_bin" -X -At -c "SELECT correlation_id FROM workflow_executions ORDER BY random() LIMIT $lookups" >"$work/ids"
"$psql_bin" -X -At -c "SELECT session_id FROM (SELECT DISTINCT session_id FROM event_logs WHERE session_id IS NOT NULL) s ORDER BY random() LIMIT $lookups" >"$work/sessions"

# psql_p95 SCRIPT STATEMENTS_PER_RUN — runs the script with \timing, sums each run's statements'
# times and prints the p95 in seconds.
psql_p95() {
    "$psql_bin" -X -q -o /dev/null -f "$1" 2>/dev/null | grep '^Time:' | awk -v per="$2" '
        { sum += $2; if (NR % per == 0) { print sum / 1000; sum = 0 } }' |
        sort -g | awk '{a[NR]=$1} END {print a[int(0.95 * (NR - 1)) + 1]}'
}
{
    echo '\timing on'
    while read -r id; do
        w="(SELECT id FROM workflow_executions WHERE correlation_id = '$id')"
        echo "SELECT * FROM workflow_executions WHERE correlation_id = '$id';"
        echo "SELECT * FROM workflow_steps WHERE workflow_id = $w ORDER BY step_order;"
        echo "SELECT * FROM fsm_transitions WHERE entity_id = $w ORDER BY created_at;"
        echo "SELECT * FROM event_logs WHERE correlation_id = '$id' ORDER BY created_at;"
        echo "SELECT * FROM metadata_stamps WHERE workflow_id = $w;"
    done <"$work/ids"
} >"$work/trace.sql"
{
    echo '\timing on'
    while read -r id; do
        echo "SELECT * FROM event_logs WHERE session_id = '$id' ORDER BY created_at;"
        echo "SELECT * FROM workflow_executions WHERE session_id = '$id';"
    done <"$work/sessions"
} >"$work/session.sql"
{
    echo '\timing on'
    for _ in $(seq 50); do
        echo "SELECT error_message, count(*) FROM workflow_executions WHERE current_state = 'FAILED' AND started_at > now() - interval '24 hours' GROUP BY 1 ORDER BY 2 DESC;"
    done
} >"$work/failures.sql"

read -r _ trace_p95 < <("$workflowbench" trace "$dsn" "$work/ids")
read -r _ session_p95 < <("$workflowbench" session "$dsn" "$work/sessions")
read -r _ failures_p95 < <("$workflowbench" failures "$dsn" 50)
report "trace_p95_${workflows}_workflows_vs_psql" "$trace_p95" "$(psql_p95 "$work/trace.sql" 5)" s
report trace_p95_vs_guide_target_50ms "$trace_p95" 0.050 s
report "session_p95_vs_psql" "$session_p95" "$(psql_p95 "$work/session.sql" 2)" s
report session_p95_vs_guide_target_100ms "$session_p95" 0.100 s
report "failures_24h_p95_vs_psql_group_by" "$failures_p95" "$(psql_p95 "$work/failures.sql" 1)" s
report failures_24h_p95_vs_guide_target_50ms "$failures_p95" 0.050 s
