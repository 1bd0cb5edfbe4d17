#!/usr/bin/env bash
# The event and HTTP contracts. The HTTP APIs against their OpenAPI documents (docs/ingest-api.yaml, metrics-api.yaml,
# notify-api.yaml):
#   1. openapi-spec-validator on each document
#   2. each running service serves its document at /openapi.yaml, byte for byte
#   3. schemathesis against each live service on 127.0.0.1: every check, bounded examples
#      (SCHEMATHESIS_MAX_EXAMPLES, default 30 per operation), zero failures
#   4. docs/asyncapi.yaml (scripts/ci/check-asyncapi.py: the asyncapi3 object model, references,
#      every topic and event type) and the run's events of all five types against docs/schemas
# The services are the debug binaries (`make test` built them), over the dev broker, with the
# samples published first (scripts/ci/pipeline.sh). Python tools go to the venv .build-venv.
set -uo pipefail
cd "$(dirname "$0")/../.."
export PYTHONDONTWRITEBYTECODE=1
VENV=.build-venv
WORK=${API_WORK_DIR:-.build-api-contracts}
MAX_EXAMPLES=${SCHEMATHESIS_MAX_EXAMPLES:-30}

if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV" || { echo "check-api-contracts: python3 -m venv failed (install python3-venv)" >&2; exit 2; }
fi
"$VENV/bin/pip" install -q --disable-pip-version-check openapi-spec-validator schemathesis jsonschema pyyaml asyncapi3 \
  || { echo "check-api-contracts: pip install openapi-spec-validator schemathesis jsonschema pyyaml asyncapi3 failed" >&2; exit 2; }

failed=0
fail() { echo "FAIL $*"; failed=$((failed + 1)); }

echo "== openapi-spec-validator"
for service in ingest metrics notify; do
  "$VENV/bin/openapi-spec-validator" "docs/$service-api.yaml" || fail "docs/$service-api.yaml is not a valid OpenAPI document"
done

echo "== docs/asyncapi.yaml (scripts/ci/check-asyncapi.py)"
"$VENV/bin/python" scripts/ci/check-asyncapi.py || fail "docs/asyncapi.yaml"

. scripts/ci/pipeline.sh
trap pipeline_stop EXIT

pipeline_start "$WORK" || { pipeline_stop; exit 1; }

for service in ingest metrics notify; do
  port_var=PORT_$service
  base=http://127.0.0.1:${!port_var}
  echo "== $service at $base"
  if curl -fsS "$base/openapi.yaml" | cmp -s - "docs/$service-api.yaml"; then
    echo "  /openapi.yaml is docs/$service-api.yaml"
  else
    fail "$service: /openapi.yaml differs from docs/$service-api.yaml (run scripts/gen-openapi-swift.sh)"
  fi
  auth=()
  [ $service = notify ] && auth=(--header "Authorization: Bearer $NOTIFY_API_TOKEN")
  "$VENV/bin/schemathesis" --config-file scripts/ci/schemathesis.toml run "docs/$service-api.yaml" --url "$base" --checks all --max-examples "$MAX_EXAMPLES" \
    --seed 1 --workers 1 --no-color --generation-database none --request-timeout 10 "${auth[@]}" \
    >"$WORK/schemathesis-$service.txt" 2>&1
  status=$?
  tail -n 25 "$WORK/schemathesis-$service.txt" | sed 's/^/  /'
  [ $status -eq 0 ] || fail "$service: schemathesis found failures (full output: $WORK/schemathesis-$service.txt)"
done

echo "== events of the run against docs/schemas (notify's included)"
"$VENV/bin/python" scripts/ci/check-event-schemas.py "$WORK" filings.ingested filings.parsed metrics.computed \
  notifications.delivered notifications.dlq || fail "events do not match docs/schemas"

if [ $failed -gt 0 ]; then
  echo "check-api-contracts: FAIL ($failed)"
  for log in "$WORK"/*.log; do echo "--- last lines of $log"; tail -n 5 "$log"; done
  exit 1
fi
echo "check-api-contracts: PASS"
