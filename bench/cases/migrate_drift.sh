# migrate_drift: `bridgescope migrate drift` on a database at the end of the bundled chain with a
# few hand-made changes (replay of the 19 applied migrations with a catalog read after each, both
# catalogs compared) against one `bridgescope migrate verify` pass of the same chain (apply, roll
# back, re-apply in a scratch database, a catalog read after each step). The issue's goal: about
# as long as verify.
set -euo pipefail
source bench/lib.sh
start_bench_cluster

"$psql_bin" -X -q -c "CREATE DATABASE bench_drift"
"$BRIDGESCOPE_BIN" migrate up --dsn "dbname=bench_drift" >/dev/null
"$psql_bin" -X -q -d bench_drift -v ON_ERROR_STOP=1 <<'SQL'
CREATE INDEX hand_made_idx ON workflow_steps (status, created_at);
ALTER TABLE workflow_executions ALTER COLUMN namespace SET DEFAULT 'hotfix';
COMMENT ON TABLE event_logs IS 'edited in production';
SQL

# drift exits 1 when it finds drift (it does here): the timing wants it to run, not to pass.
ours() { "$BRIDGESCOPE_BIN" migrate drift --dsn "dbname=bench_drift" 2>/dev/null || [ $? -eq 1 ]; }
verify() { "$BRIDGESCOPE_BIN" migrate verify --dsn "dbname=bench_drift" 2>/dev/null; }
export -f ours verify
value=$(median_seconds ours)
baseline=$(median_seconds verify)
report migrate_drift "$value" "$baseline" s
