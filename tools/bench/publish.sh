#!/usr/bin/env bash
# Publish benchmark: posts planned Bills to qbo-sandbox under QBO's limits, time-compressed, and compares
# the Publish stage (batch + spare single calls) with a naive client (one vendor query + one create per Bill).
# Usage: tools/bench/publish.sh [BILLS] [NAIVE_BILLS] [WINDOW_SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
BILLS="${1:-20000}"
NAIVE_BILLS="${2:-2000}"
WINDOW="${3:-6}"

swift build -c release --package-path tools/qbo-sandbox >&2
swift build -c release --product publish-bench >&2

OUT="$(mktemp)"
tools/qbo-sandbox/.build/release/qbo-sandbox --port 0 --seed tools/qbo-sandbox/companies/demo-company.json \
    --window-seconds "$WINDOW" --requests-per-window 500 --batches-per-window 40 --max-in-flight 10 >"$OUT" 2>/dev/null &
SANDBOX=$!
trap 'kill "$SANDBOX" 2>/dev/null || true; rm -f "$OUT"' EXIT
for _ in $(seq 1 100); do grep -q READY "$OUT" && break; sleep 0.1; done
URL="$(awk '/READY/ {print $2}' "$OUT")"
[ -n "$URL" ] || { echo "qbo-sandbox did not start" >&2; exit 1; }

.build/release/publish-bench bench --base-url "$URL" --bills "$BILLS" --naive-bills "$NAIVE_BILLS" --window "$WINDOW"
