#!/bin/sh
# Transform benchmark (release build): 100,000 already-ingested invoices by default; pass another count.
set -eu
cd "$(dirname "$0")/../.."
swift build -c release --product transform-bench
exec .build/release/transform-bench "${1:-100000}"
