#!/usr/bin/env bash
# Builds the libFuzzer harnesses (tools/fuzz/*/main.swift compiled together with the product sources they
# exercise, -sanitize=fuzzer,address) and runs each for a bounded time.
# Usage: tools/fuzz/run.sh [seconds per harness, default 60] [harness...]   (harnesses: csv qbofault)
# Corpora grow in /tmp/ml-fuzz/<harness>/corpus; crashes land in /tmp/ml-fuzz/<harness>/ as crash-*.
# Each harness prints its libFuzzer summary; the last line is a FIGURES line. Exits 1 on any finding.
# ML_FUZZ_SEED (default 1) makes a bounded run repeatable. ML_FUZZ_RUNS=N also stops a harness after N
# executions (the long run: ML_FUZZ_RUNS=10000000 tools/fuzz/run.sh 7200 csv). ML_FUZZ_WORKERS=N runs N
# processes per harness on one corpus, seeds ML_FUZZ_SEED, +1, ...; ML_FUZZ_RUNS is then split between them
# and the figures give their sum.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
seconds="${1:-60}"
shift || true
harnesses=("$@")
[ ${#harnesses[@]} -eq 0 ] && harnesses=(csv qbofault)
work="${ML_FUZZ_DIR:-/tmp/ml-fuzz}"
mkdir -p "$work"

sources_for() {
    case "$1" in
        csv) ls "$root"/Sources/Ingest/CSV/*.swift ;;
        qbofault)
            # JSONValue needs Money from EventLog; compile that one file in and drop the module import.
            local copy="$work/qbofault/src"
            mkdir -p "$copy"
            for file in "$root"/Sources/Publish/JSON/*.swift "$root"/Sources/Publish/QBO/QBOFault.swift \
                "$root"/Sources/EventLog/Events/Money.swift; do
                { echo 'import Foundation'; sed -e '/^package import EventLog$/d' -e '/^import EventLog$/d' -e '/^import Foundation$/d' -e '/^package import Foundation$/d' "$file"; } > "$copy/$(basename "$file")"
            done
            ls "$copy"/*.swift ;;
        *) echo "unknown harness $1" >&2; exit 64 ;;
    esac
}

summary=()
found=0
for harness in "${harnesses[@]}"; do
    dir="$work/$harness"
    mkdir -p "$dir/corpus"
    # shellcheck disable=SC2046
    swiftc -sanitize=fuzzer,address -parse-as-library -O -package-name ml_connector \
        "$root/tools/fuzz/$harness/main.swift" $(sources_for "$harness") -o "$dir/fuzz-$harness" 2>"$dir/build.log" \
        || { cat "$dir/build.log" >&2; exit 2; }
    seeds=()
    [ -d "$root/tools/fuzz/$harness/seeds" ] && seeds=("$root/tools/fuzz/$harness/seeds")
    status=0
    started=$(date +%s)
    workers="${ML_FUZZ_WORKERS:-1}"
    limit=()
    [ -n "${ML_FUZZ_RUNS:-}" ] && limit=("-runs=$(( ML_FUZZ_RUNS / workers ))")
    pids=()
    rm -f "$dir"/run-*.log
    for (( worker = 0; worker < workers; worker++ )); do
        log="$dir/run.log"
        [ "$workers" -gt 1 ] && log="$dir/run-$worker.log"
        # SWIFT_BACKTRACE off: Swift's own crash handler would otherwise trip AddressSanitizer.
        (cd "$dir" && SWIFT_BACKTRACE=enable=no ./"fuzz-$harness" -seed=$(( ${ML_FUZZ_SEED:-1} + worker )) \
            -max_total_time="$seconds" -max_len=8192 -rss_limit_mb=2048 -print_final_stats=1 "${limit[@]}" \
            corpus "${seeds[@]}") >"$log" 2>&1 &
        pids+=("$!")
    done
    for pid in "${pids[@]}"; do wait "$pid" || status=$?; done
    logs=("$dir/run.log")
    [ "$workers" -gt 1 ] && logs=("$dir"/run-*.log)
    runs=0
    for log in "${logs[@]}"; do
        count=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1 || true)
        runs=$(( runs + ${count:-0} ))
    done
    crashes=$(find "$dir" -maxdepth 1 \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
    cov=$(cat "${logs[@]}" | grep -o 'cov: [0-9]*' | grep -o '[0-9]*' | sort -n | tail -1 || true)
    tail -n 12 "${logs[0]}"
    elapsed=$(( $(date +%s) - started ))
    summary+=("$harness: ${runs} executions in ${elapsed} s (limit ${seconds} s, ${workers} worker(s)), coverage ${cov}, exit ${status}, findings ${crashes}")
    if [ "$crashes" -gt 0 ] || [ "$status" -ne 0 ]; then found=1; fi
done
line="FIGURES fuzz"
for part in "${summary[@]}"; do line="$line · $part"; done
echo "$line"
# A finding fails the run: each becomes a fixture under Tests/Fixtures/regressions with a replaying test.
exit $found
