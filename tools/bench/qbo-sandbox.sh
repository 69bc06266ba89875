#!/usr/bin/env bash
# Builds qbo-sandbox in release mode, starts it with limits off, measures the time to READY and the
# throughput of a bounded number of GETs over keep-alive connections on 127.0.0.1.
# Usage: tools/bench/qbo-sandbox.sh [requests=20000] [connections=4]
set -euo pipefail
REQUESTS=${1:-20000}
CONNECTIONS=${2:-4}
PKG="$(cd "$(dirname "$0")/../qbo-sandbox" && pwd)"
(cd "$PKG" && swift build -c release >/dev/null)
BIN="$PKG/.build/release/qbo-sandbox"
OUT=$(mktemp)
START=$(date +%s.%N)
"$BIN" --port 0 --seed "$PKG/companies/demo-company.json" --limits off >"$OUT" &
PID=$!
trap 'kill $PID 2>/dev/null || true; rm -f "$OUT"' EXIT
until grep -q READY "$OUT"; do sleep 0.005; done
READY_AT=$(date +%s.%N)
URL=$(sed -n 's/^READY //p' "$OUT")
echo "startup to READY: $(python3 -c "print(f'{($READY_AT-$START)*1000:.0f} ms')")"
python3 - "$URL" "$REQUESTS" "$CONNECTIONS" <<'PY'
import http.client, sys, threading, time, urllib.parse
url, total, conns = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
host = urllib.parse.urlparse(url)
path = "/v3/company/9341453172473491/vendor/601"
headers = {"Authorization": "Bearer demo-access-token", "Accept": "application/json"}
failures = []
def worker(count):
    c = http.client.HTTPConnection(host.hostname, host.port)
    for _ in range(count):
        c.request("GET", path, headers=headers)
        r = c.getresponse(); r.read()
        if r.status != 200: failures.append(r.status)
threads = [threading.Thread(target=worker, args=(total // conns,)) for _ in range(conns)]
t0 = time.time()
for t in threads: t.start()
for t in threads: t.join()
elapsed = time.time() - t0
print(f"{total // conns * conns} GETs over {conns} keep-alive connections in {elapsed:.2f} s: "
      f"{total // conns * conns / elapsed:.0f} req/s, {len(failures)} non-200")
PY
