# cluster_start: `bridgescope cluster start` on an empty folder (initdb + start, then stop)
# against the bare `initdb && pg_ctl start -w` of the same server with the same settings.
set -euo pipefail
source bench/lib.sh
bindir=$(pg_config --bindir 2>/dev/null || true)
[ -x "$bindir/initdb" ] || bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
work=$(mktemp -d /tmp/bridgescope-bench-XXXXXX)
chmod 755 "$work"
[ "$(id -u)" -eq 0 ] && chown postgres: "$work"
trap 'rm -rf "$work"' EXIT

ours() {
    local dir="$work/ours"
    BRIDGESCOPE_FAST_INITDB=1 "$BRIDGESCOPE_BIN" cluster start --dir "$dir" --port 5432
    "$BRIDGESCOPE_BIN" cluster stop --dir "$dir" >/dev/null
    rm -rf "$dir"
}
bare() {
    local dir="$work/bare"
    as_server_user mkdir -p "$dir/socket"
    as_server_user "$bindir/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C \
        --auth-local=trust --auth-host=scram-sha-256 --no-sync >/dev/null
    as_server_user "$bindir/pg_ctl" start -D "$dir/data" -l "$dir/server.log" -w -s \
        -o "-c listen_addresses='' -c unix_socket_directories='$dir/socket' -p 5432"
    as_server_user "$bindir/pg_ctl" stop -D "$dir/data" -m fast -w -s
    rm -rf "$dir"
}
export -f ours bare
export work bindir
value=$(median_seconds bash -c ours)
baseline=$(median_seconds bash -c bare)
report cluster_start "$value" "$baseline" s
