#!/usr/bin/env bash
# Runs every test layer: unit, conformance, lsp, docker, host, ui (in that order), after type checking,
# linting and building. Starts the Docker/registry test environment and the VS Code host when
# they are missing, and always stops what it started. Each layer prints a closing
# "<layer>: N passed, N failed, N skipped" line; they are repeated together at the end.
#
# Usage: bash scripts/test.sh [layer ...]     (default: every layer)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

layers=("$@")
if [ ${#layers[@]} -eq 0 ]; then
  layers=(unit conformance lsp docker host ui)
fi
wants() {
  local layer
  for layer in "${layers[@]}"; do [ "$layer" = "$1" ] && return 0; done
  return 1
}

step() { printf '\n== %s\n' "$*"; }

# npm 11 warns about the machine-wide `nodedir` setting on every call; it is harmless noise.
npm_quiet() { npm "$@" 2> >(grep -v 'Unknown user config "nodedir"' >&2); }

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "installing npm dependencies"
  npm_quiet ci --no-audit --no-fund
fi

step "type check, lint, format"
npm_quiet run --silent typecheck
npm_quiet run --silent lint
npm_quiet run --silent format:check

step "build"
node esbuild.mjs
node test/build.mjs "${layers[@]}"
if wants ui; then
  npm_quiet run --silent package
fi

env_started=""
cleanup() {
  if [ -n "$env_started" ]; then
    step "stopping the test environment"
    bash scripts/env.sh stop || true
  fi
}
trap cleanup EXIT

if wants docker || wants host || wants ui; then
  if [ -z "${DOCKWRIGHT_TEST_DOCKER_HOST:-}" ]; then
    step "starting the Docker engine and registries"
    env_started=1
    bash scripts/env.sh start
    # shellcheck disable=SC1091
    source "${DOCKWRIGHT_ENV_DIR:-/tmp/dockwright-env}/env.sh"
  fi
fi
if wants host || wants ui; then
  step "installing the VS Code host (skipped when present)"
  bash scripts/host/install.sh
fi

summary=()
failed=0
run_layer() {
  local layer="$1" log
  step "layer: $layer"
  log="$(mktemp)"
  set +e
  if [ "$layer" = host ]; then
    node test/host/runHost.mjs 2>&1 | tee "$log"
  else
    node test/runLayer.mjs "$layer" 2>&1 | tee "$log"
  fi
  local status=${PIPESTATUS[0]}
  set -e
  local line
  line="$(grep -E "^$layer: [0-9]+ passed" "$log" | tail -n 1 || true)"
  summary+=("${line:-$layer: no result (exit $status)}")
  [ "$status" -eq 0 ] && [ -n "$line" ] || failed=1
  rm -f "$log"
}

for layer in "${layers[@]}"; do
  run_layer "$layer"
done

step "summary"
printf '%s\n' "${summary[@]}"
exit "$failed"
