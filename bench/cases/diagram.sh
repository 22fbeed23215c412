# diagram: `bridgescope diagram -o x.svg` (connect, read the catalog, lay out, draw every box,
# column and key, write the SVG) against Graphviz's own program laying out the same graph
# (written by `bridgescope diagram -o x.dot`: the same boxes, sizes and attributes) and
# writing its SVG. Two sizes:
#   diagram_1000_tables  a generated schema of 1,000 tables and 2,000 foreign keys vs. `sfdp`
#   diagram_bundled      the bundled OmniNode schema vs. `dot`
set -euo pipefail
source bench/lib.sh
command -v sfdp >/dev/null || BRIDGESCOPE_DEPS_BENCH=1 scripts/deps
start_bench_cluster

"$psql_bin" -X -q -c "CREATE DATABASE bench_large" -c "CREATE DATABASE bench_bundled"
# 1,000 tables of 3–12 columns; 2,000 keys from a random table to a random other one, each
# with a column of its own. setseed makes the schema the same on every run.
"$psql_bin" -X -q -d bench_large <<'SQL'
DO $$
DECLARE
    from_table int;
    to_table int;
BEGIN
    PERFORM setseed(0.42);
    FOR t IN 1..1000 LOOP
        EXECUTE format('CREATE TABLE t%s (id int PRIMARY KEY, name text, created_at timestamptz%s)',
                       t, (SELECT string_agg(format(', c%s integer', c), '')
                           FROM generate_series(1, (random() * 9)::int) c));
    END LOOP;
    FOR k IN 1..2000 LOOP
        from_table := 1 + (random() * 999)::int;
        to_table := 1 + (random() * 999)::int;
        EXECUTE format('ALTER TABLE t%s ADD COLUMN ref%s int REFERENCES t%s (id) ON DELETE %s',
                       from_table, k, to_table,
                       (ARRAY['CASCADE', 'SET NULL', 'NO ACTION'])[1 + (random() * 2)::int]);
    END LOOP;
END $$;
SQL
"$BRIDGESCOPE_BIN" migrate up --dsn "dbname=bench_bundled" >/dev/null

"$BRIDGESCOPE_BIN" diagram --dsn "dbname=bench_large" -o "$work/large.dot" 2>/dev/null
"$BRIDGESCOPE_BIN" diagram --dsn "dbname=bench_bundled" -o "$work/bundled.dot" 2>/dev/null

export work
large_ours() { "$BRIDGESCOPE_BIN" diagram --dsn "dbname=bench_large" -o "$work/large.svg" 2>/dev/null; }
large_sfdp() { sfdp -Tsvg "$work/large.dot" -o "$work/large-sfdp.svg"; }
bundled_ours() { "$BRIDGESCOPE_BIN" diagram --dsn "dbname=bench_bundled" -o "$work/bundled.svg" 2>/dev/null; }
bundled_dot() { dot -Tsvg "$work/bundled.dot" -o "$work/bundled-dot.svg"; }
export -f large_ours large_sfdp bundled_ours bundled_dot

report diagram_1000_tables "$(median_seconds large_ours)" "$(median_seconds large_sfdp)" s
report diagram_bundled "$(median_seconds bundled_ours)" "$(median_seconds bundled_dot)" s
# Where our time goes (one run each): Qt's start, connect, catalog, scene, layout, write.
for db in large bundled; do
    split=$("$BRIDGESCOPE_BIN" diagram --dsn "dbname=bench_$db" -o "$work/$db.svg" --timings 2>&1 \
        | sed -n 's/^Timings: //p')
    echo "diagram_${db}_split: $split"
done
