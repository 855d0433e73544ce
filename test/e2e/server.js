// Shared helpers for driving a real VS Code (the server bundled in the npm package code-server,
// VS Code 1.100.3) from headless Debian Chromium via playwright-core. Neither is a project
// dependency: test/e2e/setup.sh installs them under ~/.cache/policy-assist-e2e and writes
// tools.json there. See shared notes "real-vscode-testing" for the facts this relies on.
'use strict';
const cp = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const CACHE = process.env.POLICY_ASSIST_E2E_CACHE || path.join(os.homedir(), '.cache', 'policy-assist-e2e');

function readTools() {
  try {
    return JSON.parse(fs.readFileSync(path.join(CACHE, 'tools.json'), 'utf8'));
  } catch {
    return {};
  }
}
const tools = readTools();
const CODE_SERVER = process.env.POLICY_ASSIST_CODE_SERVER || tools.codeServerDir || path.join(CACHE, 'code-server', 'node_modules', 'code-server');
/** code-server whose VS Code is the minimum engines.vscode declares (setup.sh installs both). */
const CODE_SERVER_MIN = process.env.POLICY_ASSIST_CODE_SERVER_MIN || tools.codeServerMinDir;
const PLAYWRIGHT = process.env.POLICY_ASSIST_PLAYWRIGHT || tools.playwrightDir || path.join(CACHE, 'pw', 'node_modules', 'playwright-core');
const CHROMIUM = process.env.POLICY_ASSIST_CHROMIUM || '/usr/bin/chromium';
const serverMain = (codeServer) => path.join(codeServer, 'lib', 'vscode', 'out', 'server-main.js');

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
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'git.enabled': false,
  'editor.fontFamily': "'WenQuanYi Micro Hei Mono', 'WenQuanYi Micro Hei', monospace",
  'editor.minimap.enabled': false,
  'workbench.editor.enablePreview': false,
};

function available() {
  const missing = [];
  if (!fs.existsSync(serverMain(CODE_SERVER))) missing.push(`code-server at ${CODE_SERVER}`);
  if (!fs.existsSync(PLAYWRIGHT)) missing.push(`playwright-core at ${PLAYWRIGHT}`);
  if (!fs.existsSync(CHROMIUM)) missing.push(`chromium at ${CHROMIUM}`);
  return missing;
}

/** The bundled VS Code's product.json (version, commit). */
function product(codeServer = CODE_SERVER) {
  return JSON.parse(fs.readFileSync(path.join(codeServer, 'lib', 'vscode', 'product.json'), 'utf8'));
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

/** Is any process of the group still alive? */
function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** SIGTERM the process group, then SIGKILL what is left after `graceMs`. */
async function stopGroup(pgid, graceMs = 5000) {
  if (!pgid || !groupAlive(pgid)) return;
  try {
    process.kill(-pgid, 'SIGTERM');
  } catch {
    /* gone */
  }
  const until = Date.now() + graceMs;
  while (groupAlive(pgid) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  if (groupAlive(pgid)) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      /* gone */
    }
    const until2 = Date.now() + 5000;
    while (groupAlive(pgid) && Date.now() < until2) await new Promise((r) => setTimeout(r, 100));
  }
}

/** Synchronous last resort (process 'exit' handlers cannot wait). */
function killGroupNow(pgid) {
  if (!pgid) return;
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    /* gone */
  }
}

function serverDirsArgs({ userDataDir, serverDataDir, extensionsDir }) {
  return ['--user-data-dir', userDataDir, '--server-data-dir', serverDataDir, '--extensions-dir', extensionsDir];
}

function prepareDirs({ userDataDir, serverDataDir, extensionsDir }) {
  for (const d of [userDataDir, serverDataDir, extensionsDir]) fs.mkdirSync(d, { recursive: true });
  for (const dir of [path.join(userDataDir, 'User'), path.join(serverDataDir, 'data', 'User')]) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(WORKBENCH_SETTINGS, null, 2));
  }
}

/**
 * Runs the server script once as a CLI (`--install-extension x.vsix`, `--list-extensions`) in its
 * own process group, killed on timeout. Returns { code, stdout, stderr }.
 */
function serverCli(dirs, args, { timeoutMs = 120_000, onSpawn = () => {}, codeServer = CODE_SERVER } = {}) {
  prepareDirs(dirs);
  return new Promise((resolve) => {
    const child = cp.spawn(process.execPath, [serverMain(codeServer), ...serverDirsArgs(dirs), '--accept-server-license-terms', ...args], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    onSpawn(child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => killGroupNow(child.pid), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr, pid: child.pid });
    });
  });
}

/**
 * Starts the VS Code server on 127.0.0.1 in its own process group (setsid); returns
 * { port, pid, stop() }. stop() kills the whole group: the server's children (extension hosts,
 * file watcher, pty host, the extension's indexer) outlive a plain kill of the PID.
 */
async function startServer({ userDataDir, serverDataDir, extensionsDir, env = {}, log = () => {}, onSpawn = () => {}, codeServer = CODE_SERVER }) {
  prepareDirs({ userDataDir, serverDataDir, extensionsDir });
  const port = await freePort();
  const args = [
    serverMain(codeServer),
    '--host', '127.0.0.1', '--port', String(port),
    '--without-connection-token', '--accept-server-license-terms', '--disable-telemetry', '--enable-smoke-test-driver',
    ...serverDirsArgs({ userDataDir, serverDataDir, extensionsDir }),
  ];
  const child = cp.spawn(process.execPath, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  onSpawn(child.pid);
  child.stdout.on('data', (d) => log(`[server] ${d}`));
  child.stderr.on('data', (d) => log(`[server] ${d}`));
  const stop = () => stopGroup(child.pid);
  const until = Date.now() + 60_000;
  while ((await get(`http://127.0.0.1:${port}/`)) === 0) {
    if (Date.now() > until || child.exitCode !== null) {
      await stop();
      throw new Error(`the VS Code server did not start (exit ${child.exitCode})`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { port, pid: child.pid, stop };
}

async function launchBrowser() {
  const { chromium } = require(PLAYWRIGHT);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--lang=en-US'],
  });
}

function workbenchUrl(port, folder, payload) {
  let url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`;
  if (payload) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

module.exports = {
  available,
  freePort,
  get,
  prepareDirs,
  product,
  startServer,
  serverCli,
  stopGroup,
  killGroupNow,
  groupAlive,
  launchBrowser,
  workbenchUrl,
  CACHE,
  CODE_SERVER,
  CODE_SERVER_MIN,
  PLAYWRIGHT,
  CHROMIUM,
};
