#!/usr/bin/env bash
# Takes the board and kiosk pictures in docs/screenshots from the real binaries: the sample hall
# on a virtual Monday morning (2026-11-30, whatever today is), six counters at work and about fifty
# citizens waiting, at 09:15. Run after `swift build`; OUT=dir puts them elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/debug}
OUT=${OUT:-docs/screenshots}
mkdir -p "$OUT"
STATE=$(mktemp -d)
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy

PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null || true; wait "${PIDS[@]}" 2>/dev/null || true; rm -rf "$STATE"' EXIT
# Starts a coordinator on state directory $1 (more arguments after it) with a virtual clock on a
# Monday morning, and sets PORT to its TCP port once it listens.
start() {
  local dir=$1; shift
  "$BIN/queue-coordinator" --state-dir "$dir" --host 127.0.0.1 --port 0 --no-discovery \
    --clock virtual --start "2026-11-30 07:55" --log-level error "$@" > "$dir/out" 2> "$dir/err" &
  PIDS+=($!)
  for _ in $(seq 100); do grep -q '^listening' "$dir/out" && break; sleep 0.1; done
  PORT=$(sed -n 's/^listening tcp=\([0-9]*\).*/\1/p' "$dir/out")
  [ -n "$PORT" ] || { echo "the coordinator on $dir did not start: $(cat "$dir/err")" >&2; exit 1; }
}

start "$STATE" --https-port 0 --http-port 0
TCP=$PORT
AT=(--coordinator "127.0.0.1:$TCP" --state-dir "$STATE")
q() { "$BIN/queuectl" "$@" "${AT[@]}" > /dev/null; }

q clock set --at "2026-11-30 08:00"
for c in 1 2 3 4 5 6 7; do q signin --counter "$c" --clerk "Cán bộ $c"; done
q pause --counter 7 --reason "Nghỉ giải lao"
# An hour of arrivals, then one call at each counter.
minute=0
for round in 1 2 3 4 5 6 7 8 9; do
  for service in A B C D E F G; do
    [ "$service" = A ] && [ "$round" -gt 6 ] && continue
    q issue --service "$service"
  done
  minute=$((minute + 6))
  q clock set --at "$(printf '2026-11-30 08:%02d' "$minute")"
done
for c in 1 2 3 4 5 6; do q call --counter "$c" || true; done
# Counter 1 has just served its citizen: its board asks for a rating.
q start --counter 1
q clock set --at "2026-11-30 09:06"
q finish --counter 1
q clock set --at "2026-11-30 09:15"

board() { "$BIN/queue-display" --render-png "$OUT/$1" --size "$2" "${@:3}" "${AT[@]}"; }
board board-hall-1920x1080.png 1920x1080 --layout hall
board board-hall-1080x1920.png 1080x1920 --layout hall
board board-hall-800x480.png 800x480 --layout hall
board board-counter-1920x1080.png 1920x1080 --layout counter --counter 2
board board-counter-1080x1920.png 1080x1920 --layout counter --counter 2
board board-counter-rating-1920x1080.png 1920x1080 --layout counter --counter 1 --rating
board board-hall-offline-1920x1080.png 1920x1080 --layout hall --offline
board board-hall-slow-1920x1080.png 1920x1080 --layout hall --slow-link
kiosk() { "$BIN/queue-kiosk" --render-png "$OUT/$1" --size "$2" "${@:3}" "${AT[@]}"; }
kiosk kiosk-home-1920x1080.png 1920x1080 --screen home
kiosk kiosk-home-800x480.png 800x480 --screen home
kiosk kiosk-home-en-1080x1920.png 1080x1920 --screen home --lang en
kiosk kiosk-ticket-1920x1080.png 1920x1080 --screen ticket
kiosk kiosk-closed-1920x1080.png 1920x1080 --screen closed
kiosk kiosk-expired-1280x800.png 1280x800 --screen expired
kiosk kiosk-code-1920x1080.png 1920x1080 --screen code
kiosk kiosk-appointment-1920x1080.png 1920x1080 --screen appointment
"$BIN/queue-kiosk" --render-png "$OUT/kiosk-out-of-service-1920x1080.png" --size 1920x1080 --coordinator 127.0.0.1:9 --state-dir "$STATE"
# A hall with nine services: on the board they take turns, eight at a time (which page shows
# depends on the second the picture is taken).
NINE="$STATE/nine"
mkdir -p "$NINE"
{ "$BIN/queue-coordinator" --print-default-config
  printf '\n[[service]]\nid = "H"\nname_vi = "Tư pháp"\nname_en = "Justice"\n'
  printf '\n[[service]]\nid = "I"\nname_vi = "Giáo dục và đào tạo"\nname_en = "Education and training"\n'; } > "$NINE/hall.toml"
start "$NINE" --config "$NINE/hall.toml"
TCP9=$PORT
q9() { "$BIN/queuectl" "$@" --coordinator "127.0.0.1:$TCP9" --state-dir "$NINE" > /dev/null; }
q9 clock set --at "2026-11-30 08:30"
for c in 1 2 3; do q9 signin --counter "$c" --clerk "Cán bộ $c"; done
for service in A B C D E F G H I A B C; do q9 issue --service "$service"; done
for c in 1 2 3; do q9 call --counter "$c" || true; done
for size in 1920x1080 800x480; do
  "$BIN/queue-display" --render-png "$OUT/board-hall-9-services-$size.png" --size "$size" --layout hall --coordinator "127.0.0.1:$TCP9" --state-dir "$NINE"
done

# A real ticket, issued and printed on 80 mm paper: the picture is the dots that print.
"$BIN/queue-kiosk" --issue b --paper 80 --print-to "file:$STATE/ticket.bin" --ticket-png "$OUT/ticket-printed-80mm.png" "${AT[@]}" > /dev/null
# A booked citizen checking in a quarter of an hour early, printed.
q appointment capacity --service B --per-slot 2
CODE=$("$BIN/queuectl" appointment book --service B --day 2026-11-30 --time 09:30 "${AT[@]}" | sed -n 's/.*code \([0-9]*\)\..*/\1/p')
"$BIN/queue-kiosk" --check-in "$CODE" --paper 80 --print-to "file:$STATE/ticket.bin" --ticket-png "$OUT/ticket-appointment-80mm.png" "${AT[@]}" > /dev/null
echo "pictures in $OUT"
