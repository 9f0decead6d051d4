# A throwaway PostgreSQL cluster for the city's demo and benchmark (sourced, not run):
#   pg_cluster_start DIR   initdb in DIR/data, the server on a Unix socket in DIR only; sets
#                          QUEUE_CITY_POSTGRES_URL for queue-city
#   pg_cluster_restart DIR start a cluster made earlier
#   pg_cluster_stop DIR
# PostgreSQL refuses to run as root: then the cluster runs as the postgres user.
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
as_pg=()
[ "$(id -u)" = 0 ] && as_pg=(runuser -u postgres --)

pg_cluster_start() {
  local dir=$1
  [ -x "$PGBIN/initdb" ] || { echo "PostgreSQL is not installed: apt-get install postgresql" >&2; return 69; }
  mkdir -p "$dir"
  # The postgres user must reach its folder through the ones above it.
  if [ "$(id -u)" = 0 ]; then chmod 755 "$(dirname "$dir")"; chown postgres:postgres "$dir"; fi
  "${as_pg[@]}" "$PGBIN/initdb" -D "$dir/data" -U city --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  pg_cluster_restart "$dir"
}

# Starts a cluster made earlier by pg_cluster_start (one kept in CITY_YEAR_DIR).
pg_cluster_restart() {
  local dir=$1
  "${as_pg[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-c listen_addresses='' -k $dir -c max_connections=300" start </dev/null >/dev/null 2>&1 \
    || { echo "PostgreSQL did not start in $dir; its log:" >&2; tail -20 "$dir/server.log" >&2; return 69; }
  export QUEUE_CITY_POSTGRES_URL="postgres://city@localhost/postgres?host=$dir"
}

pg_cluster_stop() {
  "${as_pg[@]}" "$PGBIN/pg_ctl" -D "$1/data" -m fast -w stop >/dev/null 2>&1 || true
}
