#!/usr/bin/env node
// A stand-in "VS Code executable" for @vscode/test-electron's runTests() on machines without a
// desktop VS Code: it takes the same arguments (workspace folder, --extensionDevelopmentPath=,
// --extensionTestsPath=, --user-data-dir=, ...), runs the suite in the extension host of the VS Code
// server bundled in code-server, with the workbench in headless Chromium, prints the extension
// host's console (mocha's reporter) and exits with the suite's exit code.
//   VSCODE_EXECUTABLE=$PWD/test/e2e/code-server-shim.js npm run test:integration
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const util = require('node:util');
const { available, startServer, launchBrowser, workbenchUrl } = require('./server');

const TIMEOUT_MS = Number(process.env.POLICY_ASSIST_E2E_TIMEOUT || 300_000);

function parse(argv) {
  const o = { positional: [] };
  for (const a of argv) {
    const m = /^--([^=]+)=(.*)$/.exec(a);
    if (m) o[m[1]] = m[2];
    else if (!a.startsWith('--')) o.positional.push(a);
  }
  return o;
}

async function main() {
  const missing = available();
  if (missing.length) {
    console.error(`code-server-shim: missing ${missing.join(', ')} (run test/e2e/setup.sh)`);
    return 2;
  }
  const a = parse(process.argv.slice(2));
  const folder = path.resolve(a.positional[0] || process.cwd());
  const devPath = path.resolve(a.extensionDevelopmentPath);
  const testsPath = path.resolve(a.extensionTestsPath);
  const base = a['user-data-dir'] ? path.dirname(path.resolve(a['user-data-dir'])) : fs.mkdtempSync(path.join(os.tmpdir(), 'pa-shim-'));
  const server = await startServer({
    userDataDir: path.join(base, 'server-user-data'),
    serverDataDir: path.join(base, 'server-data'),
    extensionsDir: a['extensions-dir'] ? path.resolve(a['extensions-dir']) : path.join(base, 'extensions'),
    log: (s) => process.env.POLICY_ASSIST_E2E_VERBOSE && process.stderr.write(s),
  });
  const browser = await launchBrowser();
  let code = 1;
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const done = new Promise((resolve) => {
      page.exposeFunction('codeAutomationExit', (c) => resolve(Number(c)));
    });
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = Array.isArray(args) ? util.format(...args) : String(args);
      (type === 'error' ? process.stderr : process.stdout).write(text.endsWith('\n') ? text : text + '\n');
    });
    const authority = `vscode-remote://127.0.0.1:${server.port}`;
    const payload = [
      ['extensionDevelopmentPath', `${authority}${devPath}`],
      ['extensionTestsPath', `${authority}${testsPath}`],
      ['skipWelcome', 'true'],
    ];
    await page.goto(workbenchUrl(server.port, folder, payload));
    let timer;
    const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), TIMEOUT_MS)));
    const r = await Promise.race([done, timeout]);
    clearTimeout(timer);
    if (r === 'timeout') {
      console.error(`code-server-shim: the suite did not finish within ${TIMEOUT_MS} ms`);
      if (process.env.POLICY_ASSIST_E2E_SHOT) await page.screenshot({ path: process.env.POLICY_ASSIST_E2E_SHOT });
    } else code = r;
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
  }
  return code;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
