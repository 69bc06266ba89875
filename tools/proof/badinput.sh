#!/usr/bin/env bash
# Proof suite "badinput" (long version): builds the connector, the export generator, the proof runner and
# the QBO emulator (debug builds, shared with the test suite), drops a corpus of malformed invoices files
# beside a generated export, runs the connector on 127.0.0.1 only, and ends with a FIGURES line.
# Options are passed to ml-proof; see tools/proof/README.md.
# Example: tools/proof/badinput.sh --huge-field-mb 100 --columns 1000000
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
swift build --product ml-connector >&2
swift build --product stampli-export-gen >&2
swift build --product ml-proof >&2
swift build --package-path tools/qbo-sandbox >&2
bin="$(swift build --show-bin-path)"
ML_CONNECTOR_BIN="$bin/ml-connector" STAMPLI_EXPORT_GEN_BIN="$bin/stampli-export-gen" \
    exec "$bin/ml-proof" badinput "$@"
