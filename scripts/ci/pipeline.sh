# Sourced by CI scripts that need the live services: starts the dev broker and the four
# services as separate processes on 127.0.0.1 (as scripts/demo.sh does), publishes the samples
# and waits for their three metric events, so every API has data to answer with.
#   pipeline_start WORK_DIR   sets BIN, KAFKA_BOOTSTRAP_SERVERS and PORT_<service>; returns 1 on failure
#   pipeline_stop             SIGTERM to every process started (services first), SIGKILL after 10 s
# Environment passed on to the services: NOTIFY_API_TOKEN (default ci-token).
pipeline_pids=()

pipeline_stop() {
  local group
  for group in services broker; do
    local pids=()
    if [ $group = services ]; then pids=("${pipeline_pids[@]:1}"); else pids=("${pipeline_pids[@]:0:1}"); fi
    [ ${#pids[@]} -gt 0 ] || continue
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
    for _ in $(seq 1 100); do
      local alive=0
      for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
      [ $alive -eq 0 ] && break
      sleep 0.1
    done
    for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null; done
  done
  pipeline_pids=()
}

pipeline_start() {
  local work=$1 service
  rm -rf "$work"; mkdir -p "$work"  # fresh stores: old ones would take the samples as duplicates
  BIN=${BIN:-$(swift build --show-bin-path)}
  export FILINGS_DEV_BROKER_FILE="$work/dev-broker" HTTP_HOST=127.0.0.1 LOG_LEVEL=${LOG_LEVEL:-info}
  export NOTIFY_API_TOKEN=${NOTIFY_API_TOKEN:-ci-token}
  rm -f "$FILINGS_DEV_BROKER_FILE"
  "$BIN/filings" dev-broker >"$work/dev-broker.out" 2>"$work/dev-broker.log" &
  pipeline_pids+=($!)
  for _ in $(seq 1 100); do [ -s "$FILINGS_DEV_BROKER_FILE" ] && break; sleep 0.1; done
  [ -s "$FILINGS_DEV_BROKER_FILE" ] || { echo "the dev broker did not start" >&2; return 1; }
  export KAFKA_BOOTSTRAP_SERVERS=$(cat "$FILINGS_DEV_BROKER_FILE")
  for service in ingest parse metrics notify; do
    STORE_PATH="$work/$service.sqlite" HTTP_PORT=0 "$BIN/$service" 2>"$work/$service.log" &
    pipeline_pids+=($!)
  done
  for service in ingest parse metrics notify; do
    local port=""
    for _ in $(seq 1 100); do
      port=$(grep -m1 'HTTP listening' "$work/$service.log" | grep -o 'port=[0-9]*' | cut -d= -f2)
      [ -n "$port" ] && break
      sleep 0.1
    done
    [ -n "$port" ] || { echo "$service did not listen; last lines of its log:" >&2; tail -n 15 "$work/$service.log" >&2; return 1; }
    printf -v "PORT_$service" '%s' "$port"
  done
  "$BIN/filings" publish samples/ >"$work/publish.log" 2>&1 || { echo "publishing the samples failed" >&2; return 1; }
  "$BIN/filings" subscribe metrics.computed --from-beginning --count 3 --timeout 60 >"$work/metrics.computed.jsonl" 2>"$work/subscribe.log" \
    || { echo "the samples' metric events did not arrive within 60 s" >&2; return 1; }
  echo "pipeline: ingest :$PORT_ingest parse :$PORT_parse metrics :$PORT_metrics notify :$PORT_notify (logs in $work)"
}
