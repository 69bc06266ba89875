#!/usr/bin/env bash
# Ingest benchmarks (release build). Prints, in one run:
#   1. our CSV reader MB/s vs Python's csv module on the same generated 200 MB file (goal >= 3x)
#   2. SFTP fetch MB/s for one 200 MB file and files/s for 1,000 x 20 KB files vs OpenSSH `sftp`
#      against the same sshd (goal >= 0.8x)
#   3. peak RSS of one Ingestor run over a generated export (goal < 64 MB for 1 GB)
# Data lives in /tmp/ml-ingest-bench (never in git). Needs root (tools/sftp-server creates a user).
# Environment: CSV_MB (default 200), RSS_MB (default 1000: the size of the export for step 3; the export
# and its database are deleted afterwards), STEPS (default "csv sftp rss": the steps to run, e.g. STEPS=csv
# for the CSV reader alone), CSV_RUNS (default 1: how many times step 1 measures, each printing its figures).
set -euo pipefail
cd "$(dirname "$0")/../.."
WORK=/tmp/ml-ingest-bench
CSV_MB=${CSV_MB:-200}
RSS_MB=${RSS_MB:-1000}
STEPS=${STEPS:-csv sftp rss}
CSV_RUNS=${CSV_RUNS:-1}
wants() { [[ " $STEPS " == *" $1 "* ]]; }
PID=""
stop_server() { [[ -z $PID ]] || tools/sftp-server stop "$PID" || true; }
mkdir -p "$WORK"

swift build -c release --product ingest-bench >/dev/null
BENCH=$(swift build -c release --show-bin-path)/ingest-bench

generate() {  # generate <path> <megabytes> <header kind>
    python3 - "$1" "$2" "$3" <<'PY'
import random, sys
path, mb, kind = sys.argv[1], int(sys.argv[2]), sys.argv[3]
random.seed(7)
target = mb * 1_000_000
with open(path, "w", newline="") as out:
    if kind == "vendors":
        out.write("Vendor ID,Vendor Name,Legal Name,Address 1,Address 2,City,State,Postal Code,Country,Tax ID,"
                  "Email,Phone,Terms,Currency,1099,Active,Extra 1,Extra 2,Extra 3,Extra 4\r\n")
    else:
        out.write(",".join(f"col{i}" for i in range(20)) + "\r\n")
    written, row = 0, 0
    words = ["alpha", "beta", "gamma", "delta", "1234.50", "2026-03-31", "Acme Supplies", "NYC"]
    while written < target:
        fields = []
        for i in range(20):
            value = random.choice(words) + str(row % 997)
            if random.random() < 0.05:
                value = '"' + value + ', with comma\nand "" quote"'
            fields.append(value)
        fields[0] = f"V{row}"
        line = ",".join(fields) + "\r\n"
        out.write(line)
        written += len(line)
        row += 1
PY
}

if wants csv; then
echo "== 1. CSV reader (${CSV_MB} MB, 20 columns, 5% quoted fields with commas, newlines and quotes)"
CSV="$WORK/bench-${CSV_MB}.csv"
[[ -f $CSV ]] || generate "$CSV" "$CSV_MB" plain
cat "$CSV" >/dev/null
for run in $(seq 1 "$CSV_RUNS"); do
[[ $CSV_RUNS -eq 1 ]] || echo "-- run $run of $CSV_RUNS (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
OURS_BYTES=$("$BENCH" csv-bytes "$CSV")
OURS=$("$BENCH" csv "$CSV")
echo "ours, fields as bytes:   $OURS_BYTES"
echo "ours, a String per field: $OURS"
PY_MBS=$(python3 - "$CSV" <<'PY'
import csv, os, sys, time
path = sys.argv[1]
start = time.perf_counter()
cpu = time.process_time()
rows = fields = 0
with open(path, newline="", encoding="utf-8") as handle:
    for row in csv.reader(handle):
        rows += 1
        fields += len(row)
elapsed = time.perf_counter() - start
cpu = time.process_time() - cpu
print(f"{os.path.getsize(path) / 1e6 / elapsed:.1f} {os.path.getsize(path) / 1e6 / cpu:.1f}")
PY
)
PY_CPU_MBS=${PY_MBS#* }
PY_MBS=${PY_MBS% *}
echo "python: csv_mb_per_s=$PY_MBS cpu_mb_per_s=$PY_CPU_MBS"
# Both runs must have seen the same records, fields and bytes (the String run reads them from its Strings).
if [[ $(grep -o 'records=.*checksum=[-0-9]*' <<<"$OURS_BYTES") != $(grep -o 'records=.*checksum=[-0-9]*' <<<"$OURS") ]]; then
    echo "the String run and the byte run disagree" >&2
    exit 1
fi
OUR_BYTES_MBS=$(sed -E 's/^csv_bytes_mb_per_s=([0-9.]+).*/\1/' <<<"$OURS_BYTES")
OUR_MBS=$(sed -E 's/^csv_strings_mb_per_s=([0-9.]+).*/\1/' <<<"$OURS")
echo "ratio (bytes):   $(python3 -c "print(f'{$OUR_BYTES_MBS / $PY_MBS:.2f}x (goal >= 3x)')")"
echo "ratio (Strings): $(python3 -c "print(f'{$OUR_MBS / $PY_MBS:.2f}x (goal >= 3x)')")"
# CPU time instead of wall time: the same ratios with the time other processes took from the cores left out.
OUR_BYTES_CPU=$(sed -E 's/.*cpu_mb_per_s=([0-9.]+).*/\1/' <<<"$OURS_BYTES")
OUR_CPU=$(sed -E 's/.*cpu_mb_per_s=([0-9.]+).*/\1/' <<<"$OURS")
echo "ratio by CPU time (bytes):   $(python3 -c "print(f'{$OUR_BYTES_CPU / $PY_CPU_MBS:.2f}x')")"
echo "ratio by CPU time (Strings): $(python3 -c "print(f'{$OUR_CPU / $PY_CPU_MBS:.2f}x')")"
done
fi

if wants sftp; then
echo "== 2. SFTP over loopback against OpenSSH sshd"
ROOT="$WORK/sftp-root"
mkdir -p "$ROOT/many"
chmod 0777 "$ROOT" "$ROOT/many"
[[ -f $ROOT/big.bin ]] || head -c 200000000 /dev/urandom >"$ROOT/big.bin"
if [[ $(ls "$ROOT/many" | wc -l) -lt 1000 ]]; then
    for i in $(seq -w 1 1000); do head -c 20000 /dev/urandom >"$ROOT/many/f$i.bin"; done
fi
chmod -R a+r "$ROOT"
eval "$(tools/sftp-server start "$ROOT")"
trap stop_server EXIT
SFTP_OPTS=(-q -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -i "$KEY" -P "$PORT")
OUR_FILE=$("$BENCH" sftp-file "$PORT" "$FINGERPRINT" "$PASSWORD" big.bin)
START=$(date +%s.%N)
echo "get big.bin /dev/null" | sftp "${SFTP_OPTS[@]}" -b - "$USER@127.0.0.1" >/dev/null
END=$(date +%s.%N)
SSH_FILE=$(python3 -c "print(f'{200 / ($END - $START):.1f}')")
echo "one 200 MB file: ours $OUR_FILE; OpenSSH sftp sftp_file_mb_per_s=$SSH_FILE"
echo "   ratio: $(python3 -c "print(f'{$(sed -E 's/.*per_s=([0-9.]+).*/\1/' <<<"$OUR_FILE") / $SSH_FILE:.2f}x (goal >= 0.8x)')")"
OUR_MANY=$("$BENCH" sftp-many "$PORT" "$FINGERPRINT" "$PASSWORD" many)
rm -rf "$WORK/many-copy" && mkdir -p "$WORK/many-copy"
START=$(date +%s.%N)
echo "get many/* $WORK/many-copy/" | sftp "${SFTP_OPTS[@]}" -b - "$USER@127.0.0.1" >/dev/null
END=$(date +%s.%N)
SSH_MANY=$(python3 -c "print(f'{1000 / ($END - $START):.0f}')")
echo "1,000 x 20 KB: ours $OUR_MANY; OpenSSH sftp sftp_files_per_s=$SSH_MANY"
echo "   ratio: $(python3 -c "print(f'{$(sed -E 's/.*per_s=([0-9.]+).*/\1/' <<<"$OUR_MANY") / $SSH_MANY:.2f}x (goal >= 0.8x)')")"

fi

if wants rss; then
echo "== 3. Peak RSS of one ingest run over a ${RSS_MB} MB vendors export (local folder, release build)"
EXPORT="$WORK/export-${RSS_MB}"
cleanup_export() { rm -rf "$EXPORT" "$WORK/ingest.sqlite"*; }
trap 'cleanup_export; stop_server' EXIT
mkdir -p "$EXPORT/vendors"
# One tenth generated, then repeated (rows differ by Vendor ID within a tenth; content is one file).
PART="$WORK/export-part.csv"
generate "$PART" "$((RSS_MB / 10))" vendors
{ cat "$PART"; for _ in $(seq 2 10); do tail -n +2 "$PART"; done; } >"$EXPORT/vendors/vendors.csv"
rm -f "$PART"
echo "   export: $(stat -c %s "$EXPORT/vendors/vendors.csv") bytes"
rm -f "$WORK/ingest.sqlite"*
/usr/bin/time -v "$BENCH" ingest "$EXPORT" "$WORK/ingest.sqlite" 2>"$WORK/time.txt" | sed 's/^/   /'
RSS_KB=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$WORK/time.txt")
echo "   database: $(du -cb "$WORK/ingest.sqlite"* | tail -1 | cut -f1) bytes"
echo "peak_rss_mb=$((RSS_KB / 1024)) for a ${RSS_MB} MB export (goal < 64 MB for 1 GB)"
fi
