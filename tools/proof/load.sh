#!/usr/bin/env bash
# Proof suite "load" (long version): release builds of the connector, the export generator, the proof runner
# and the QBO emulator; then N invoices end to end, stage by stage, against qbo-sandbox on 127.0.0.1 enforcing
# QBO's limits time-compressed, with each figure beside a same-run baseline. Ends with a FIGURES line.
# Options are passed to ml-proof; see tools/proof/README.md.
# Example: tools/proof/load.sh --invoices 100000 --window-seconds 6 --keep /tmp/load-100k
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
swift build -c release --product ml-connector >&2
swift build -c release --product stampli-export-gen >&2
swift build -c release --product ml-proof >&2
swift build -c release --package-path tools/qbo-sandbox >&2
bin="$(swift build -c release --show-bin-path)"
ML_CONNECTOR_BIN="$bin/ml-connector" STAMPLI_EXPORT_GEN_BIN="$bin/stampli-export-gen" \
    QBO_SANDBOX_BIN="$root/tools/qbo-sandbox/.build/release/qbo-sandbox" \
    exec "$bin/ml-proof" load "$@"
