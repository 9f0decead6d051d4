#!/usr/bin/env bash
# The city-year figures for docs/BENCHMARKS.md (issue 16), release build: a throwaway PostgreSQL
# cluster seeded with HALLS halls × DAYS working days × TICKETS tickets of day summaries (months
# and years made by queue-city's own summarize), then the city's and one ward's year report as
# whole processes beside psql reading the same bytes. Variables: BIN (.build/release), HALLS
# (600), WARDS (120), DAYS (250), TICKETS (300); CITY_YEAR_DIR: a folder to keep the cluster in
# for another run (made if missing, never deleted); without it a temporary one, deleted at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${BIN:-.build/release}")
if [ -n "${CITY_YEAR_DIR:-}" ]; then DIR=$CITY_YEAR_DIR; mkdir -p "$DIR"; else DIR=$(mktemp -d /tmp/queue-city-year.XXXXXX); fi
source scripts/pg-cluster.sh
cleanup() {
  pg_cluster_stop "$DIR/pg"
  [ -n "${CITY_YEAR_DIR:-}" ] || rm -rf "$DIR"
}
trap cleanup EXIT
if [ -d "$DIR/pg/data" ]; then pg_cluster_restart "$DIR/pg"; else pg_cluster_start "$DIR/pg"; fi
"$BIN/queue-bench" city-year --postgres-url "$QUEUE_CITY_POSTGRES_URL" --psql "$PGBIN/psql" \
  --halls "${HALLS:-600}" --wards "${WARDS:-120}" --days "${DAYS:-250}" --tickets "${TICKETS:-300}"
