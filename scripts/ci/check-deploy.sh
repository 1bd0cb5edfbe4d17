#!/usr/bin/env bash
# Checks of the deployment files, without Docker or a Kubernetes cluster (`make check-deploy`):
#   1. docker-compose.yml validates against the Compose Specification schema; every service has an
#      image or a Dockerfile stage that exists
#   2. each kustomize overlay of deploy/k8s renders; every object passes its schema (Kubernetes:
#      kubernetes-validate; Strimzi KafkaTopic: deploy/schemas/kafkatopic.schema.json)
#   3. deploy/Dockerfile's runtime packages cover every library `ldd` reports for the release binaries
#   4. the services, the compose file, the manifests and the README use the same variable names
# Python tools go to a venv in .build-venv. Environment:
#   CHECK_LDD=1       build the release binaries first (swift build -c release --static-swift-stdlib
#                     --scratch-path .build-release); default 1 when CI=true, else 0. With 0, check 3
#                     uses binaries already in .build-release (or RELEASE_BIN_DIR) and is skipped
#                     when there are none.
#   RELEASE_BIN_DIR   where the release binaries are (default .build-release/release)
#   K8S_VERSION       Kubernetes version of the schemas (default 1.32)
#   KUSTOMIZE=none    do not render with kubectl/kustomize even if installed (the YAML-parse fallback)
set -uo pipefail
cd "$(dirname "$0")/../.."

VENV=.build-venv
export PYTHONDONTWRITEBYTECODE=1  # no __pycache__ in scripts/ci
SWIFT=${SWIFT:-swift}
if [ "${CI:-}" = "true" ]; then CHECK_LDD=${CHECK_LDD:-1}; else CHECK_LDD=${CHECK_LDD:-0}; fi

if [ ! -x "$VENV/bin/python" ]; then
  if ! python3 -m venv "$VENV" >/dev/null 2>&1; then
    # Debian's python3 needs python3-venv for `python3 -m venv`.
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      rm -rf "$VENV"
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
      python3 -m venv "$VENV" || { echo "check-deploy: cannot create $VENV" >&2; exit 2; }
    else
      echo "check-deploy: python3 -m venv failed (install python3-venv)" >&2; exit 2
    fi
  fi
fi
if ! "$VENV/bin/pip" install -q --disable-pip-version-check jsonschema pyyaml kubernetes-validate; then
  echo "check-deploy: pip install jsonschema pyyaml kubernetes-validate failed" >&2
  exit 2
fi
PY="$VENV/bin/python"

failed=0
results=()
record() { # name rc
  if [ "$2" -eq 0 ]; then results+=("PASS $1"); else results+=("FAIL $1"); failed=$((failed + 1)); fi
}

echo "== check 1: docker-compose.yml"
"$PY" scripts/ci/check-compose.py; record "check 1 (compose)" $?

echo "== check 2: deploy/k8s"
if command -v kubectl >/dev/null || command -v kustomize >/dev/null; then :; else
  echo "  (kubectl not found: falling back to parsing the YAML files)"
fi
"$PY" scripts/ci/check-k8s.py; record "check 2 (kubernetes manifests)" $?

echo "== check 3: runtime libraries"
BIN_DIR=${RELEASE_BIN_DIR:-.build-release/release}
build_ok=1
if [ "$CHECK_LDD" = "1" ]; then
  echo "  building release binaries: $SWIFT build -c release --static-swift-stdlib --scratch-path .build-release"
  mkdir -p .build-release
  log=.build-release/check-deploy-build.log
  start=$SECONDS
  if "$SWIFT" build -c release --static-swift-stdlib --scratch-path .build-release >"$log" 2>&1; then
    echo "  release build took $((SECONDS - start)) s"
    BIN_DIR=${RELEASE_BIN_DIR:-$("$SWIFT" build -c release --static-swift-stdlib --scratch-path .build-release --show-bin-path)}
  else
    build_ok=0
    echo "  release build FAILED after $((SECONDS - start)) s; last lines of $log:"
    tail -n 20 "$log" | sed 's/^/    /'
  fi
fi
if [ $build_ok = 0 ]; then
  echo "FAIL check 3 (runtime image packages cover \`ldd\` of the release binaries): no release build"
  record "check 3 (runtime libraries)" 1
elif [ "$CHECK_LDD" = "1" ] || [ -x "$BIN_DIR/ingest" ]; then
  RELEASE_BIN_DIR="$BIN_DIR" "$PY" scripts/ci/check-runtime-libs.py; record "check 3 (runtime libraries)" $?
else
  echo "SKIP check 3: no release binaries in $BIN_DIR (CHECK_LDD=1 builds them)"
  results+=("SKIP check 3 (runtime libraries)")
fi

echo "== check 4: environment variable names"
"$PY" scripts/ci/check-env-names.py; record "check 4 (environment names)" $?

echo "== check-deploy summary"
printf '  %s\n' "${results[@]}"
if [ $failed -gt 0 ]; then
  echo "check-deploy: FAIL ($failed of 4 checks failed)"
  exit 1
fi
echo "check-deploy: PASS"
