#!/usr/bin/env bash
# Installs what test/e2e needs, outside the project (never in package.json), from the npm registry
# and Debian packages only:
#   - Debian: chromium, fonts-wqy-microhei (Chinese in screenshots), ripgrep, and the toolchain and
#     headers code-server's native modules build with;
#   - code-server 4.100.3 (its bundled VS Code server 1.100.3 runs on Node 20), the VS Code the E2E
#     drives, and code-server 4.100.0 = VS Code 1.100.0, the minimum package.json's engines.vscode
#     declares (^1.100.0), which the E2E opens the extension on too;
#   - playwright-core (drives Debian's chromium; never `playwright install`).
# Cached under $POLICY_ASSIST_E2E_CACHE (default ~/.cache/policy-assist-e2e) in folders named by
# version (and Node ABI, for the native modules) with a .complete marker written last, so a second
# run only checks markers and dpkg: no network. apt-get update runs once, only if a package is missing.
set -euo pipefail
CACHE="${POLICY_ASSIST_E2E_CACHE:-$HOME/.cache/policy-assist-e2e}"
CS_VERSION=4.100.3
CS_MIN_VERSION=4.100.0
PW_VERSION=1.65.1
# @vscode/ripgrep in both code-servers: its lib/postinstall.js downloads rg from GitHub unless
# $TMPDIR/vscode-ripgrep-cache-<version>/ripgrep-<tag>-<target>.tar.gz exists.
RG_PKG=1.15.11
RG_TAG=v13.0.0-10
DEBS=(build-essential pkg-config python3 libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev ripgrep chromium fonts-wqy-microhei)

# `setup.sh --list-debs`: print the Debian packages (.ci/run installs them with its own in one go).
if [ "${1:-}" = --list-debs ]; then
  echo "${DEBS[*]}"
  exit 0
fi

NODE_ABI="$(node -p process.versions.modules)"
CS_DIR="$CACHE/code-server-$CS_VERSION-node$NODE_ABI"
CS_MIN_DIR="$CACHE/code-server-$CS_MIN_VERSION-node$NODE_ABI"
PW_DIR="$CACHE/playwright-core-$PW_VERSION"
say() { echo "e2e setup: $*"; }
mkdir -p "$CACHE"

# 1. Debian packages (checked every run, installed only when missing).
missing=()
for p in "${DEBS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  say "installing Debian packages: ${missing[*]}"
  SUDO=
  [ "$(id -u)" = 0 ] || SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  # One `apt-get update` before installing, skipped when the package lists are fresh (e.g. .ci/run
  # just updated them for the build toolchain).
  if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -newermt '-2 hours' 2>/dev/null | head -1)" ]; then
    $SUDO apt-get update -qq
  fi
  $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# node-gyp needs Node's headers and cannot download them here: use the ones next to this node.
NODE_PREFIX="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")"
if [ -z "${npm_config_nodedir:-}" ] && [ -f "$NODE_PREFIX/include/node/node.h" ]; then
  export npm_config_nodedir="$NODE_PREFIX"
fi

# 2. code-server. Installed with --ignore-scripts, then its postinstall is run by hand: it runs
# `npm install` in lib/vscode, whose package.json gets an allowScripts for the native modules the
# server needs (npm 11 reads allowScripts from the project that installs, not from ours).
install_code_server() { # VERSION DIR
  local version="$1" dir="$2"
  [ -f "$dir/.complete" ] && return 0
  say "installing code-server $version into $dir (about a minute)"
  local t="${TMPDIR:-/tmp}/vscode-ripgrep-cache-$RG_PKG" rgtmp
  mkdir -p "$t"
  rgtmp="$(mktemp -d)"
  cp "$(command -v rg)" "$rgtmp/rg"
  tar czf "$t/ripgrep-$RG_TAG-x86_64-unknown-linux-musl.tar.gz" -C "$rgtmp" rg
  rm -rf "$rgtmp" "$dir.partial"
  mkdir -p "$dir.partial"
  cd "$dir.partial"
  echo '{"name":"policy-assist-e2e-code-server","private":true}' > package.json
  npm install "code-server@$version" --ignore-scripts --no-audit --no-fund --loglevel=error
  cd node_modules/code-server
  node -e '
    const fs = require("fs");
    const f = "lib/vscode/package.json";
    const p = JSON.parse(fs.readFileSync(f, "utf8"));
    p.allowScripts = {
      "@parcel/watcher": true, "@vscode/deviceid": true, "@vscode/ripgrep": true, "@vscode/spdlog": true,
      "kerberos": true, "native-watchdog": true, "node-pty": true,
      "@vscode/windows-process-tree": false, "@vscode/windows-registry": false, "@vscode/windows-ca-certs": false,
    };
    fs.writeFileSync(f, JSON.stringify(p, null, 2));'
  # postinstall.sh reads the Node major from the user agent and insists on unsafe-perm as root;
  # node-pty runs `npx node-gyp` (yes=true: no prompt without stdin).
  npm_config_user_agent="npm/$(npm --version 2>/dev/null) node/$(node --version) linux x64" \
    npm_config_unsafe_perm=true npm_config_yes=true sh ./postinstall.sh
  local f
  for f in lib/vscode/out/server-main.js lib/vscode/product.json lib/vscode/node_modules/@vscode/ripgrep/bin/rg \
    lib/vscode/node_modules/node-pty/build/Release/pty.node lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node; do
    [ -e "$f" ] || { echo "e2e setup: code-server $version install is incomplete: $f is missing" >&2; exit 1; }
  done
  cd "$CACHE"
  touch "$dir.partial/.complete"
  rm -rf "$dir"
  mv "$dir.partial" "$dir"
}
install_code_server "$CS_VERSION" "$CS_DIR"
install_code_server "$CS_MIN_VERSION" "$CS_MIN_DIR"

# 3. playwright-core (no install scripts, no browser download).
if [ ! -f "$PW_DIR/.complete" ]; then
  say "installing playwright-core $PW_VERSION into $PW_DIR"
  rm -rf "$PW_DIR.partial"
  mkdir -p "$PW_DIR.partial"
  cd "$PW_DIR.partial"
  echo '{"name":"policy-assist-e2e-playwright","private":true}' > package.json
  npm install "playwright-core@$PW_VERSION" --ignore-scripts --no-audit --no-fund --loglevel=error
  cd "$CACHE"
  touch "$PW_DIR.partial/.complete"
  rm -rf "$PW_DIR"
  mv "$PW_DIR.partial" "$PW_DIR"
fi

# Older versions' folders (and the unversioned ones of the first setup) are never used again.
for d in "$CACHE"/code-server* "$CACHE"/playwright-core-* "$CACHE"/pw; do
  [ -e "$d" ] || continue
  case "$d" in "$CS_DIR" | "$CS_MIN_DIR" | "$PW_DIR") ;; *) say "removing stale $d"; rm -rf "$d" ;; esac
done

# What run.js and server.js read.
printf '{"codeServer":"%s","codeServerDir":"%s","codeServerMin":"%s","codeServerMinDir":"%s","playwrightCore":"%s","playwrightDir":"%s"}\n' \
  "$CS_VERSION" "$CS_DIR/node_modules/code-server" "$CS_MIN_VERSION" "$CS_MIN_DIR/node_modules/code-server" \
  "$PW_VERSION" "$PW_DIR/node_modules/playwright-core" > "$CACHE/tools.json"
say "ready: code-server $CS_VERSION and $CS_MIN_VERSION, playwright-core $PW_VERSION, $(chromium --version 2>/dev/null | tail -1) (cache $CACHE)"
