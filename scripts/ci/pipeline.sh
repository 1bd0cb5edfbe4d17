# Sourced by CI scripts that need the live services: starts the dev broker and the four
# services as separate processes on 127.0.0.1 (as scripts/demo.sh does), publishes the samples
# and waits for their three metric events, so every API has data to answer with. notify gets two
# subscriptions matching every metric event: one to a local receiver (scripts/ci/webhook-sink.py),
# delivered at once, and one to a closed port, dead after two attempts; so the run also yields
# notifications.delivered and notifications.dlq events, read back into WORK_DIR/<topic>.jsonl.
#   pipeline_start WORK_DIR   sets BIN, KAFKA_BOOTSTRAP_SERVERS and PORT_<service>; returns 1 on failure
#                             (PIPELINE_BOOTSTRAP=host:port: use that broker, its topics created, instead;
#                             PIPELINE_READ_BACK=0: wait for the metric events only)
#   pipeline_stop             SIGTERM to every process started (services first), SIGKILL after 10 s
# Environment passed on to the services: NOTIFY_API_TOKEN (default ci-token).
. scripts/service-port.sh
pipeline_pids=()       # the services and the webhook receiver
pipeline_broker_pid=""

# SIGTERM, then up to 10 s for a clean exit, then SIGKILL.
pipeline_stop_pids() {
  [ $# -gt 0 ] || return 0
  local pid alive
  for pid in "$@"; do kill -TERM "$pid" 2>/dev/null; done
  for _ in $(seq 1 100); do
    alive=0
    for pid in "$@"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ $alive -eq 0 ] && return 0
    sleep 0.1
  done
  for pid in "$@"; do kill -KILL "$pid" 2>/dev/null; done
}

# The services first (they commit and flush on SIGTERM), the broker last.
pipeline_stop() {
  pipeline_stop_pids "${pipeline_pids[@]}"
  [ -n "$pipeline_broker_pid" ] && pipeline_stop_pids "$pipeline_broker_pid"
  pipeline_pids=() pipeline_broker_pid=""
}

pipeline_start() {
  local work=$1 service
  rm -rf "$work"; mkdir -p "$work"  # fresh stores: old ones would take the samples as duplicates
  BIN=${BIN:-$(swift build --show-bin-path)}
  export FILINGS_DEV_BROKER_FILE="$work/dev-broker" HTTP_HOST=127.0.0.1 LOG_LEVEL=${LOG_LEVEL:-info}
  export NOTIFY_API_TOKEN=${NOTIFY_API_TOKEN:-ci-token}
  python3 scripts/ci/webhook-sink.py "$work/webhooks.jsonl" >"$work/webhook-sink.port" 2>"$work/webhook-sink.log" &
  pipeline_pids+=($!)
  for _ in $(seq 1 50); do [ -s "$work/webhook-sink.port" ] && break; sleep 0.1; done
  local sink closed
  sink=$(cat "$work/webhook-sink.port")
  closed=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  cat >"$work/subscriptions.json" <<JSON
[{"id": "ci-delivered", "url": "http://127.0.0.1:$sink/hook", "rule": "revenue > 0", "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"},
 {"id": "ci-dead", "url": "http://127.0.0.1:$closed/hook", "rule": "revenue > 0", "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}]
JSON
  export NOTIFY_SUBSCRIPTIONS_FILE="$work/subscriptions.json" NOTIFY_ALLOW_PRIVATE_TARGETS=loopback
  export NOTIFY_RETRY_SCHEDULE=0,1s NOTIFY_RETRY_JITTER=0 NOTIFY_DELIVERY_TIMEOUT=2s
  if [ -n "${PIPELINE_BOOTSTRAP:-}" ]; then  # a broker the caller started, topics created
    export KAFKA_BOOTSTRAP_SERVERS=$PIPELINE_BOOTSTRAP
  else
    rm -f "$FILINGS_DEV_BROKER_FILE"
    "$BIN/filings" dev-broker --port 0 >"$work/dev-broker.out" 2>"$work/dev-broker.log" &
    pipeline_broker_pid=$!
    for _ in $(seq 1 100); do [ -s "$FILINGS_DEV_BROKER_FILE" ] && break; sleep 0.1; done
    [ -s "$FILINGS_DEV_BROKER_FILE" ] || { echo "the dev broker did not start" >&2; return 1; }
    export KAFKA_BOOTSTRAP_SERVERS=$(cat "$FILINGS_DEV_BROKER_FILE")
  fi
  for service in ingest parse metrics notify; do
    STORE_PATH="$work/$service.sqlite" HTTP_PORT=0 "$BIN/$service" 2>"$work/$service.log" &
    pipeline_pids+=($!)
  done
  for service in ingest parse metrics notify; do
    local port
    port=$(service_port "$work/$service.log") || { echo "$service did not listen; last lines of its log:" >&2; tail -n 15 "$work/$service.log" >&2; return 1; }
    printf -v "PORT_$service" '%s' "$port"
  done
  "$BIN/filings" publish samples/ >"$work/publish.log" 2>&1 || { echo "publishing the samples failed" >&2; return 1; }
  timeout 120 "$BIN/filings" subscribe metrics.computed --from-beginning --count 3 --timeout 90 >"$work/metrics.computed.jsonl" 2>"$work/subscribe.log" \
    || { echo "the samples' metric events did not arrive within 90 s" >&2; return 1; }
  local topic count readers=() failed=0
  [ "${PIPELINE_READ_BACK:-1}" = 1 ] || { echo "pipeline: ingest :$PORT_ingest parse :$PORT_parse metrics :$PORT_metrics notify :$PORT_notify (logs in $work)"; return 0; }
  for topic in filings.ingested:3 filings.parsed:3 notifications.delivered:6 notifications.dlq:3; do  # in parallel
    count=${topic#*:} topic=${topic%:*}
    timeout 60 "$BIN/filings" subscribe "$topic" --from-beginning --count "$count" --timeout 30 >"$work/$topic.jsonl" 2>"$work/subscribe-$topic.log" &
    readers+=($!)
  done
  for pid in "${readers[@]}"; do wait "$pid" || failed=1; done
  [ $failed = 0 ] || { echo "not every event arrived within 30 s:" >&2; wc -l "$work"/*.jsonl >&2; return 1; }
  echo "pipeline: ingest :$PORT_ingest parse :$PORT_parse metrics :$PORT_metrics notify :$PORT_notify (logs in $work)"
}
