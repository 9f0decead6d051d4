#!/usr/bin/env bash
# The city's ingest figures for docs/BENCHMARKS.md (issue 16), release build: a throwaway
# PostgreSQL cluster, queue-city serve, HALLS halls added, then `queue-bench city`: every hall
# forwarding at once, then one hall catching up on a week's backlog alone, and a busy hall's clerk
# round trip side by side with a copy: neither linked with the city idle, neither linked while a
# third copy forwards (on the city's CPU with APART), and while its own outbox forwards its week.
# Prints the figures and the database's size. Variables: BIN (.build/release), HALLS (100), EVENTS (6000 per hall),
# BACKLOG (20000), APART=1: the city (PostgreSQL and queue-city) on CPU 1 and the hall and the
# benchmark client on CPU 0, as when the city is another machine; with APART=disk the city's
# PostgreSQL also keeps its files in memory (/dev/shm), off the hall's disk.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${BIN:-.build/release}")
HALLS=${HALLS:-100}
DIR=$(mktemp -d /tmp/queue-city-bench.XXXXXX)
PG=$DIR/pg
[ "${APART:-}" = disk ] && PG=$(mktemp -d /dev/shm/queue-city-bench.XXXXXX)/pg
source scripts/pg-cluster.sh
cleanup() {
  [ -n "${server:-}" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  pg_cluster_stop "$PG"
  [ "$PG" = "$DIR/pg" ] || rm -rf "$(dirname "$PG")"
  rm -rf "$DIR"
}
trap cleanup EXIT
pg_cluster_start "$PG"
"$BIN/queue-city" unit add --id ha-noi --name "Thành phố Hà Nội" --level city > /dev/null
mkdir -p "$DIR/keys"
for i in $(seq "$HALLS"); do
  "$BIN/queue-city" hall add --id "hall-$i" --name "Hall $i" --unit ha-noi --key-out "$DIR/keys/hall-$i.key" > /dev/null
done
"$BIN/queue-city" hall add --id catch-up --name "Catch-up hall" --unit ha-noi --key-out "$DIR/keys/catch-up.key" > /dev/null
# A busy hall's backlog (a week of 3,000 tickets a day on 20 counters) for the round-trip figure.
"$BIN/queue-city" hall add --id busy-hall --name "Busy hall" --unit ha-noi --key-out "$DIR/busy-hall.key" > /dev/null
# A third copy of it that keeps the city busy while a pair with neither measured hall linked runs.
"$BIN/queue-city" hall add --id feeder-hall --name "Feeder hall" --unit ha-noi --key-out "$DIR/feeder-hall.key" > /dev/null
"$BIN/queuectl" simulate --date 2026-11-30 --days 5 --counters 20 --tickets 3000 --seed 11 --state-dir "$DIR/busy" > /dev/null
city_cpu=() hall_cpu=()
if [ -n "${APART:-}" ]; then
  city_cpu=(taskset -c 1) hall_cpu=(taskset -c 0)
  # The server's later backends are forked from it and keep its CPU.
  taskset -apc 1 "$(head -1 "$PG/data/postmaster.pid")" > /dev/null
fi
"${city_cpu[@]}" "$BIN/queue-city" serve --host 127.0.0.1 --https-port 0 --state-dir "$DIR/city" --log-level warning > "$DIR/city.log" 2>&1 &
server=$!
for _ in $(seq 100); do grep -q "listening on" "$DIR/city.log" && break; sleep 0.1; done
url=$(grep -o "https://127.0.0.1:[0-9]*" "$DIR/city.log" | head -1)
echo "queue-city at $url, PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}'), $(nproc) cores"
[ -n "${PERF_OUT:-}" ] && { perf record -q -F 999 -g -p "$server" -o "$PERF_OUT" & perfpid=$!; }
"${hall_cpu[@]}" "$BIN/queue-bench" city --city "$url" --certificate "$DIR/city/city-tls.crt" --keys "$DIR/keys" \
  --events-per-hall "${EVENTS:-6000}" --catch-up-hall catch-up --backlog "${BACKLOG:-20000}" \
  --hall-state "$DIR/busy" --hall-key "$DIR/busy-hall.key" --feeder-key "$DIR/feeder-hall.key" ${APART:+--feeder-cpu 1}
[ -n "${perfpid:-}" ] && { kill -INT "$perfpid"; wait "$perfpid" || true; }
"${as_pg[@]}" "$PGBIN/psql" -h "$PG" -U city -d postgres -XAtq -c \
  "SELECT 'database: ' || pg_size_pretty(pg_database_size('postgres')) || ' for ' || (SELECT COUNT(*) FROM hall_event) || ' events, ' || (SELECT COUNT(*) FROM hall_ticket) || ' tickets'"
