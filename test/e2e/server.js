// Shared helpers for driving a real VS Code (the server bundled in the npm package code-server,
// VS Code 1.100.3) from headless Debian Chromium via playwright-core. Neither is a project
// dependency: test/e2e/setup.sh installs them under ~/.cache/policy-assist-e2e. See
// shared notes "real-vscode-testing" for the facts this relies on.
'use strict';
const cp = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const CACHE = process.env.POLICY_ASSIST_E2E_CACHE || path.join(os.homedir(), '.cache', 'policy-assist-e2e');
const CODE_SERVER = process.env.POLICY_ASSIST_CODE_SERVER || path.join(CACHE, 'code-server', 'node_modules', 'code-server');
const PLAYWRIGHT = process.env.POLICY_ASSIST_PLAYWRIGHT || path.join(CACHE, 'pw', 'node_modules', 'playwright-core');
const CHROMIUM = process.env.POLICY_ASSIST_CHROMIUM || '/usr/bin/chromium';

const WORKBENCH_SETTINGS = {
  'files.autoSave': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'git.enabled': false,
  'editor.fontFamily': "'WenQuanYi Micro Hei Mono', 'WenQuanYi Micro Hei', monospace",
};

function available() {
  const missing = [];
  if (!fs.existsSync(path.join(CODE_SERVER, 'lib', 'vscode', 'out', 'server-main.js'))) missing.push(`code-server at ${CODE_SERVER}`);
  if (!fs.existsSync(PLAYWRIGHT)) missing.push(`playwright-core at ${PLAYWRIGHT}`);
  if (!fs.existsSync(CHROMIUM)) missing.push(`chromium at ${CHROMIUM}`);
  return missing;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

function get(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => {
      req.destroy();
      resolve(0);
    });
  });
}

/** Starts the VS Code server in its own process group; returns { port, stop() }. */
async function startServer({ userDataDir, serverDataDir, extensionsDir, env = {}, log = () => {} }) {
  for (const d of [userDataDir, serverDataDir, extensionsDir]) fs.mkdirSync(d, { recursive: true });
  for (const dir of [path.join(userDataDir, 'User'), path.join(serverDataDir, 'data', 'User')]) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(WORKBENCH_SETTINGS, null, 2));
  }
  const port = await freePort();
  const args = [
    path.join(CODE_SERVER, 'lib', 'vscode', 'out', 'server-main.js'),
    '--host', '127.0.0.1', '--port', String(port),
    '--without-connection-token', '--accept-server-license-terms', '--disable-telemetry', '--enable-smoke-test-driver',
    '--user-data-dir', userDataDir, '--server-data-dir', serverDataDir, '--extensions-dir', extensionsDir,
  ];
  // detached = setsid: the server's children (extension host, file watcher) outlive a plain kill.
  const child = cp.spawn(process.execPath, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  child.stdout.on('data', (d) => log(`[server] ${d}`));
  child.stderr.on('data', (d) => log(`[server] ${d}`));
  const until = Date.now() + 60_000;
  while ((await get(`http://127.0.0.1:${port}/`)) === 0) {
    if (Date.now() > until || child.exitCode !== null) throw new Error('the VS Code server did not start');
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    port,
    stop() {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
    },
  };
}

async function launchBrowser() {
  const { chromium } = require(PLAYWRIGHT);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

function workbenchUrl(port, folder, payload) {
  let url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`;
  if (payload) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

module.exports = { available, startServer, launchBrowser, workbenchUrl, CACHE };
