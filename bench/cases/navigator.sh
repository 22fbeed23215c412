# navigator: Go to anything and the navigator's first paint, each against its baseline.
#  - Go to anything p95 over a 10,000-table catalog (10 schemas of 1,000 tables of 5 columns,
#    the bundled schema beside them: some 71,000 objects) against the same on the bundled
#    schema alone (goal ≤ 1.5, and under 20 ms);
#  - the navigator's first paint (connect, read the catalog, group it, paint the first rows)
#    on that catalog against the bundled schema's (goal ≤ 2).
set -euo pipefail
source bench/lib.sh
navigatorbench=${BRIDGESCOPE_NAVIGATORBENCH:-$(dirname "$BRIDGESCOPE_BIN")/../../bench/bridgescope_navigatorbench}
start_bench_cluster
for db in bench_nav bench_nav_wide; do
    "$psql_bin" -X -q -d postgres -c "CREATE DATABASE $db"
    "$BRIDGESCOPE_BIN" migrate up --dsn "host=$PGHOST port=$PGPORT user=$PGUSER dbname=$db" >/dev/null
done
make_wide_catalog bench_nav_wide
dsn="host=$PGHOST port=$PGPORT user=$PGUSER dbname=bench_nav"
wide="host=$PGHOST port=$PGPORT user=$PGUSER dbname=bench_nav_wide"

read -r _ wide_p95 wide_objects < <(QT_QPA_PLATFORM=offscreen "$navigatorbench" goto "$wide")
read -r _ bundled_p95 _ < <(QT_QPA_PLATFORM=offscreen "$navigatorbench" goto "$dsn")
echo "navigator: $wide_objects objects in the wide catalog"
report navigator_goto_p95 "$wide_p95" "$bundled_p95" s

paint() { QT_QPA_PLATFORM=offscreen "$navigatorbench" first-paint "$1" | cut -d' ' -f1; }
median_of() { for _ in $(seq "$BENCH_REPEAT"); do "$@"; done | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
wide_paint=$(median_of paint "$wide")
bundled_paint=$(median_of paint "$dsn")
report navigator_first_paint "$wide_paint" "$bundled_paint" s
