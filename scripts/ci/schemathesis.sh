#!/usr/bin/env bash
# The API contract, checked from outside: a real `alertsai serve` on loopback, its own `GET /openapi.json`, and
# schemathesis with every check and at least 100 examples per operation, authenticated (issue 12, point 10).
#
#   scripts/ci/schemathesis.sh                    # uses .build/debug/alertsai (building it when missing)
#   ALERTSAI_BIN=path/to/alertsai EXAMPLES=200 scripts/ci/schemathesis.sh
#
# The store: `alertsai demo --sessions 5` (a published model with alerts in a user's feed), that user's key with
# every user scope and a service key with every service scope. Rate limits are off (one address, thousands of
# requests); everything else is the default configuration. Exit status: schemathesis's (0 when nothing was found).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BIN=${ALERTSAI_BIN:-$ROOT/.build/debug/alertsai}
VENV=${ALERTSAI_CI_VENV:-$ROOT/.build/ci-venv}
PORT=${SCHEMATHESIS_PORT:-18181}
EXAMPLES=${EXAMPLES:-100}
SEED=${SEED:-12}

if [ ! -x "$BIN" ]; then (cd "$ROOT" && swift build --product alertsai); fi
if [ ! -x "$VENV/bin/schemathesis" ]; then
    [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q schemathesis
fi

WORK=$(mktemp -d)
SERVER=""
cleanup() {
    if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

echo "== store: alertsai demo --sessions 5"
"$BIN" demo --data-dir "$WORK/demo" --sessions 5 >"$WORK/demo.log" 2>&1 || { cat "$WORK/demo.log"; exit 1; }
DB="sqlite:$WORK/demo/alertsai.sqlite"
ARTIFACTS="$WORK/demo/artifacts"
TRADER=$("$BIN" users list --json --database-url "$DB" | "$VENV/bin/python" -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
USER_KEY=$("$BIN" users api-key --user "$TRADER" --scope alerts,score,registry --database-url "$DB")
SERVICE_KEY=$("$BIN" keys create --service schemathesis --scope score,registry,metrics,admin --database-url "$DB")

echo "== alertsai serve on 127.0.0.1:$PORT (rate limits off)"
ALERTSAI_RATE_LIMIT_KEY_PER_SECOND=0 ALERTSAI_RATE_LIMIT_ADDRESS_PER_SECOND=0 ALERTSAI_RATE_LIMIT_AUTH_FAILURES_PER_MINUTE=0 \
    "$BIN" serve --host 127.0.0.1 --port "$PORT" --database-url "$DB" --artifacts-path "$ARTIFACTS" --log-level error \
    >"$WORK/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
    sleep 0.2
done
curl -sf "http://127.0.0.1:$PORT/health" >/dev/null || { echo "alertsai serve did not come up"; cat "$WORK/serve.log"; exit 1; }

run() { # name key [filters…]
    local name=$1 key=$2
    shift 2
    echo "== schemathesis ($name key): --checks all --max-examples $EXAMPLES"
    # schemathesis.toml: the one per-operation exception; schemathesis_hooks.py: fresh Idempotency-Keys.
    (cd "$WORK" && PYTHONPATH="$HERE" SCHEMATHESIS_HOOKS=schemathesis_hooks "$VENV/bin/schemathesis" --config-file "$HERE/schemathesis.toml" \
        run "http://127.0.0.1:$PORT/openapi.json" --checks all --max-examples "$EXAMPLES" --seed "$SEED" --generation-database none \
        --header "Authorization: Bearer $key" --workers 2 --no-color "$@")
}
status=0
# The user key (alerts, score, registry) for every operation but /metrics; the service key (every service scope)
# for /metrics and for previews acting for any user_id (admin).
run user "$USER_KEY" --exclude-path /metrics 2>&1 | tee "$WORK/user.log" || status=${PIPESTATUS[0]}
# CPython 3.11's compiler can raise "SystemError: AST constructor recursion depth mismatch" inside schemathesis's
# coverage phase (an interpreter bug, not a finding about the API). When that is the only error and no check failed,
# the run is repeated without the coverage phase, and its result is the verdict; the crash is reported either way.
if [ "$status" -ne 0 ] && grep -q "AST constructor recursion depth mismatch" "$WORK/user.log" \
    && grep -q "No issues found" "$WORK/user.log" && ! grep -q "Failures:" "$WORK/user.log"; then
    echo "NOTE: schemathesis crashed inside its coverage phase (CPython AST recursion bug); repeating without it"
    status=0
    run user "$USER_KEY" --exclude-path /metrics --phases examples,fuzzing,stateful || status=$?
fi
run service "$SERVICE_KEY" --include-path /metrics --include-path /alerts/preview || status=$?
if ! kill -0 "$SERVER" 2>/dev/null; then
    echo "FAIL: alertsai serve died during the run"
    cat "$WORK/serve.log"
    exit 1
fi
exit "$status"
