#!/usr/bin/env bash
# Builds Dockwright and opens it in a sandboxed VS Code in the browser, connected to the Docker
# daemon you already use (DOCKER_HOST, or the default socket).
# Usage: bash scripts/start.sh [folder]     (npm start -- [folder]; default: the current folder)
# Environment: DOCKWRIGHT_PORT (default 8080), DOCKWRIGHT_SANDBOX_DIR (default
# ~/.cache/dockwright/sandbox), DOCKWRIGHT_HOST_DIR (where install.sh puts Node 24 and code-server).
set -euo pipefail

# npm start runs in the repository; INIT_CWD is where the person typed it.
here="${INIT_CWD:-$PWD}"
folder="${1:-$here}"
case "$folder" in
  /*) ;;
  *) folder="$here/$folder" ;;
esac
if [ ! -d "$folder" ]; then
  echo "start: $folder is not a folder" >&2
  exit 2
fi

cd "$(dirname "$(readlink -f "$0")")/.."
[ -d node_modules ] || npm ci
node24="$(bash scripts/host/install.sh | sed -n 's/^node24: //p')"
npm run package

exec "$node24" --disable-warning=MODULE_TYPELESS_PACKAGE_JSON scripts/host/serve.mts \
  --vsix dist/dockwright.vsix \
  --sandbox "${DOCKWRIGHT_SANDBOX_DIR:-$HOME/.cache/dockwright/sandbox}" \
  --port "${DOCKWRIGHT_PORT:-8080}" \
  "$folder"
