#!/usr/bin/env bash
# The city demo: a throwaway PostgreSQL cluster, queue-city, and three simulated halls in two wards
# that forward their last week to it; then the city's roll-up report. Ctrl-C stops everything and
# exits 0; the cluster and the halls stay in CITY_DEMO_DIR until you delete it.
# Variables: BIN (the binaries, .build/debug), CITY_DEMO_DIR (a fresh temporary folder),
# CITY_PORT (8444: queue-city's HTTPS port).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${BIN:-.build/debug}")
DEMO=${CITY_DEMO_DIR:-$(mktemp -d /tmp/queue-city-demo.XXXXXX)}
PORT=${CITY_PORT:-8444}
source scripts/pg-cluster.sh
mkdir -p "$DEMO"
pids=()
stop() {
  local status=${1:-$?}
  trap - INT TERM EXIT
  echo
  echo "Stopping the city demo…"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  pg_cluster_stop "$DEMO/pg"
  echo "Stopped. Everything stays in $DEMO."
  exit "$status"
}
trap 'stop 0' INT TERM
trap stop EXIT

echo "PostgreSQL: a new cluster in $DEMO/pg (Unix socket only)"
pg_cluster_start "$DEMO/pg"

city() { "$BIN/queue-city" "$@"; }
city unit add --id ha-noi --name "Thành phố Hà Nội" --level city
city unit add --id ba-dinh --name "Phường Ba Đình" --level ward --parent ha-noi
city unit add --id hoan-kiem --name "Phường Hoàn Kiếm" --level ward --parent ha-noi
halls=(phuong-ba-dinh:ba-dinh:"Bộ phận một cửa phường Ba Đình"
       ba-dinh-so-2:ba-dinh:"Điểm tiếp nhận số 2 phường Ba Đình"
       phuong-hoan-kiem:hoan-kiem:"Bộ phận một cửa phường Hoàn Kiếm")

city serve --host 127.0.0.1 --https-port "$PORT" --state-dir "$DEMO/city" --log-level warning > "$DEMO/city.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -q "listening on" "$DEMO/city.log" && break; sleep 0.1; done
grep "listening on" "$DEMO/city.log" || { cat "$DEMO/city.log" >&2; exit 1; }

# Last week, Monday to Friday, as data: the halls' own simulated days.
monday=$(date -d "-$(( $(date +%u) + 6 )) days" +%F)   # the Monday of last week, whatever today is
friday=$(date -d "$monday + 4 days" +%F)
seed=1
for entry in "${halls[@]}"; do
  IFS=: read -r id unit name <<< "$entry"
  hall="$DEMO/halls/$id"
  city hall add --id "$id" --name "$name" --unit "$unit" --key-out "$DEMO/$id.key" >/dev/null
  echo "$name ($unit): simulating $monday to $friday…"
  # The sample hall, named as the city knows it.
  "$BIN/queue-coordinator" --print-default-config \
    | sed "0,/^name = .*/s//name = \"$name\"/; 0,/^level = .*/s//level = \"ward\"/" > "$DEMO/$id.toml"
  "$BIN/queuectl" simulate --config "$DEMO/$id.toml" --date "$monday" --days 5 --tickets $((200 + 60 * seed)) --seed "$seed" \
    --state-dir "$hall" > /dev/null
  printf '\n[city]\nurl = "https://127.0.0.1:%s"\nkey_file = "%s"\ncertificate = "%s"\n' \
    "$PORT" "$DEMO/$id.key" "$DEMO/city/city-tls.crt" >> "$hall/hall.toml"
  "$BIN/queue-coordinator" --config "$hall/hall.toml" --state-dir "$hall" --clock virtual --host 127.0.0.1 \
    --port 0 --discovery-port 0 --log-level warning > "$hall/coordinator-city.log" 2>&1 &
  pids+=($!)
  seed=$((seed + 1))
done

echo "Forwarding…"
# Until every hall has sent and what the city holds has stopped growing for two seconds.
last=""
for _ in $(seq 120); do
  now=$(city hall list | cut -f1,3)
  if [ "$now" = "$last" ] && ! grep -q "events to 0" <<< "$now"; then break; fi
  last=$now
  sleep 2
done
city hall list
echo
city report --from "$monday" --to "$friday"
echo
echo "The city: https://127.0.0.1:$PORT (halls push there). Try:"
echo "  QUEUE_CITY_POSTGRES_URL='$QUEUE_CITY_POSTGRES_URL' $BIN/queue-city report --from $monday --to $friday --unit ba-dinh --format html --out ba-dinh.html"
echo "Ctrl-C stops the demo."
wait
