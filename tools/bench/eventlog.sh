#!/usr/bin/env bash
# Event log append rate vs a plain SQLite prepared-statement loop, measured in the same run.
# Usage: tools/bench/eventlog.sh [events] [batch]
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product eventlog-bench >&2
.build/release/eventlog-bench "${1:-1000000}" "${2:-1000}"
