#!/usr/bin/env bash
# Installs what test/e2e needs, outside the project (not in package.json): Debian's chromium and
# CJK fonts, the build deps of code-server's native modules, code-server 4.100.3 (VS Code 1.100.3,
# runs on Node 20) and playwright-core, under ~/.cache/policy-assist-e2e. Idempotent (marker files).
set -euo pipefail
CACHE="${POLICY_ASSIST_E2E_CACHE:-$HOME/.cache/policy-assist-e2e}"
CS_VERSION=4.100.3
mkdir -p "$CACHE"

if ! command -v chromium >/dev/null || ! command -v rg >/dev/null || ! dpkg -s libkrb5-dev fonts-wqy-microhei >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq build-essential pkg-config python3 libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev ripgrep chromium fonts-wqy-microhei >/dev/null
fi

if [ ! -f "$CACHE/code-server/.installed-$CS_VERSION" ]; then
  mkdir -p "$CACHE/code-server"
  cd "$CACHE/code-server"
  [ -f package.json ] || echo '{"name":"policy-assist-e2e-code-server","private":true}' > package.json
  # @vscode/ripgrep downloads rg from GitHub in postinstall unless a cached archive exists: give it
  # Debian's rg (version and tag from its lib/postinstall.js).
  RG_PKG=1.15.11
  RG_TAG=v13.0.0-10
  T="${TMPDIR:-/tmp}/vscode-ripgrep-cache-$RG_PKG"
  mkdir -p "$T" /tmp/pa-rg && cp "$(command -v rg)" /tmp/pa-rg/rg
  tar czf "$T/ripgrep-$RG_TAG-x86_64-unknown-linux-musl.tar.gz" -C /tmp/pa-rg rg
  npm_config_yes=true npm_config_unsafe_perm=true npm install "code-server@$CS_VERSION" --no-audit --no-fund
  touch ".installed-$CS_VERSION"
fi

if [ ! -d "$CACHE/pw/node_modules/playwright-core" ]; then
  mkdir -p "$CACHE/pw"
  cd "$CACHE/pw"
  [ -f package.json ] || echo '{"name":"policy-assist-e2e-pw","private":true}' > package.json
  npm install playwright-core --no-audit --no-fund
fi
echo "e2e tools ready in $CACHE"
