#!/usr/bin/env bash
# Fuzzes FilingParser with libFuzzer for SECONDS (default 600): the number reader, the table reader,
# the HTML renderer, the prose reader and the whole parse (see Fuzz/Sources/parser-fuzz).
#
#   scripts/fuzz.sh [SECONDS]        or   make fuzz FUZZ_SECONDS=60
#
# Builds Fuzz/ (only the parser, instrumented) into $FUZZ_SCRATCH (default .build-fuzz), seeds the
# corpus from the fixture filings (scripts/fuzz-corpus.py: FIXTURES_DIR, else ../shared/fixtures/filings), keeps what the fuzzer finds in
# $FUZZ_SCRATCH/corpus for the next run, and prints executions, exec/s, coverage and peak RSS.
# Exits non-zero when libFuzzer reports a crash, a timeout (a hang) or an out-of-memory; the input is
# saved as $FUZZ_SCRATCH/artifacts/{crash,timeout,oom,leak}-<sha1>. Reproduce one with
#   $FUZZ_SCRATCH/release/parser-fuzz <artifact>
#
# A Swift trap prints the Swift runtime's backtrace (file:line of each frame); under ASan it may be
# followed by an "unknown-crash in memserver_read" report: that is the backtracer reading memory,
# not the parser.
#
# Environment: FUZZ_SANITIZE (default fuzzer,address; "fuzzer" alone runs about twice as fast but
# does not check the parser's few unsafe-buffer loops), FUZZ_MAX_LEN (65536), FUZZ_TIMEOUT (seconds
# per input before it counts as a hang, 10), FUZZ_RSS_MB (2048), FUZZ_MALLOC_MB (largest single
# allocation, 1024), FUZZ_SCRATCH, FUZZ_ARGS (more libFuzzer flags).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
scratch=${FUZZ_SCRATCH:-.build-fuzz}
sanitize=${FUZZ_SANITIZE:-fuzzer,address}
max_len=${FUZZ_MAX_LEN:-65536}
swift=${SWIFT:-swift}

start=$SECONDS
$swift build -c release --package-path Fuzz --scratch-path "$scratch" \
  -Xswiftc -sanitize="$sanitize" -Xswiftc -enable-testing
echo "fuzz: build took $((SECONDS - start)) s ($sanitize)"
bin="$scratch/release/parser-fuzz"

seeds="$scratch/seeds"
rm -rf "$seeds"
python3 scripts/fuzz-corpus.py "$seeds" "$max_len"
mkdir -p "$scratch/corpus" "$scratch/artifacts"
log="$scratch/fuzz.log"

# One process, one job (-jobs would fork more). New inputs go to the first directory.
set +e
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=0} \
"$bin" "$scratch/corpus" "$seeds" \
  -max_total_time="$seconds" -max_len="$max_len" -timeout="${FUZZ_TIMEOUT:-10}" \
  -rss_limit_mb="${FUZZ_RSS_MB:-2048}" -malloc_limit_mb="${FUZZ_MALLOC_MB:-1024}" \
  -artifact_prefix="$scratch/artifacts/" -print_final_stats=1 -report_slow_units=2 \
  ${FUZZ_ARGS:-} 2>&1 | tee "$log" | grep -E --line-buffered '^#[0-9]+[[:space:]]+(INITED|DONE|pulse)|ERROR|SUMMARY|Slowest|Test unit written|invariant violated|Fatal error|Swift runtime failure|crashed:| in parser-fuzz at .*/Sources/|stat::'
status=${PIPESTATUS[0]}
set -e

last=$(grep -E '^#[0-9]+[[:space:]]+(INITED|DONE|pulse|NEW|REDUCE)' "$log" | tail -1 || true)
stat() { grep -E "^stat::$1:" "$log" | awk '{print $2}' | tail -1; }
echo "fuzz: ${seconds} s, $(stat number_of_executed_units) executions, $(stat average_exec_per_sec) exec/s," \
  "coverage $(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$last") edges, $(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$last") features," \
  "corpus $(sed -nE 's/.* corp: ([0-9]+\/[0-9]+[a-zA-Z]*).*/\1/p' <<<"$last"), peak RSS $(stat peak_rss_mb) MB"
if [ "$status" -ne 0 ]; then
  echo "fuzz: FAILED (libFuzzer exit $status); artifacts:" >&2
  ls -l "$scratch/artifacts" >&2
  exit 1
fi
echo "fuzz: no crash, hang or out-of-memory"
