#!/usr/bin/env bash
# Observability checks (promtool comes from Debian's `prometheus` package, installed when missing):
#   1. promtool check rules and promtool test rules on deploy/monitoring/alerts.yml
#   2. promtool check metrics on the /metrics of each of the four running services (HELP and TYPE
#      on every metric), after the samples went through the pipeline (scripts/ci/pipeline.sh)
#   3. every metric the Grafana dashboard and the alert rules query is exposed
#      (scripts/ci/check-monitoring-names.py)
# Uses the debug binaries (`make test` built them) and the venv .build-venv (pyyaml).
set -uo pipefail
cd "$(dirname "$0")/../.."
export PYTHONDONTWRITEBYTECODE=1
VENV=.build-venv
WORK=${OBSERVABILITY_WORK_DIR:-.build-observability}

if ! command -v promtool >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null \
      || { echo "check-observability: apt-get install prometheus failed" >&2; exit 2; }
  else
    echo "check-observability: promtool not found (apt-get install prometheus)" >&2; exit 2
  fi
fi
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV" || { echo "check-observability: python3 -m venv failed (install python3-venv)" >&2; exit 2; }
fi
"$VENV/bin/pip" install -q --disable-pip-version-check pyyaml || { echo "check-observability: pip install pyyaml failed" >&2; exit 2; }

failed=0
fail() { echo "FAIL $*"; failed=$((failed + 1)); }

echo "== promtool check rules / test rules"
promtool check rules deploy/monitoring/alerts.yml || fail "promtool check rules deploy/monitoring/alerts.yml"
(cd deploy/monitoring && promtool test rules alerts.test.yml) || fail "promtool test rules deploy/monitoring/alerts.test.yml"

. scripts/ci/pipeline.sh
trap pipeline_stop EXIT
pipeline_start "$WORK" || { pipeline_stop; exit 1; }
scraped=()
for service in ingest parse metrics notify; do
  port_var=PORT_$service
  echo "== promtool check metrics: $service"
  curl -fsS "http://127.0.0.1:${!port_var}/metrics" >"$WORK/$service.prom" || { fail "$service: GET /metrics failed"; continue; }
  scraped+=("$WORK/$service.prom")
  if promtool check metrics <"$WORK/$service.prom"; then
    echo "  $(grep -c '^# TYPE' "$WORK/$service.prom") metric families, clean"
  else
    fail "$service: promtool check metrics"
  fi
done

echo "== dashboard and alert queries"
"$VENV/bin/python" scripts/ci/check-monitoring-names.py "${scraped[@]}" || fail "deploy/monitoring queries a metric no service exposes"

if [ $failed -gt 0 ]; then echo "check-observability: FAIL ($failed)"; exit 1; fi
echo "check-observability: PASS"
