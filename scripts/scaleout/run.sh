#!/usr/bin/env bash
# The scale-out run (issue 13, point 8; docs/DEPLOY.md): one PostgreSQL, two `alertsai serve` behind nginx on
# loopback, three `alertsai worker`s, artifacts on moto's S3. A backfill of SESSIONS sessions for the 30 symbols of
# us-mega-30 goes through the queue, its alerts reach USERS subscribed users' webhooks (a local receiver verifying
# Standard Webhooks signatures, refusing one first attempt in ten), while one worker is `kill -9`ed every KILL_EVERY
# seconds and restarted. Then it checks:
#   - the alert rows equal those of a single-process run of the same range on a SQLite store (0 lost, 0 duplicated);
#   - every queued webhook delivered at least once, each repeat with the same webhook-id, every signature valid;
#   - no job left queued or running, none dead, no run left running;
#   - both serve instances answer through nginx (health, the feed, /metrics with the queue gauges);
# and prints the throughput. `--long` is the benchmark: 120 sessions, 100 users, then the same backfill again with
# 1, 2 and 3 workers (no kills) for throughput.
#
# usage: scripts/scaleout/run.sh [--short|--long]
# env:   ALERTSAI_BIN (default: the debug build's alertsai), PYTHON (a python with moto[server], boto3 and
#        standardwebhooks; default .build/ci-venv/bin/python), PGURL (a PostgreSQL URL whose user may create
#        databases; default postgres://alertsai:alertsai@127.0.0.1:5432/alertsai_ci), NGINX (default: nginx on PATH,
#        installed with apt-get when missing), KEEP=1 keeps the work folder.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD

MODE=${1:---short}
case "$MODE" in
--short) SESSIONS=${SESSIONS:-40} USERS=${USERS:-10} KILL_EVERY=${KILL_EVERY:-2} ;;
--long) SESSIONS=${SESSIONS:-120} USERS=${USERS:-100} KILL_EVERY=${KILL_EVERY:-5} ;;
*) echo "usage: $0 [--short|--long]" >&2; exit 2 ;;
esac
UNIVERSE=preset:us-mega-30
TO_DAY=2024-06-28

BIN=${ALERTSAI_BIN:-$ROOT/.build/debug/alertsai}
PYTHON=${PYTHON:-$ROOT/.build/ci-venv/bin/python}
PGURL=${PGURL:-postgres://alertsai:alertsai@127.0.0.1:5432/alertsai_ci}
[ -x "$BIN" ] || { echo "FAIL: no alertsai binary at $BIN (swift build --product alertsai, or set ALERTSAI_BIN)" >&2; exit 1; }
"$PYTHON" -c "import moto.server, boto3, standardwebhooks" 2>/dev/null \
    || { echo "FAIL: $PYTHON cannot import moto.server, boto3 and standardwebhooks (pip install 'moto[server]' standardwebhooks)" >&2; exit 1; }
command -v psql >/dev/null || { echo "FAIL: psql not found (apt-get install postgresql-client)" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "FAIL: sqlite3 not found (apt-get install sqlite3)" >&2; exit 1; }
NGINX=${NGINX:-$(command -v nginx || true)}
if [ -z "$NGINX" ] && [ -x /usr/sbin/nginx ]; then NGINX=/usr/sbin/nginx; fi
if [ -z "$NGINX" ]; then
    echo "== installing nginx (apt-get)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null 2>&1 \
        || { DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; }
    NGINX=/usr/sbin/nginx
fi

WORK=$(mktemp -d /tmp/alertsai-scaleout.XXXXXX)
PIDS=()
DB=alertsai_scaleout_$$_$RANDOM
ADMIN_URL=$PGURL
cleanup() {
    local status=$?
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    for f in "$WORK"/w*.pid; do [ -f "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null; done || true
    [ -f "$WORK/nginx/nginx.pid" ] && kill "$(cat "$WORK/nginx/nginx.pid")" 2>/dev/null || true
    sleep 0.5
    psql "$ADMIN_URL" -qtAc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
    if [ "${KEEP:-0}" = 1 ] || [ "$status" -ne 0 ]; then echo "work folder kept: $WORK"; else rm -rf "$WORK"; fi
    exit "$status"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
log() { printf '\n== %s\n' "$*"; }
free_port() { "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { # URL TRIES
    for _ in $(seq 1 "$2"); do curl -sf -o /dev/null "$1" && return 0; sleep 0.2; done
    return 1
}
now() { date +%s.%N; }

# --- the shared parts: PostgreSQL database, moto's S3, the receiver ---
log "PostgreSQL database $DB, moto S3, webhook receiver"
psql "$ADMIN_URL" -qtAc "CREATE DATABASE $DB" >/dev/null
DBURL="${PGURL%/*}/$DB"
S3PORT=$(free_port)
"$PYTHON" -m moto.server -H 127.0.0.1 -p "$S3PORT" >"$WORK/moto.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$S3PORT/" 100 || fail "moto did not start (see $WORK/moto.log)"
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1
"$PYTHON" -c "import boto3; boto3.client('s3', endpoint_url='http://127.0.0.1:$S3PORT').create_bucket(Bucket='alertsai-scaleout')"
RPORT=$(free_port)
: >"$WORK/secrets.txt"
"$PYTHON" "$ROOT/scripts/scaleout/receiver.py" "$RPORT" "$WORK/secrets.txt" "$WORK/received.jsonl" 2>"$WORK/receiver.log" &
PIDS+=($!)

# Every process of the deployment sees the same configuration (docs/DEPLOY.md).
export ALERTSAI_DATABASE_URL=$DBURL
ALERTSAI_SECRETS_KEY=$("$PYTHON" -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')
export ALERTSAI_SECRETS_KEY
export ALERTSAI_ARTIFACTS_URL=s3://alertsai-scaleout/models ALERTSAI_ARTIFACTS_S3_ENDPOINT=http://127.0.0.1:$S3PORT
export ALERTSAI_WEBHOOKS_ALLOWED_NETWORKS=127.0.0.0/8 ALERTSAI_WEBHOOKS_RETRY_SECONDS=1 ALERTSAI_WEBHOOKS_TIMEOUT_SECONDS=2
export ALERTSAI_WEBHOOKS_BATCH_SIZE=20 ALERTSAI_LOG_LEVEL=warning ALERTSAI_SCHEDULES_INTERVAL_SECONDS=0
export ALERTSAI_METRICS_REFRESH_SECONDS=2 ALERTSAI_METRICS_ALLOWED_NETWORKS=127.0.0.0/8
export ALERTSAI_RATE_LIMIT_ADDRESS_PER_SECOND=0
cd "$WORK"

# A small model (four synthetic symbols, logistic): trained the same way on both stores, so the digests agree.
cat >run.json <<'EOF'
{"name": "scaleout-swing", "seed": 7,
 "data": {"provider": "synthetic", "universe": "AAPL,MSFT,NVDA,AMZN", "timeframe": "1d",
          "from": "2021-01-01", "to": "2023-12-31", "synthetic": {"seed": 7, "strength": 1}},
 "features": {"set": "core-daily"},
 "plan": {"side": "long", "take_profit": {"atr_multiple": 2, "atr_period": 14}, "stop": {"atr_multiple": 1, "atr_period": 14},
          "max_hold_bars": 10},
 "model": {"kind": "logistic"},
 "validation": {"method": "purged_walk_forward", "folds": 3},
 "thresholds": {"policy": "top_k", "alerts_per_day": 3}}
EOF
FROM_DAY=$("$PYTHON" - "$TO_DAY" "$SESSIONS" <<'EOF'
import datetime, sys
# Enough weekdays back for SESSIONS sessions (holidays make a few more, never fewer, weekdays than sessions).
d = datetime.date.fromisoformat(sys.argv[1]); n = int(sys.argv[2]) - 1
while n > 0:
    d -= datetime.timedelta(days=1)
    if d.weekday() < 5: n -= 1
print(d)
EOF
)

log "migrate, train and publish on PostgreSQL + S3"
"$BIN" migrate >/dev/null
"$BIN" train run.json --quiet >train.log
"$BIN" models publish scaleout-swing 1 --force >/dev/null 2>&1
DIGEST=$(psql "$DBURL" -qtAc "SELECT artifact_digest FROM sc.model_specs WHERE name = 'scaleout-swing'")
[ -n "$DIGEST" ] || fail "no model spec registered"

log "$USERS users subscribed to the model's webhooks"
for i in $(seq 1 "$USERS"); do
    uid=$("$BIN" users create --email "trader$i@example.com" | tail -1)
    out=$("$BIN" alerts subscribe --user "$uid" --model scaleout-swing --webhook "http://127.0.0.1:$RPORT/hook/$uid")
    secret=$(printf '%s\n' "$out" | awk '/^secret:/{print $2}')
    [ -n "$secret" ] || fail "no secret printed for user $uid: $out"
    echo "/hook/$uid $secret" >>"$WORK/secrets.txt"
done
SERVICE_KEY=$("$BIN" keys create --service scaleout --scope admin 2>/dev/null | tail -1)

# --- two serve instances behind nginx ---
log "two alertsai serve behind nginx"
P1=$(free_port); P2=$(free_port); PN=$(free_port)
ALERTSAI_WEBHOOKS_INTERVAL_SECONDS=1 "$BIN" serve --port "$P1" >serve1.log 2>&1 &
PIDS+=($!)
ALERTSAI_WEBHOOKS_INTERVAL_SECONDS=1 "$BIN" serve --port "$P2" >serve2.log 2>&1 &
PIDS+=($!)
mkdir -p nginx/tmp
cat >nginx/nginx.conf <<EOF
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 256; }
http {
    access_log $WORK/nginx/access.log;
    client_body_temp_path $WORK/nginx/tmp; proxy_temp_path $WORK/nginx/tmp; fastcgi_temp_path $WORK/nginx/tmp;
    uwsgi_temp_path $WORK/nginx/tmp; scgi_temp_path $WORK/nginx/tmp;
    upstream alertsai { server 127.0.0.1:$P1 max_fails=3 fail_timeout=10s; server 127.0.0.1:$P2 max_fails=3 fail_timeout=10s; keepalive 16; }
    server {
        listen 127.0.0.1:$PN;
        location / { proxy_pass http://alertsai; proxy_http_version 1.1; proxy_set_header Connection ""; add_header X-Upstream \$upstream_addr always; }
    }
}
EOF
"$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/error.log"
wait_http "http://127.0.0.1:$P1/health" 300 || fail "serve 1 did not start (see $WORK/serve1.log)"
wait_http "http://127.0.0.1:$P2/health" 300 || fail "serve 2 did not start (see $WORK/serve2.log)"
wait_http "http://127.0.0.1:$PN/health" 50 || fail "nginx does not answer (see $WORK/nginx/error.log)"
upstreams=$(for _ in 1 2 3 4 5 6; do curl -s -D - -o /dev/null "http://127.0.0.1:$PN/health" | awk -F': ' 'tolower($1)=="x-upstream"{print $2}'; done | tr -d '\r' | sort -u | wc -l)
[ "$upstreams" -eq 2 ] || fail "nginx reached $upstreams serve instance(s), expected 2"

# --- workers, and the killer ---
start_worker() { # N
    "$BIN" worker --concurrency 2 --lease-seconds 5 --no-scheduler >>"worker$1.log" 2>&1 &
    echo $! >"w$1.pid"
    disown $!
}
drain() { # WORKERS KILL(0|1): waits until the queue is empty; sets TOOK (seconds) and KILLS
    local n=$1 kill=$2 t0 i
    t0=$(now)
    for i in $(seq 1 "$n"); do start_worker "$i"; done
    local last_kill=$t0 kills=0
    while true; do
        local left
        left=$(psql "$DBURL" -qtAc "SELECT count(*) FROM sc.jobs WHERE status IN ('queued', 'running')")
        local pending
        pending=$(psql "$DBURL" -qtAc "SELECT count(*) FROM sc.alert_delivery WHERE channel = 'webhook' AND status = 'pending'")
        if [ "$left" -eq 0 ] && [ "$pending" -eq 0 ]; then break; fi
        if [ "$kill" = 1 ] && awk -v a="$(now)" -v b="$last_kill" -v k="$KILL_EVERY" 'BEGIN{exit !(a-b>=k)}'; then
            i=$((RANDOM % n + 1))
            kill -9 "$(cat "w$i.pid")" 2>/dev/null || true
            kills=$((kills + 1))
            start_worker "$i"
            last_kill=$(now)
        fi
        awk -v a="$(now)" -v b="$t0" 'BEGIN{exit !(a-b>1800)}' && fail "the queue did not drain in 30 minutes ($left jobs, $pending deliveries left)"
        sleep 0.5
    done
    TOOK=$(awk -v a="$(now)" -v b="$t0" 'BEGIN{printf "%.1f", a-b}')
    KILLS=$kills
    for i in $(seq 1 "$n"); do
        local p
        p=$(cat "w$i.pid")
        kill -TERM "$p" 2>/dev/null || true
    done
    for i in $(seq 1 "$n"); do
        local p
        p=$(cat "w$i.pid")
        for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$p" 2>/dev/null || true
    done
}

log "backfill $FROM_DAY … $TO_DAY ($SESSIONS sessions × 30 symbols) through the queue: 3 workers, one kill -9 every ${KILL_EVERY}s"
"$BIN" alerts run --model scaleout-swing --universe "$UNIVERSE" --from "$FROM_DAY" --to "$TO_DAY" --enqueue
queued=$(psql "$DBURL" -qtAc "SELECT count(*) FROM sc.jobs WHERE kind = 'alert_run'")
drain 3 1
took=$TOOK kills=$KILLS
echo "drained in ${took}s with $kills kill(s)"
[ "$kills" -ge 1 ] || fail "no worker was killed: the backfill drained in ${took}s, before the first kill (raise SESSIONS or lower KILL_EVERY)"

# --- checks ---
log "checks"
q() { psql "$DBURL" -qtAc "$1"; }
[ "$(q "SELECT count(*) FROM sc.jobs WHERE status IN ('queued','running')")" -eq 0 ] || fail "jobs left queued or running"
dead=$(q "SELECT count(*) FROM sc.jobs WHERE status = 'dead'")
[ "$dead" -eq 0 ] || fail "$dead dead job(s): $(q "SELECT kind || ': ' || coalesce(last_error,'') FROM sc.jobs WHERE status = 'dead' LIMIT 3")"
[ "$(q "SELECT count(*) FROM sc.alert_runs WHERE status = 'running'")" -eq 0 ] || fail "alert runs left running"
abandoned=$(q "SELECT count(*) FROM sc.alert_runs WHERE error LIKE 'abandoned:%'")
alerts=$(q "SELECT count(*) FROM sc.alerts")
[ "$alerts" -gt 0 ] || fail "the backfill wrote no alert"

# The same range in one process on SQLite with local artifacts: the reference.
log "the same range in one process (SQLite, local artifacts)"
mkdir -p ref
(
    cd ref
    export ALERTSAI_DATABASE_URL=sqlite:./data/alertsai.sqlite ALERTSAI_ARTIFACTS_URL= ALERTSAI_ARTIFACTS_PATH=./data/artifacts
    unset ALERTSAI_SECRETS_KEY
    "$BIN" migrate >/dev/null
    "$BIN" train ../run.json --quiet >train.log
    "$BIN" models publish scaleout-swing 1 --force >/dev/null 2>&1
    "$BIN" alerts run --model scaleout-swing --universe "$UNIVERSE" --from "$FROM_DAY" --to "$TO_DAY" >backfill.log
)
REF_DIGEST=$(sqlite3 ref/data/alertsai.sqlite "SELECT artifact_digest FROM model_specs WHERE name = 'scaleout-swing'")
[ "$REF_DIGEST" = "$DIGEST" ] || fail "training is not reproducible across stores: $DIGEST vs $REF_DIGEST"
cols="symbol || '|' || bar_time || '|' || side || '|' || coalesce(regime, '') || '|'"
q "SELECT $cols || CAST(ROUND(CAST(score AS numeric), 6) AS text) || '|' || CAST(ROUND(CAST(threshold AS numeric), 6) AS text)
   FROM sc.alerts ORDER BY 1" >alerts.scaled
sqlite3 ref/data/alertsai.sqlite "SELECT $cols || printf('%.6f', score) || '|' || printf('%.6f', threshold) FROM alerts ORDER BY 1" >alerts.single
if ! diff -q alerts.single alerts.scaled >/dev/null; then
    echo "lost (in the single-process run only): $(comm -23 alerts.single alerts.scaled | wc -l)"
    echo "extra (in the scaled run only): $(comm -13 alerts.single alerts.scaled | wc -l)"
    diff alerts.single alerts.scaled | head -10
    fail "the scaled run's alerts differ from the single-process run's"
fi
dups=$(q "SELECT count(*) FROM (SELECT symbol, bar_time FROM sc.alerts GROUP BY symbol, bar_time HAVING count(*) > 1) d")
[ "$dups" -eq 0 ] || fail "$dups duplicated alert(s)"

deliveries=$(q "SELECT count(*) FROM sc.alert_delivery WHERE channel = 'webhook'")
undelivered=$(q "SELECT count(*) FROM sc.alert_delivery WHERE channel = 'webhook' AND status <> 'delivered'")
[ "$deliveries" -eq $((alerts * USERS)) ] || fail "$deliveries webhook deliveries queued for $alerts alerts × $USERS users"
[ "$undelivered" -eq 0 ] || fail "$undelivered webhook deliveries not delivered: $(q "SELECT status || ' ' || coalesce(last_error,'') FROM sc.alert_delivery WHERE status <> 'delivered' LIMIT 3")"
q "SELECT 'msg_' || id || ' ' || alert_id FROM sc.alert_delivery WHERE channel = 'webhook' ORDER BY 1" >deliveries.expected
"$PYTHON" - received.jsonl deliveries.expected <<'EOF'
import collections, json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
expected = dict(l.split() for l in open(sys.argv[2]))
bad = [r for r in rows if r["result"] in ("bad_signature", "unknown_path")]
if bad: sys.exit(f"FAIL: {len(bad)} request(s) failed verification, e.g. {bad[0]}")
ok = collections.defaultdict(list)
for r in rows:
    if r["result"] == "ok": ok[r["webhook_id"]].append(r)
missing = [w for w in expected if w not in ok]
if missing: sys.exit(f"FAIL: {len(missing)} delivery(ies) never received, e.g. {missing[:3]}")
wrong = [w for w, rs in ok.items() if w not in expected or any(f"msg_{r['delivery_id']}" != w or r["alert_id"] != expected[w] for r in rs)]
if wrong: sys.exit(f"FAIL: {len(wrong)} webhook-id(s) that do not match their delivery, e.g. {wrong[:3]}")
paths = {w: {r["path"] for r in rs} for w, rs in ok.items()}
if any(len(p) != 1 for p in paths.values()): sys.exit("FAIL: one webhook-id reached two endpoints")
retried = sum(1 for r in rows if r["result"] == "refused_once")
repeats = sum(len(rs) - 1 for rs in ok.values())
print(f"webhooks: {len(expected)} delivered, each signature verified by standardwebhooks; "
      f"{retried} refused once and retried with the same webhook-id, {repeats} repeat(s) after success, same id")
EOF

# Both serve instances through nginx: the registry with an operator's key, and the queue gauges.
for _ in 1 2 3 4; do
    curl -sf -H "Authorization: Bearer $SERVICE_KEY" "http://127.0.0.1:$PN/models/scaleout-swing/live" >live.json \
        || fail "GET /models/scaleout-swing/live through nginx failed"
    grep -q scaleout-swing live.json || fail "/models/scaleout-swing/live through nginx does not name the model: $(head -c 300 live.json)"
done
metrics=$(curl -sf "http://127.0.0.1:$PN/metrics") || fail "GET /metrics through nginx failed"
printf '%s\n' "$metrics" | grep -q '^alertsai_jobs' || fail "/metrics has no alertsai_jobs gauge"
echo "through nginx: /models/{name}/live and /metrics answered (both upstreams in rotation)"

rate=$(awk -v s="$SESSIONS" -v t="$took" 'BEGIN{printf "%.2f", s/t}')
echo
echo "PASS scale-out ($MODE): $SESSIONS sessions × 30 symbols ($queued alert_run jobs), $alerts alerts equal to the single-process run,"
echo "     $deliveries webhooks to $USERS users delivered, $kills worker kill(s), $abandoned run(s) abandoned and rerun, 0 jobs left running"
echo "     3 workers with kills: ${took}s, $rate sessions/s"

if [ "$MODE" = --long ]; then
    log "throughput with 1, 2 and 3 workers (no kills; the same backfill on an emptied store)"
    for n in 1 2 3; do
        q "TRUNCATE sc.alert_delivery, sc.alert_outcomes, sc.alert_suppressions, sc.alerts, sc.alert_runs, sc.jobs CASCADE" >/dev/null
        "$BIN" alerts run --model scaleout-swing --universe "$UNIVERSE" --from "$FROM_DAY" --to "$TO_DAY" --enqueue >/dev/null
        drain "$n" 0
        t=$TOOK
        echo "workers=$n  ${t}s  $(awk -v s="$SESSIONS" -v t="$t" 'BEGIN{printf "%.2f", s/t}') sessions/s  $(( $(q "SELECT count(*) FROM sc.alert_delivery WHERE channel = 'webhook'") )) webhooks"
    done
fi
