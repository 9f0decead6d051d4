#!/usr/bin/env bash
# Retakes docs/metrics-busy-hour.txt: a virtual-clock coordinator with the web port, queuectl
# traffic at 60x for 62 s, a kiosk whose network printer is out of paper (a fake ESC/POS printer
# on 127.0.0.1), a board switched off half-way; /metrics scraped 40 s after the traffic ends.
# Usage: scripts/metrics-scrape.sh [BIN_DIR (default .build/debug)] > docs/metrics-busy-hour.txt
set -euo pipefail
bin=$(realpath "${1:-.build/debug}")
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT
"$bin/queue-coordinator" --state-dir "$work/state" --clock virtual --start "2026-11-30 08:00" --host 127.0.0.1 --port 0 \
    --discovery-port 0 --https-port 0 --log-level warning > "$work/out" 2> "$work/err" &
pids+=($!)
for _ in $(seq 50); do grep -q https= "$work/out" 2>/dev/null && break; sleep 0.2; done
tcp=$(grep -o "tcp=[0-9]*" "$work/out" | cut -d= -f2)
https=$(grep -o "https=[0-9]*" "$work/out" | cut -d= -f2)
ctl() { "$bin/queuectl" "$@" --coordinator "127.0.0.1:$tcp" --state-dir "$work/state" > /dev/null; }
ctl device add --role kiosk --name kiosk-1 --out "$work/kiosk.key"
ctl device add --role display --name board-hall --out "$work/board.key"
python3 - "$work/printer-port" <<'PY' &
import socket, sys, threading
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(4)
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
def serve(c):
    while (d := c.recv(4096)):
        for i in range(len(d) - 2):
            if d[i] == 0x10 and d[i + 1] == 4:  # DLE EOT n: out of paper (0x72) on the paper sensor
                c.sendall(bytes([0x72 if d[i + 2] == 4 else 0x12]))
while True:
    c, _ = s.accept(); threading.Thread(target=serve, args=(c,), daemon=True).start()
PY
pids+=($!)
for _ in $(seq 50); do [ -s "$work/printer-port" ] && break; sleep 0.1; done
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
"$bin/queue-kiosk" --windowed --size 800x480 --key-file "$work/kiosk.key" --coordinator "127.0.0.1:$tcp" \
    --printer "tcp://127.0.0.1:$(cat "$work/printer-port")" > /dev/null 2>&1 &
pids+=($!)
"$bin/queue-display" --windowed --size 800x480 --mute --key-file "$work/board.key" --coordinator "127.0.0.1:$tcp" > /dev/null 2>&1 &
board=$!
pids+=($board)
"$bin/queuectl" traffic --speed 60 --duration 62 --coordinator "127.0.0.1:$tcp" --state-dir "$work/state" > /dev/null 2>&1 &
traffic=$!
sleep 30
kill "$board"
wait "$traffic" || true
sleep 40
cat <<HEAD
# A scrape of https://BOX:8443/metrics during a simulated busy hour: the sample hall, queuectl traffic
# at 60x for 62 s (about an hour of hall time from 08:00 on a Monday), a kiosk whose network printer
# is out of paper (a fake ESC/POS printer), and a board switched off half-way (offline for over a
# minute when scraped, 40 s after the traffic ended). Made on $(date -u +%F) by scripts/metrics-scrape.sh;
# see docs/INSTALL.md for what each metric is.
HEAD
curl -sk "https://127.0.0.1:$https/metrics"
