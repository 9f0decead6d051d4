#!/usr/bin/env bash
# Fuzzes what a stranger can send the coordinator (frames, requests, hall config files) with
# libFuzzer and AddressSanitizer, starting from the seed corpus in Tests/fuzz-corpus.
# Usage: [QUEUE_FUZZ=frames|config] scripts/fuzz.sh [SECONDS] (default 60). Build in its own folder (.build-fuzz): the
# sanitizer build of the dependencies takes a few minutes the first time.
# A crash leaves its input as crash-* in .build-fuzz/findings; replay it in the plain build with
# `.build/debug/queue-fuzz FILE`.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
swift build -c debug --scratch-path .build-fuzz --product queue-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -parse-as-library 2>&1 | { grep -v "Cannot export local symbol" || true; } | tail -3
bin=$(swift build -c debug --scratch-path .build-fuzz --show-bin-path)/queue-fuzz
mkdir -p .build-fuzz/corpus .build-fuzz/findings
cp -n Tests/fuzz-corpus/* .build-fuzz/corpus/ 2>/dev/null || true
# Leaks are not checked: TOMLKit's key listing leaks a few bytes per config parse (found here,
# tableGetKeys in its C++ part); the coordinator parses its config once at start-up.
"$bin" .build-fuzz/corpus -max_total_time="$seconds" -max_len=4096 -timeout=5 -rss_limit_mb=2048 -detect_leaks=0 \
  -artifact_prefix=.build-fuzz/findings/ -print_final_stats=1 2>&1 | tail -25
