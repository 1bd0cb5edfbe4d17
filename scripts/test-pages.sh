#!/usr/bin/env bash
# The metrics service's pages in a real browser: runs the demo pipeline on samples/ (DEMO_KEEP=1),
# loads the company list, the company page and each filing page with headless Chromium (Debian's
# `chromium`, installed if missing), checks the rendered DOM for the charts and the samples'
# figures, and writes a screenshot of each page to $PAGES_OUT (default .build-pages/).
# Only 127.0.0.1 is contacted. Ends with "N passed, N failed"; exit 1 if any check failed.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=${PAGES_OUT:-.build-pages}
TIMEOUT=${DEMO_TIMEOUT_SECONDS:-120}

if ! command -v chromium >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq chromium fonts-dejavu-core >/dev/null || { echo "could not install chromium" >&2; exit 1; }
fi

rm -rf "$OUT"
mkdir -p "$OUT"
DEMO_KEEP=1 DEMO_WORK_DIR="$OUT/demo" DEMO_TIMEOUT_SECONDS=$TIMEOUT bash scripts/demo.sh >"$OUT/demo.out" 2>&1 &
demo=$!
trap 'kill -TERM $demo 2>/dev/null; wait $demo 2>/dev/null' EXIT

for _ in $(seq 1 $(( (TIMEOUT + 60) * 10 ))); do
  [ -s "$OUT/demo/pages-url" ] && break
  kill -0 $demo 2>/dev/null || break
  sleep 0.1
done
if [ ! -s "$OUT/demo/pages-url" ]; then
  echo "the demo pipeline did not come up:" >&2
  tail -n 30 "$OUT/demo.out" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
BASE=$(cat "$OUT/demo/pages-url")
BASE=${BASE%/}
case "$BASE" in http://127.0.0.1:*) ;; *) echo "refusing a non-loopback address: $BASE" >&2; exit 1 ;; esac
echo "pages at $BASE/"

# No traffic beyond 127.0.0.1: every other host name resolves to nothing, background services off.
browser() {
  chromium --headless --no-sandbox --disable-gpu --user-data-dir="$OUT/chromium-profile" \
    --host-resolver-rules="MAP * ~NOTFOUND, EXCLUDE 127.0.0.1" --disable-background-networking \
    --disable-component-update --disable-sync --disable-default-apps --disable-extensions --disable-breakpad \
    --no-first-run --no-default-browser-check --disable-domain-reliability --metrics-recording-only \
    --hide-scrollbars --force-device-scale-factor=1 "$@" 2>>"$OUT/chromium.log"
}

passed=0
failed=0
check() { # file, what, fixed string
  if grep -qF -- "$3" "$1"; then passed=$((passed + 1))
  else failed=$((failed + 1)); echo "FAILED: $2: '$3' not in $(basename "$1")"; fi
}
count() { # file, what, fixed string, expected count
  local n
  n=$(grep -oF -- "$3" "$1" | wc -l)
  if [ "$n" -eq "$4" ]; then passed=$((passed + 1))
  else failed=$((failed + 1)); echo "FAILED: $2: '$3' $n times in $(basename "$1"), expected $4"; fi
}
# name, path, window height: the DOM after rendering, and a screenshot.
load() {
  browser --dump-dom "$BASE$2" >"$OUT/$1.html"
  browser --screenshot="$OUT/$1.png" --window-size=1280,"$3" "$BASE$2" >/dev/null
  [ -s "$OUT/$1.png" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAILED: no screenshot of $2"; }
}

load companies / 720
f="$OUT/companies.html"
check "$f" "company list" ">Performance Technologies, Incorporated<"
check "$f" "company list" "Three months ended December 31, 2003"
check "$f" "company list: Q4 2003 sales" '$13,257,000'
check "$f" "company list: Q4 2003 net income" '$1,134,000'
check "$f" "company list: Q4 2003 diluted EPS" '$0.09'
check "$f" "company list: Q4 revenue growth" "+32.1%"
check "$f" "company list: EPS beat guidance" 'reported $0.09">EPS above<'

load company /companies/file-0-27460 2900
f="$OUT/company.html"
check "$f" "revenue chart" '<svg class="chart bars revenue"'
check "$f" "net income chart" '<svg class="chart bars net_income"'
check "$f" "growth strip" '<svg class="chart growth revenue_growth_yoy"'
check "$f" "margin chart" '<path class="line gross-margin"'
check "$f" "margin chart" '<path class="line operating-margin"'
check "$f" "derived Q1 2003 bar" '<rect class="bar derived" data-period="2003-01-01..2003-03-31"'
count "$f" "EPS guidance bands (Q3, Q4 2003)" 'class="guidance-band"' 2
check "$f" "Q3 EPS within guidance" '<circle class="eps-point within"'
check "$f" "Q4 EPS above guidance" '<path class="eps-point above"'
for figure in '$12,636,000' '$13,060,000' '$13,257,000' '$704,000' '$955,000' '$1,134,000' '$(1,191,000)' '$0.06' '$0.07'; do
  check "$f" "company page figure" "$figure"
done
check "$f" "CSV link" 'href="/companies/file-0-27460/metrics?format=csv"'
count "$f" "filing links" 'href="/filings/' 3

index=0
for link in $(grep -oE 'href="/filings/[^"]+"' "$f" | sed 's/^href="//; s/"$//' | sort -u); do
  index=$((index + 1))
  load "filing-$index" "$link" 3400
done
filings=$(grep -lF 'Three months ended September 30, 2003</dd>' "$OUT"/filing-*.html | head -n 1)
if [ -n "$filings" ]; then
  check "$filings" "October filing" "Income statement"
  check "$filings" "October filing: Q3 sales" '$13,060,000'
  check "$filings" "October filing: nine months' sales" '$36,735,000'
  check "$filings" "October filing: Q4 revenue guidance" '$12,000,000 to $13,000,000'
  check "$filings" "October filing: Q4 EPS guidance" '$0.05 to $0.08'
  check "$filings" "October filing" '<h2>Checks</h2>'
else
  failed=$((failed + 1)); echo "FAILED: no filing page for the quarter ended September 30, 2003"
fi

echo "screenshots and DOMs in $OUT/"
echo "pages: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
