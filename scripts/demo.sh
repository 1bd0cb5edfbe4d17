#!/usr/bin/env bash
# The local pipeline on the embedded dev broker: starts the broker and the four services as
# separate processes, publishes the sample filings, prints each metric event as it arrives,
# then stops everything it started. Exit 0 when every expected event arrived in time.
# It prints the address of the metrics service's pages (also written to $WORK/pages-url);
# with DEMO_KEEP=1 it then leaves the pipeline running until Ctrl-C (or SIGTERM to this script).
set -uo pipefail
. "$(dirname "$0")/service-port.sh"
cd "$(dirname "$0")/.."

EXPECTED=${DEMO_EXPECTED_EVENTS:-3}
TIMEOUT=${DEMO_TIMEOUT_SECONDS:-120}
BIN=$(swift build --show-bin-path)
if [ -n "${DEMO_WORK_DIR:-}" ]; then WORK=$DEMO_WORK_DIR; rm -rf "$WORK"; mkdir -p "$WORK"
else WORK=$(mktemp -d "${TMPDIR:-/tmp}/filings-demo.XXXXXX"); fi
export FILINGS_DEV_BROKER_FILE="$WORK/dev-broker"
export LOG_LEVEL=${LOG_LEVEL:-info}
pids=()

# SIGTERM, then up to 10 s for a clean exit, then SIGKILL.
stop() {
  for pid in "$@"; do kill -TERM "$pid" 2>/dev/null; done
  for _ in $(seq 1 100); do
    alive=0
    for pid in "$@"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ $alive -eq 0 ] && return
    sleep 0.1
  done
  for pid in "$@"; do kill -KILL "$pid" 2>/dev/null; done
}
# The services first (they commit and flush on SIGTERM), the broker last.
stop_all() {
  [ ${#pids[@]} -gt 1 ] && stop "${pids[@]:1}"
  [ ${#pids[@]} -gt 0 ] && stop "${pids[0]}"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

fail() {
  echo "demo FAILED: $*" >&2
  for log in "$WORK"/*.log; do echo "--- last lines of $(basename "$log")" >&2; tail -n 15 "$log" >&2; done
  exit 1
}

started=$SECONDS
"$BIN/filings" dev-broker --port 0 >"$WORK/dev-broker.out" 2>"$WORK/dev-broker.log" &
pids+=($!)
for _ in $(seq 1 100); do [ -s "$FILINGS_DEV_BROKER_FILE" ] && break; sleep 0.1; done
[ -s "$FILINGS_DEV_BROKER_FILE" ] || fail "the dev broker did not start"
export KAFKA_BOOTSTRAP_SERVERS=$(cat "$FILINGS_DEV_BROKER_FILE")
echo "dev broker at $KAFKA_BOOTSTRAP_SERVERS; stores and logs in $WORK"

for service in ingest parse metrics notify; do
  STORE_PATH="$WORK/$service.sqlite" HTTP_PORT=0 "$BIN/$service" 2>"$WORK/$service.log" &
  pids+=($!)
done
echo "started ingest, parse, metrics, notify"

# The metrics service logs its port once it listens (HTTP_PORT=0 picks a free one).
port=$(service_port "$WORK/metrics.log") || fail "the metrics service did not report its HTTP port"
PAGES_URL="http://127.0.0.1:$port/"
echo "pages at $PAGES_URL (they show each metric event on reload)"

"$BIN/filings" publish samples/ || fail "publishing the samples failed"
echo "waiting for $EXPECTED metric events (at most $TIMEOUT s)..."
"$BIN/filings" subscribe metrics.computed --from-beginning --count "$EXPECTED" --timeout "$TIMEOUT" --format text \
  | tee "$WORK/events.txt"
status=${PIPESTATUS[0]}
[ "$status" -eq 0 ] || fail "only $(wc -l <"$WORK/events.txt") of $EXPECTED metric events arrived within $TIMEOUT s"

elapsed=$((SECONDS - started))
# Keep every event of the run as JSON lines (CI validates them against docs/schemas).
for topic in filings.ingested filings.parsed metrics.computed; do
  "$BIN/filings" subscribe "$topic" --from-beginning --count "$EXPECTED" --timeout 20 >"$WORK/$topic.jsonl" 2>>"$WORK/subscribe.log" \
    || fail "could not read back $topic"
done
for _ in $(seq 1 300); do
  [ "$(grep -c 'metric event' "$WORK/notify.log")" -ge "$EXPECTED" ] && break
  sleep 0.1
done
echo
echo "summary: $(ls samples | wc -l) filings published -> $(wc -l <"$WORK/events.txt") metric events in $elapsed s"
echo "         notify recorded $(grep -c 'metric event' "$WORK/notify.log") of them; stores and logs in $WORK"
echo "         pages: $PAGES_URL"
echo "$PAGES_URL" >"$WORK/pages-url"
if [ "${DEMO_KEEP:-0}" = "1" ]; then
  echo "DEMO_KEEP=1: the pipeline keeps running; open $PAGES_URL. Ctrl-C stops everything."
  sleep infinity &
  pids+=($!)
  wait $!
fi
