#!/usr/bin/env bash
# Soak: the pipeline on the dev broker (loopback only) while each service is killed with SIGKILL at
# random moments and started again. Publishes N distinct filings (made from samples/ into a temp dir,
# half through `filings publish`, half through ingest's POST /filings), waits until the pipeline is
# quiet, then checks that every accepted filing produced exactly one metric event and one webhook
# (scripts/soak.py check, which says what counts as missing and as a duplicate effect). Last line:
#   soak: N filings, K kills, M missing, D duplicate effects
# and exit 1 when M or D > 0.
#
#   scripts/soak.sh [--duration S] [--filings N] [--kill-interval S] [--bin DIR] [--work DIR]
#
# --duration S (SOAK_DURATION, 60)          how long filings are published and services killed
# --filings N (SOAK_FILINGS, 20)            filings published, evenly over the duration
# --kill-interval S (SOAK_KILL_INTERVAL, 5) mean pause between kills (each between 0.5 and 1.5 times it)
# --bin DIR (SOAK_BIN)                      the executables; default: `swift build -c release`
# --work DIR (SOAK_WORK)                    stores, logs, filings; default a new temp dir (kept)
# SOAK_QUIET_TIMEOUT (180)                  longest wait for the pipeline to catch up at the end
set -uo pipefail
cd "$(dirname "$0")/.."

DURATION=${SOAK_DURATION:-60} FILINGS=${SOAK_FILINGS:-20} KILL_INTERVAL=${SOAK_KILL_INTERVAL:-5}
BIN=${SOAK_BIN:-} WORK=${SOAK_WORK:-} QUIET_TIMEOUT=${SOAK_QUIET_TIMEOUT:-180}
while [ $# -gt 0 ]; do
  case $1 in
    --duration) DURATION=$2; shift 2 ;;
    --filings) FILINGS=$2; shift 2 ;;
    --kill-interval) KILL_INTERVAL=$2; shift 2 ;;
    --bin) BIN=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    *) sed -n '2,/^set /p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 64 ;;
  esac
done
if [ -z "$BIN" ]; then
  swift build -c release >&2 || { echo "soak: the release build failed" >&2; exit 1; }
  BIN=$(swift build -c release --show-bin-path)
fi
if [ -n "$WORK" ]; then rm -rf "$WORK"; mkdir -p "$WORK"; else WORK=$(mktemp -d "${TMPDIR:-/tmp}/filings-soak.XXXXXX"); fi
SERVICES=(ingest parse metrics notify)
declare -A pid port
helpers=()   # broker, receiver, metric reader, publisher

export FILINGS_DEV_BROKER_FILE="$WORK/dev-broker" HTTP_HOST=127.0.0.1 LOG_LEVEL=${LOG_LEVEL:-info}
export NOTIFY_API_TOKEN=soak-token NOTIFY_ALLOW_PRIVATE_TARGETS=loopback
export NOTIFY_RETRY_SCHEDULE=0,1s,2s,5s,10s,30s NOTIFY_RETRY_JITTER=0 NOTIFY_DELIVERY_TIMEOUT=5s

stop_all() {
  for service in "${SERVICES[@]}"; do [ -n "${pid[$service]:-}" ] && kill -TERM "${pid[$service]}" 2>/dev/null; done
  for p in "${helpers[@]}"; do kill -TERM "$p" 2>/dev/null; done
  sleep 1
  for service in "${SERVICES[@]}"; do [ -n "${pid[$service]:-}" ] && kill -KILL "${pid[$service]}" 2>/dev/null; done
  for p in "${helpers[@]}"; do kill -KILL "$p" 2>/dev/null; done
}
trap stop_all EXIT
trap 'exit 130' INT TERM
fail() { echo "soak FAILED: $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

start_service() {
  local service=$1
  STORE_PATH="$WORK/$service.sqlite" HTTP_PORT=${port[$service]} "$BIN/$service" 2>>"$WORK/$service.log" &
  pid[$service]=$!
}

# The broker, the webhook receiver, the services.
"$BIN/filings" dev-broker --port 0 >"$WORK/dev-broker.out" 2>"$WORK/dev-broker.log" &
helpers+=($!)
for _ in $(seq 1 100); do [ -s "$FILINGS_DEV_BROKER_FILE" ] && break; sleep 0.1; done
[ -s "$FILINGS_DEV_BROKER_FILE" ] || fail "the dev broker did not start"
export KAFKA_BOOTSTRAP_SERVERS=$(cat "$FILINGS_DEV_BROKER_FILE")
python3 scripts/soak.py receiver "$WORK/webhooks.jsonl" >"$WORK/receiver.port" 2>"$WORK/receiver.log" &
helpers+=($!)
for service in "${SERVICES[@]}"; do port[$service]=$(free_port); start_service "$service"; done
for _ in $(seq 1 50); do [ -s "$WORK/receiver.port" ] && break; sleep 0.1; done
[ -s "$WORK/receiver.port" ] || fail "the webhook receiver did not start"
for _ in $(seq 1 300); do
  curl -sf "http://127.0.0.1:${port[notify]}/healthz" >/dev/null && curl -sf "http://127.0.0.1:${port[ingest]}/healthz" >/dev/null && break
  sleep 0.1
done
curl -sf -X POST "http://127.0.0.1:${port[notify]}/subscriptions" -H "Authorization: Bearer $NOTIFY_API_TOKEN" \
  -H 'Content-Type: application/json' \
  -d "{\"id\": \"soak\", \"url\": \"http://127.0.0.1:$(cat "$WORK/receiver.port")/hook\", \"rule\": \"revenue > 0\"}" \
  >"$WORK/subscription.json" || fail "could not subscribe through notify's API (log: $WORK/notify.log)"
"$BIN/filings" subscribe metrics.computed --from-beginning >"$WORK/metrics.jsonl" 2>"$WORK/reader.log" &
helpers+=($!)
python3 scripts/soak.py generate "$FILINGS" "$WORK/filings"
echo "soak: $FILINGS filings over $DURATION s, a kill every ~$KILL_INTERVAL s; broker $KAFKA_BOOTSTRAP_SERVERS; work dir $WORK" >&2

# One filing, until accepted: odd ones through Kafka, even ones through POST /filings (202).
publish_one() {
  local index=$1 file=$2 accession
  accession=$(sed -n 's/^ACCESSION NUMBER:[[:space:]]*//p' "$file")
  for _ in $(seq 1 60); do
    if [ $((index % 2)) = 1 ]; then
      "$BIN/filings" publish "$file" --timeout 10 >>"$WORK/publish.log" 2>&1 && { echo "$accession kafka" >>"$WORK/accepted.txt"; return; }
    else
      [ "$(curl -s -o /dev/null -w '%{http_code}' -m 10 -X POST --data-binary @"$file" -H 'Content-Type: text/plain' \
          "http://127.0.0.1:${port[ingest]}/filings")" = 202 ] && { echo "$accession http" >>"$WORK/accepted.txt"; return; }
    fi
    sleep 1
  done
  echo "soak: gave up publishing $file" >&2
}
(  # filing i is due at start + (i - 1) * DURATION / FILINGS, however long publishing takes
  index=0 start=$(date +%s.%N)
  for file in "$WORK"/filings/soak-*.txt; do
    sleep "$(python3 -c "import time; print(max(0, $start + $index * $DURATION / $FILINGS - time.time()))")"
    index=$((index + 1))
    publish_one "$index" "$file"
  done
) &
publisher=$!
helpers+=($publisher)

# Kill one service at a time (in a shuffled round, so each is killed as often), restart it soon after.
: >"$WORK/kills.log"
started=$SECONDS round=()
while [ $((SECONDS - started)) -lt "$DURATION" ]; do
  sleep "$(python3 -c "import random; print(round($KILL_INTERVAL * random.uniform(0.5, 1.5), 2))")"
  [ ${#round[@]} -gt 0 ] || round=($(printf '%s\n' "${SERVICES[@]}" | shuf))
  service=${round[0]} round=("${round[@]:1}")
  kill -KILL "${pid[$service]}" 2>/dev/null
  wait "${pid[$service]}" 2>/dev/null
  echo "$(date +%s.%N) $service" >>"$WORK/kills.log"
  echo "--- soak: SIGKILL at $(date -u +%T)" >>"$WORK/$service.log"
  sleep "$(python3 -c 'import random; print(round(random.uniform(0, 1), 2))')"
  start_service "$service"
done
echo "soak: $(wc -l <"$WORK/kills.log") kills; waiting for the last filings and a quiet pipeline" >&2
wait "$publisher"

# Quiet: every accepted filing has its metric event and webhook and nothing changed for 10 s,
# or nothing changed for 60 s, or SOAK_QUIET_TIMEOUT passed.
accepted=$(wc -l <"$WORK/accepted.txt")
last="" unchanged=0 waited=0
while [ "$waited" -lt "$QUIET_TIMEOUT" ]; do
  now="$(wc -l <"$WORK/metrics.jsonl") $(wc -l <"$WORK/webhooks.jsonl" 2>/dev/null || echo 0)"
  if [ "$now" = "$last" ]; then unchanged=$((unchanged + 1)); else unchanged=0 last=$now; fi
  read -r events hooks <<<"$now"
  [ "$events" -ge "$accepted" ] && [ "$hooks" -ge "$accepted" ] && [ $unchanged -ge 10 ] && break
  [ $unchanged -ge 60 ] && break
  sleep 1; waited=$((waited + 1))
done
for service in "${SERVICES[@]}"; do
  echo "$service store: $(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check").fetchone()[0])' "$WORK/$service.sqlite")"
done
python3 scripts/soak.py check "$WORK"
