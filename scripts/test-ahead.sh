#!/usr/bin/env bash
# Runs the already-built test suite with the system clock moved more than a year ahead, at an hour
# when the sample hall is closed (22:00 in Hanoi), through libfaketime: every binary the tests
# start sees that date. A test that only passes before some day, or only during opening hours,
# fails here. Usage: scripts/test-ahead.sh [DAYS_AHEAD] (default 400); needs `faketime`.
set -euo pipefail
cd "$(dirname "$0")/.."
lib=$(ls /usr/lib/*/faketime/libfaketimeMT.so.1 2>/dev/null | head -n1 || true)
[ -n "$lib" ] || { echo "libfaketime is missing: apt-get install faketime" >&2; exit 69; }
tests=$(swift build --show-bin-path)/QueueAppliancePackageTests.xctest
[ -x "$tests" ] || { echo "Build the tests first: swift build --build-tests" >&2; exit 69; }
day=$(date -u -d "+${1:-400} days" +%F)
# The test binary itself runs under the fake clock, and every binary it starts inherits it. Found
# here: a Swift program exec'd directly with libfaketime preloaded misreads its own arguments (the
# swift driver crashes; the test binary ignores --testing-library), while one started by a process
# that already runs under it is fine. So the tests start through `timeout`, which is also their limit.
export LD_PRELOAD="$lib" FAKETIME="@$day 15:00:00" FAKETIME_DONT_FAKE_MONOTONIC=1
echo "Tests with the clock at $day 15:00 UTC (22:00 in Hanoi, the sample hall closed): $(date -u)"
timeout 1800 "$tests" --testing-library swift-testing --no-parallel
