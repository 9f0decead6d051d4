#!/usr/bin/env bash
# The city demo: a throwaway PostgreSQL cluster, queue-city, and three simulated halls in two wards
# that forward their last week to it; then the city's roll-up report. Ctrl-C stops everything and
# exits 0; the cluster and the halls stay in CITY_DEMO_DIR until you delete it.
# Variables: BIN (the binaries, .build/debug), CITY_DEMO_DIR (a fresh temporary folder),
# CITY_PORT (8444: queue-city's HTTPS port), CITY_DEMO_HALL_PORT (17400: the halls listen on the
# next three ports).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/processes.sh
BIN=$(realpath "${BIN:-.build/debug}")
DEMO=${CITY_DEMO_DIR:-$(mktemp -d /tmp/queue-city-demo.XXXXXX)}
PORT=${CITY_PORT:-8444}
HALL_PORT=${CITY_DEMO_HALL_PORT:-17400}
source scripts/pg-cluster.sh
mkdir -p "$DEMO"
pids=()
stop() {
  local status=${1:-$?}
  # A second Ctrl-C (or make passing on its own TERM) must not cut the clean-up short.
  trap '' INT TERM
  trap - EXIT
  echo
  echo "Stopping the city demo…"
  stop_processes "${pids[@]}"
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

# The binary itself in the background, not the function: its pid is what stop() kills.
"$BIN/queue-city" serve --host 127.0.0.1 --https-port "$PORT" --state-dir "$DEMO/city" --log-level warning > "$DEMO/city.log" 2>&1 &
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
    --port $((HALL_PORT + seed)) --discovery-port 0 --log-level warning > "$hall/coordinator-city.log" 2>&1 &
  pids+=($!)
  seed=$((seed + 1))
done

# A fourth hall the city has registered but whose box is not installed yet: the dashboard lists it
# as never heard from.
city hall add --id phuong-cua-nam --name "Bộ phận một cửa phường Cửa Nam" --unit hoan-kiem --key-out "$DEMO/phuong-cua-nam.key" > /dev/null

echo "Forwarding…"
# Until every hall has sent and what the city holds has stopped growing for two seconds.
last=""
for _ in $(seq 120); do
  now=$(city hall list | grep -v "^phuong-cua-nam" | cut -f1,3)
  if [ "$now" = "$last" ] && ! grep -q "events to 0" <<< "$now"; then break; fi
  last=$now
  sleep 2
done
city hall list
echo
city report --from "$monday" --to "$friday"
echo

# Today, live: each hall's clock moves to 08:00 today and citizens come and go, 20× real time
# (nothing happens on a Saturday or Sunday: the halls are closed).
today=$(TZ=Asia/Ho_Chi_Minh date +%F)
seed=1
for entry in "${halls[@]}"; do
  IFS=: read -r id _ _ <<< "$entry"
  ctl=("$BIN/queuectl" --coordinator "127.0.0.1:$((HALL_PORT + seed))" --state-dir "$DEMO/halls/$id")
  "${ctl[0]}" clock set --at "$today 08:00" "${ctl[@]:1}" > /dev/null
  "${ctl[0]}" traffic --speed 20 --seed "$seed" "${ctl[@]:1}" > "$DEMO/halls/$id/traffic.log" 2>&1 &
  pids+=($!)
  seed=$((seed + 1))
done
password=$(city viewer add --name demo | tail -1)
echo "The city dashboard, live: https://127.0.0.1:$PORT/city"
echo "  sign in as viewer demo, password $password (the certificate is the demo's own: accept it)"
echo "The city: https://127.0.0.1:$PORT (halls push there). Try:"
echo "  QUEUE_CITY_POSTGRES_URL='$QUEUE_CITY_POSTGRES_URL' $BIN/queue-city report --from $monday --to $friday --unit ba-dinh --format html --out ba-dinh.html"
echo "Ctrl-C stops the demo."
wait
