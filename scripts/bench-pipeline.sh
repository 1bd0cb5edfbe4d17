#!/usr/bin/env bash
# bench-pipeline.sh N [--companies K]: the whole pipeline's throughput and latency on this machine.
#
# Starts the dev broker and the four release executables (build them first: swift build -c release),
# publishes N distinct filings (copies of the fixture filings, each with its own accession number and
# CIK; with --companies K they belong to K companies) as fast as the broker takes them, and waits for
# every filing's metric event. Then publishes BENCH_LATENCY_FILINGS more (default 200) at
# BENCH_LATENCY_RATE filings/s (default 20) and measures publish -> metric event for each.
# Prints the machine load, the rates, CPU per filing of each service and of the dev broker (user +
# system, from /proc) and the time their threads waited for a core (cores the limit),
# and as its last line:
#   pipeline: N filings, E filings/s end to end, P filings/s published, p50 L50 ms, p99 L99 ms
# End to end: N / (last metric event - first send). Everything runs on 127.0.0.1 and in a temp dir.
# BENCH_BIN overrides the executables' folder; BENCH_KEEP=1 keeps the temp dir (stores, logs, events).
set -uo pipefail
. "$(dirname "$0")/service-port.sh"
cd "$(dirname "$0")/.."

usage() { echo "usage: $0 N [--companies K]" >&2; exit 2; }
[ $# -ge 1 ] && [[ $1 =~ ^[1-9][0-9]*$ ]] || usage
N=$1; shift
COMPANIES=0
while [ $# -gt 0 ]; do
  case $1 in
    --companies) [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || usage; COMPANIES=$2; shift 2 ;;
    *) usage ;;
  esac
done
LATENCY_FILINGS=${BENCH_LATENCY_FILINGS:-200}
LATENCY_RATE=${BENCH_LATENCY_RATE:-20}
BIN=${BENCH_BIN:-$(swift build -c release --show-bin-path)}
HELPER="python3 scripts/bench-pipeline.py"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench-pipeline.XXXXXX")
export FILINGS_DEV_BROKER_FILE="$WORK/dev-broker"
export LOG_LEVEL=${LOG_LEVEL:-info}
SERVICES=(ingest parse metrics notify)
pids=()

for executable in filings "${SERVICES[@]}"; do
  [ -x "$BIN/$executable" ] || { echo "no $BIN/$executable: run swift build -c release first" >&2; exit 1; }
done

# SIGTERM to the services, then the broker; SIGKILL whatever is left after 10 s.
stop_all() {
  for pid in "${pids[@]:1}" "${pids[0]:-}"; do
    [ -n "$pid" ] || continue
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null
  done
  if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap stop_all EXIT
trap 'exit 130' INT TERM

fail() {
  echo "bench-pipeline FAILED: $*" >&2
  for log in "$WORK"/*.log; do [ -f "$log" ] && { echo "--- last lines of $(basename "$log")" >&2; tail -n 5 "$log" >&2; }; done
  exit 1
}

# Filings: 3 to warm up (consumer groups joined, connections open), N to measure throughput, then
# the latency set; accession numbers and CIKs never repeat across the three.
WARMUP=3
$HELPER generate "$WORK/warmup" $WARMUP 0 0 || fail "could not generate filings"
$HELPER generate "$WORK/throughput" "$N" $WARMUP "$COMPANIES"
$HELPER generate "$WORK/latency" "$LATENCY_FILINGS" $((WARMUP + N)) "$COMPANIES"

"$BIN/filings" dev-broker --port 0 >"$WORK/dev-broker.out" 2>"$WORK/dev-broker.log" &
pids+=($!)
for _ in $(seq 1 100); do [ -s "$FILINGS_DEV_BROKER_FILE" ] && break; sleep 0.1; done
[ -s "$FILINGS_DEV_BROKER_FILE" ] || fail "the dev broker did not start"
export KAFKA_BOOTSTRAP_SERVERS=$(cat "$FILINGS_DEV_BROKER_FILE")

for service in "${SERVICES[@]}"; do
  STORE_PATH="$WORK/$service.sqlite" HTTP_PORT=0 HTTP_HOST=127.0.0.1 \
    "$BIN/$service" 2>"$WORK/$service.log" &
  pids+=($!)
done
port=$(service_port "$WORK/metrics.log") || fail "the metrics service did not report its HTTP port"

"$BIN/filings" publish "$WORK/warmup" >/dev/null || fail "publishing the warm-up filings failed"
$HELPER wait "$port" $WARMUP 120 >/dev/null || fail "the warm-up filings did not come through"

# Throughput: CPU of each service before and after, everything published at once.
echo "machine load at the start (1, 5, 15 min): $(cut -d' ' -f1-3 /proc/loadavg)"
read -r -a cpu_before <<<"$($HELPER cpu "${pids[@]}" | tr '\n' ' ')"
read -r -a waited_before <<<"$($HELPER runqueue "${pids[@]}" | tr '\n' ' ')"
publish_line=$("$BIN/filings" publish --batch 100 --timings "$WORK/throughput.tsv" "$WORK/throughput") \
  || fail "publishing failed: $publish_line"
events=$($HELPER wait "$port" $((WARMUP + N)) 1200) || fail "not every filing came through"
read -r -a cpu_after <<<"$($HELPER cpu "${pids[@]}" | tr '\n' ' ')"
read -r -a waited_after <<<"$($HELPER runqueue "${pids[@]}" | tr '\n' ' ')"
"$BIN/filings" subscribe metrics.computed --from-beginning --count "$events" --timeout 120 >"$WORK/events.jsonl" \
  2>"$WORK/subscribe.log" || fail "could not read back the metric events"
published_rate=$(sed -n 's/.*(\([0-9.]*\) filings\/s).*/\1/p' <<<"$publish_line")
end_to_end=$($HELPER rate "$WORK/throughput.tsv" "$WORK/events.jsonl") || fail "missing metric events"
echo "throughput: $N filings$([ "$COMPANIES" -gt 0 ] && echo " of $COMPANIES companies"); published at $published_rate filings/s, $end_to_end filings/s end to end"
stages="" waits=""
CPU_NAMES=(dev-broker "${SERVICES[@]}")  # the order of pids
for i in 1 2 3 4 0; do
  stages+=$(python3 -c "print(f' ${CPU_NAMES[$i]} {(${cpu_after[$i]} - ${cpu_before[$i]}) * 1000 / $N:.2f}')")
  waits+=$(python3 -c "print(f' ${CPU_NAMES[$i]} {max(0, ${waited_after[$i]} - ${waited_before[$i]}) * 1000 / $N:.2f}')")
done
echo "CPU per filing (ms):$stages"
# Time runnable but not running, summed over each process's threads: large next to the CPU figures,
# the cores were the limit (the five processes' own threads, or other work on the host).
echo "waiting for a core per filing (ms):$waits"

# Latency at a fixed, lower rate.
"$BIN/filings" publish --rate "$LATENCY_RATE" --timings "$WORK/latency.tsv" "$WORK/latency" >/dev/null \
  || fail "publishing the latency filings failed"
events=$($HELPER wait "$port" $((WARMUP + N + LATENCY_FILINGS)) 600) || fail "not every latency filing came through"
"$BIN/filings" subscribe metrics.computed --from-beginning --count "$events" --timeout 120 >"$WORK/events.jsonl" \
  2>"$WORK/subscribe.log" || fail "could not read back the metric events"
read -r p50 p99 <<<"$($HELPER latency "$WORK/latency.tsv" "$WORK/events.jsonl")" || fail "missing metric events"
echo "latency at $LATENCY_RATE filings/s ($LATENCY_FILINGS filings): p50 $p50 ms, p99 $p99 ms"
echo "pipeline: $N filings, $end_to_end filings/s end to end, $published_rate filings/s published, p50 $p50 ms, p99 $p99 ms"
