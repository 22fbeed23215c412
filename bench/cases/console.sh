# console: the SQL console's four figures, each against its baseline in the same run.
#  - completion p95 over a 10,000-table catalog (10 schemas of 1,000 tables, the bundled schema
#    beside them) against the same on the bundled schema alone (goal ≤ 1.5, and under 20 ms);
#  - first rows of a 10 M-row SELECT against the same SELECT with LIMIT 200 (goal ≤ 1.1);
#  - peak RSS streaming a 10 M-row result into the console's spool and reading every row back
#    against the same for 10 k rows (goal ≤ 1.1);
#  - `bridgescope query --csv` of 1 M rows against psql's \copy (…) to FILE csv header (≤ 1.3).
set -euo pipefail
source bench/lib.sh
rows=${BENCH_CONSOLE_ROWS:-10000000}
consolebench=${BRIDGESCOPE_CONSOLEBENCH:-$(dirname "$BRIDGESCOPE_BIN")/../../bench/bridgescope_consolebench}
start_bench_cluster
for db in bench_console bench_console_wide; do
    "$psql_bin" -X -q -d postgres -c "CREATE DATABASE $db"
    "$BRIDGESCOPE_BIN" migrate up --dsn "host=$PGHOST port=$PGPORT user=$PGUSER dbname=$db" >/dev/null
done
make_wide_catalog bench_console_wide
"$psql_bin" -X -q -d bench_console -c "CREATE TABLE big AS SELECT g AS id, md5(g::text) AS label, now() - g * interval '1 second' AS at FROM generate_series(1, $rows) g"
"$psql_bin" -X -q -d bench_console -c "VACUUM ANALYZE big"
dsn="host=$PGHOST port=$PGPORT user=$PGUSER dbname=bench_console"
wide="host=$PGHOST port=$PGPORT user=$PGUSER dbname=bench_console_wide"

read -r _ wide_p95 < <("$consolebench" complete "$wide" 400)
read -r _ bundled_p95 < <("$consolebench" complete "$dsn" 400)
report console_completion_p95 "$wide_p95" "$bundled_p95" s

first() { "$consolebench" first-rows "$dsn" "$1"; }
median_of() { for _ in $(seq "$BENCH_REPEAT"); do "$@"; done | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
all=$(median_of first "SELECT * FROM big")
limited=$(median_of first "SELECT * FROM big LIMIT 200")
report console_first_rows "$all" "$limited" s

read -r _ big_rss < <("$consolebench" scroll "$dsn" "SELECT * FROM big")
read -r _ small_rss < <("$consolebench" scroll "$dsn" "SELECT * FROM big LIMIT 10000")
report console_scroll_peak_rss "$big_rss" "$small_rss" KiB

ours_csv() { "$BRIDGESCOPE_BIN" query --dsn "$dsn" --csv -o "$work/ours.csv" -c "SELECT * FROM big ORDER BY id LIMIT 1000000"; }
psql_csv() { "$psql_bin" -X -q -c "\\copy (SELECT * FROM big ORDER BY id LIMIT 1000000) to '$work/psql.csv' csv header"; }
export -f ours_csv psql_csv
export dsn work psql_bin
export PGDATABASE=bench_console
value=$(median_seconds bash -c ours_csv)
baseline=$(median_seconds bash -c psql_csv)
cmp -s "$work/ours.csv" "$work/psql.csv" || { echo "console: query --csv differs from psql's \\copy" >&2; exit 1; }
report console_query_csv "$value" "$baseline" s
