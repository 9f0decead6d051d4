# Sourced by the demos.
#   stop_processes PID…  asks each to stop (TERM), gives them at most 10 s, then kills what is left
#                        (a stuck child must not keep the rest running), and reaps them.
stop_processes() {
  local pid alive
  for pid in "$@"; do kill "$pid" 2>/dev/null || true; done
  for _ in $(seq 100); do
    alive=0
    for pid in "$@"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  for pid in "$@"; do kill -KILL "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
