#!/usr/bin/env bash
# Runs the already-built test suite with the machine's clock moved more than a year ahead, at an
# hour when the sample hall is closed (15:00 UTC = 22:00 in Hanoi), then puts the clock back.
# A test, doc example or binary that only works before some day, or only in opening hours,
# fails here and not on a user's box.
#
# Why the real clock and not libfaketime: under libfaketime (0.9.10, Debian 12) a Swift program's
# Task.sleep never returns (its timers are set from the faked clock), so every coordinator and
# client hangs; measured on this machine. Setting the clock needs root (CAP_SYS_TIME), so this
# runs in CI (CI=true, its own machine) or when asked with MOVE_SYSTEM_CLOCK=1.
#
# Usage: scripts/test-ahead.sh [DAYS_AHEAD] (default 400), after `swift build --build-tests`.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${CI:-}" != true ] && [ "${MOVE_SYSTEM_CLOCK:-}" != 1 ]; then
  echo "This moves the machine's clock for a few minutes; run it in CI, or as root with MOVE_SYSTEM_CLOCK=1." >&2
  exit 64
fi
tests=$(swift build --show-bin-path)/QueueAppliancePackageTests.xctest
[ -x "$tests" ] || { echo "Build the tests first: swift build --build-tests" >&2; exit 69; }
day=$(date -u -d "+${1:-400} days" +%F)

uptime_now() { cut -d' ' -f1 /proc/uptime; }
real_start=$(date +%s.%N)
mono_start=$(uptime_now)
restore() {
  local back
  back=$(awk -v r="$real_start" -v m0="$mono_start" -v m1="$(uptime_now)" 'BEGIN { printf "%.3f", r + (m1 - m0) }')
  date -u -s "@$back" > /dev/null
  echo "Clock put back: $(date -u)"
}
trap restore EXIT
date -u -s "$day 15:00:00" > /dev/null
echo "Tests with the clock at $(date -u) (22:00 in Hanoi, the sample hall closed)"
timeout 1800 "$tests" --testing-library swift-testing
