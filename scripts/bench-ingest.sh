#!/bin/sh
# Benchmark of the ingest path (bytes in to filings.ingested event in the outbox), median of
# INGEST_BENCHMARK_RUNS runs (default 9) per fixture. Debug build unless CONFIG=release.
set -e
cd "$(dirname "$0")/.."
SCRATCH=${SCRATCH:-.build-ingest}
CONFIG=${CONFIG:-debug}
swift build --build-tests -c "$CONFIG" --scratch-path "$SCRATCH"
INGEST_BENCHMARK=1 swift test --skip-build -c "$CONFIG" --scratch-path "$SCRATCH" --filter IngestBenchmark 2>&1 \
  | sed -n '/INGEST BENCHMARK/,/filings\/s/p'
