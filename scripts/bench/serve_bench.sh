#!/usr/bin/env bash
# Serving benchmark: AlertsAI `POST /score` against FastAPI + LightGBM, same model, same bodies, same wrk load.
#
#   scripts/bench/serve_bench.sh            # builds `alertsai` in release, then measures both services
#   ALERTSAI_BIN=path/to/alertsai DURATION=20s CONNS=32 scripts/bench/serve_bench.sh
#
# Needs: wrk, python3 with lightgbm, numpy, fastapi, uvicorn. Prints requests/s, rows/s, p50 and p99 per service
# and batch size, and the rows/s ratio. Copy the table into docs/benchmarks/serving.md.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DURATION=${DURATION:-15s}
CONNS=${CONNS:-16}
THREADS=${THREADS:-2}
SWIFT_PORT=${SWIFT_PORT:-18090}
PY_PORT=${PY_PORT:-18091}
PY_WORKERS=${PY_WORKERS:-$(nproc)}

BIN=${ALERTSAI_BIN:-}
if [ -z "$BIN" ]; then
    echo "== building alertsai (release)"
    (cd "$ROOT" && swift build -c release --product alertsai >/dev/null)
    BIN="$ROOT/.build/release/alertsai"
fi

WORK=$(mktemp -d)
PIDS=()
cleanup() {
    for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

echo "== model: LightGBM (200 trees, 31 leaves, 29 core-daily features), imported into AlertsAI's model format"
python3 "$HERE/make_model.py" "$WORK"
"$BIN" learn import --format lightgbm --input "$WORK/model.txt" --out "$WORK/model.json" >/dev/null
DB="$WORK/alertsai.sqlite"
"$BIN" migrate --database-url "sqlite:$DB" >/dev/null
python3 "$HERE/register_model.py" "$DB" "$WORK/artifacts" "$WORK/model.json" "$WORK/features.json" bench 0.5
# Every route but /health needs a key (docs/SECURITY.md): a service key with the score scope, sent to both services
# (FastAPI ignores it). Rate limits are off for the measurement: one key, one address, far above the defaults.
export AUTH="Bearer $("$BIN" keys create --service bench --scope score --database-url "sqlite:$DB" 2>/dev/null)"
export ALERTSAI_RATE_LIMIT_KEY_PER_SECOND=0 ALERTSAI_RATE_LIMIT_ADDRESS_PER_SECOND=0

"$BIN" serve --port "$SWIFT_PORT" --database-url "sqlite:$DB" --artifacts-path "$WORK/artifacts" --log-level warning &
PIDS+=($!)
(cd "$HERE" && BENCH_DIR="$WORK" exec python3 -m uvicorn fastapi_app:app --port "$PY_PORT" --workers "$PY_WORKERS" --log-level warning) &
PIDS+=($!)

wait_up() {
    for _ in $(seq 1 100); do
        code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' -H "Authorization: $AUTH" --data @"$WORK/body_1.json" \
            "http://127.0.0.1:$1/score" || true)
        [ "$code" = "200" ] && return 0
        sleep 0.2
    done
    echo "service on port $1 did not answer 200 on /score" >&2
    exit 1
}
wait_up "$SWIFT_PORT"
wait_up "$PY_PORT"

# Both must agree on the scores (same model): compare the first row of the 100-row body.
python3 - "$WORK" "$SWIFT_PORT" "$PY_PORT" <<'PY'
import json, os, sys, urllib.request
work, sp, pp = sys.argv[1:4]
body = open(f"{work}/body_100.json", "rb").read()
def post(port):
    r = urllib.request.Request(f"http://127.0.0.1:{port}/score", data=body, headers={"Content-Type": "application/json", "Authorization": os.environ["AUTH"]})
    return json.load(urllib.request.urlopen(r))["results"]
a, b = post(sp), post(pp)
diff = max(abs(x["score"] - y["score"]) for x, y in zip(a, b))
print(f"== scores agree: max |AlertsAI − LightGBM| over 100 rows = {diff:.2e}")
assert diff < 1e-9, "the two services disagree"
PY

run() { # name port size → "req/s p50 p99 non2xx"
    local out
    BODY="$WORK/body_$3.json" wrk -t"$THREADS" -c"$CONNS" -d3s -s "$HERE/post.lua" "http://127.0.0.1:$2/score" >/dev/null
    out=$(BODY="$WORK/body_$3.json" wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency -s "$HERE/post.lua" "http://127.0.0.1:$2/score")
    local rps p50 p99 bad
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    bad=$(echo "$out" | awk '/Non-2xx/ {print $5}')
    echo "$rps $p50 $p99 ${bad:-0}"
}

echo "== wrk: $THREADS threads, $CONNS connections, $DURATION per case; $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "   load average before: $(cut -d' ' -f1-3 /proc/loadavg); FastAPI runs $PY_WORKERS uvicorn workers"
printf '%-10s %-8s %6s %12s %12s %10s %10s %7s\n' service reasons rows "requests/s" "rows/s" p50 p99 non-2xx
declare -A ROWS
for body in 1 100 1_scores 100_scores; do
    size=${body%_scores}
    reasons=yes
    [ "$body" != "$size" ] && reasons=no
    for svc in alertsai fastapi; do
        port=$SWIFT_PORT
        [ "$svc" = fastapi ] && port=$PY_PORT
        read -r rps p50 p99 bad < <(run "$svc" "$port" "$body")
        rows=$(python3 -c "print(f'{$rps * $size:.0f}')")
        ROWS[$svc$body]=$rows
        printf '%-10s %-8s %6s %12s %12s %10s %10s %7s\n' "$svc" "$reasons" "$size" "$rps" "$rows" "$p50" "$p99" "$bad"
    done
done
for body in 1 100 1_scores 100_scores; do
    python3 -c "print(f'rows/s ratio AlertsAI / FastAPI+LightGBM, body $body: {${ROWS[alertsai$body]} / max(${ROWS[fastapi$body]}, 1):.1f}x')"
done
