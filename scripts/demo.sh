#!/usr/bin/env bash
# The one-command demo: a coordinator on the embedded sample hall with a virtual clock, hall traffic
# at 60x, one display board and one kiosk. With a display they open as windows; headless, the board
# and the kiosk are drawn to PNGs every few seconds. Ctrl-C stops everything and exits 0.
# Variables: BIN (the binaries, .build/debug), DEMO_DIR (a fresh temporary folder), PORT (5740),
# DISCOVERY_PORT (5741), HTTPS_PORT (8443: the browser pages), HTTP_PORT (8080: sends browsers to HTTPS).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/processes.sh
BIN=${BIN:-.build/debug}
DEMO=${DEMO_DIR:-$(mktemp -d /tmp/queue-demo.XXXXXX)}
STATE="$DEMO/state"
PORT=${PORT:-5740}
DISCOVERY=${DISCOVERY_PORT:-5741}
HTTPS=${HTTPS_PORT:-8443}
HTTP=${HTTP_PORT:-8080}
mkdir -p "$STATE" "$DEMO/frames"
pids=()
# Ctrl-C (INT) and TERM are the normal end of the demo: exit 0. On any other exit, keep its status.
stop() {
  local status=${1:-$?}
  # A second Ctrl-C (or make passing on its own TERM) must not cut the clean-up short.
  trap '' INT TERM
  trap - EXIT
  echo
  echo "Stopping the demo…"
  stop_processes "${pids[@]}"
  echo "Stopped. The demo's database stays in $STATE (queuectl report --db $STATE/queue.sqlite --date …)."
  exit "$status"
}
trap 'stop 0' INT TERM
trap stop EXIT

# The next working morning in Hanoi, just before opening: where a fresh database's virtual clock
# starts. A DEMO_DIR used before keeps its clock where the last run left it (it never goes back).
day=$(TZ=Asia/Ho_Chi_Minh date -d "tomorrow" +%F)
while [ "$(date -d "$day" +%u)" -gt 5 ]; do day=$(date -d "$day + 1 day" +%F); done
start=()
if [ -e "$STATE/queue.sqlite" ]; then
  when="where the last run in $DEMO left the hall's clock"
else
  start=(--start "$day 07:25")
  when="on $day from 07:25 hall time"
fi

"$BIN/queue-coordinator" --state-dir "$STATE" --port "$PORT" --discovery-port "$DISCOVERY" --https-port "$HTTPS" --http-port "$HTTP" --clock virtual \
  "${start[@]}" --log-level warning > "$DEMO/coordinator.out" 2> "$DEMO/coordinator.log" &
pids+=($!)
for _ in $(seq 50); do grep -q listening "$DEMO/coordinator.out" 2>/dev/null && break; sleep 0.1; done
grep -q listening "$DEMO/coordinator.out" || { echo "The coordinator did not start; see $DEMO/coordinator.log (is port $PORT in use? set PORT=…)"; exit 1; }
ADDR="127.0.0.1:$PORT"
ctl() { "$BIN/queuectl" "$@" --coordinator "$ADDR" --state-dir "$STATE"; }

[ -e "$DEMO/board.key" ] || ctl device add --role display --name demo-board --out "$DEMO/board.key" > /dev/null
[ -e "$DEMO/kiosk.key" ] || ctl device add --role kiosk --name demo-kiosk --out "$DEMO/kiosk.key" > /dev/null

# The binary itself in the background, not the function: its pid is what stop() kills.
"$BIN/queuectl" traffic --speed 60 --coordinator "$ADDR" --state-dir "$STATE" > "$DEMO/traffic.log" 2>&1 &
pids+=($!)

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  "$BIN/queue-display" --windowed --size 1280x720 --coordinator "$ADDR" --key-file "$DEMO/board.key" &
  pids+=($!)
  "$BIN/queue-kiosk" --windowed --size 1024x600 --coordinator "$ADDR" --key-file "$DEMO/kiosk.key" --printer "file:$DEMO/tickets.bin" &
  pids+=($!)
  echo "Demo running $when, 60× fast: a board and a kiosk window are open."
else
  (
    n=0
    while true; do
      n=$((n + 1))
      SDL_VIDEODRIVER=dummy "$BIN/queue-display" --render-png "$DEMO/frames/board-$(printf %04d $n).png" --size 1280x720 \
        --coordinator "$ADDR" --key-file "$DEMO/board.key" 2>/dev/null || true
      SDL_VIDEODRIVER=dummy "$BIN/queue-kiosk" --render-png "$DEMO/frames/kiosk-$(printf %04d $n).png" --size 1024x600 \
        --coordinator "$ADDR" --state-dir "$STATE" 2>/dev/null || true
      sleep 5
    done
  ) &
  pids+=($!)
  echo "Demo running headless $when, 60× fast."
  echo "The board and the kiosk are drawn every 5 s into: $DEMO/frames"
fi
echo "Browser:          https://127.0.0.1:$HTTPS/ (sign in with the manager key file $STATE/manager.key)"
echo "                  The box's own certificate: check its fingerprint, then accept it in the browser:"
echo "                  $("$BIN/queuectl" web-certificate --state-dir "$STATE" | head -1)"
echo "Watch the hall:   $BIN/queuectl status --coordinator $ADDR --state-dir $STATE"
echo "Every event:      $BIN/queuectl watch --coordinator $ADDR --state-dir $STATE"
echo "Ctrl-C stops the demo."
wait
