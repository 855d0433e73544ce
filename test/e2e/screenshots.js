#!/usr/bin/env node
// Drives the real VS Code workbench (code-server's VS Code server + headless Chromium) with the
// extension loaded from this checkout, on a temporary copy of the fixture workspace, and saves
// screenshots of what a drafter sees: the conflict squiggle with its hover, the Problems panel,
// the related-passages panel, the completion list and the corpus summary.
//   node test/e2e/screenshots.js [outDir=/tmp/shots]
// Needs `npm run build` first and test/e2e/setup.sh once. Exits non-zero if a step fails.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { available, startServer, launchBrowser, workbenchUrl } = require('./server');

const root = path.resolve(__dirname, '..', '..');
const outDir = path.resolve(process.argv[2] || '/tmp/shots');

async function main() {
  const missing = available();
  if (missing.length) throw new Error(`missing ${missing.join(', ')} (run test/e2e/setup.sh)`);
  if (!fs.existsSync(path.join(root, 'dist', 'extension.js'))) throw new Error('run `npm run build` first');
  fs.mkdirSync(outDir, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-shots-'));
  const ws = path.join(tmp, 'workspace');
  fs.cpSync(path.join(root, 'test', 'fixtures', 'workspace'), ws, { recursive: true });
  const server = await startServer({
    userDataDir: path.join(tmp, 'user-data'),
    serverDataDir: path.join(tmp, 'server-data'),
    extensionsDir: path.join(tmp, 'extensions'),
    env: { POLICY_ASSIST_CACHE: path.join(tmp, 'cache') },
  });
  const browser = await launchBrowser();
  const failures = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
    const authority = `vscode-remote://127.0.0.1:${server.port}`;
    await page.goto(workbenchUrl(server.port, ws, [['extensionDevelopmentPath', `${authority}${root}`], ['skipWelcome', 'true']]));
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await page.waitForTimeout(3000);

    const step = async (name, fn) => {
      try {
        await fn();
        console.log(`shot: ${name} ok`);
      } catch (e) {
        failures.push(name);
        console.error(`shot: ${name} FAILED: ${e.message.split('\n')[0]}`);
        await page.screenshot({ path: path.join(outDir, `${name}-failed.png`) }).catch(() => undefined);
      }
    };

    const quickOpen = async (file) => {
      await page.keyboard.press('Control+P');
      await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
      await page.keyboard.type(file);
      await page.waitForTimeout(800);
      await page.keyboard.press('Enter');
      await page.waitForTimeout(800);
    };

    await step('diagnostic-hover', async () => {
      await quickOpen('draft.md');
      const squiggle = page.locator('.squiggly-error').first();
      await squiggle.waitFor({ state: 'attached', timeout: 30_000 });
      const box = await squiggle.boundingBox();
      if (!box) throw new Error('no squiggle box');
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      // 1.100 renders the hover in .monaco-hover (the notes' .monaco-hover-content is 1.139's).
      const hover = page.locator('.monaco-hover', { hasText: '206家' }).first();
      await hover.waitFor({ state: 'visible', timeout: 15_000 });
      await page.waitForTimeout(500);
      const text = await hover.innerText();
      if (!/206家/.test(text)) throw new Error(`hover lacks 206家: ${text.slice(0, 200)}`);
      await page.screenshot({ path: path.join(outDir, 'diagnostic-hover.png') });
    });

    await step('problems-panel', async () => {
      await page.mouse.move(5, 450);
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+Shift+M');
      await page.waitForSelector('.markers-panel .monaco-list-row', { timeout: 15_000 });
      await page.waitForTimeout(500);
      const rows = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
      if (!rows.some((r) => /260家|206家/.test(r))) throw new Error(`problems: ${rows.join(' | ').slice(0, 300)}`);
      await page.screenshot({ path: path.join(outDir, 'problems-panel.png') });
    });

    await step('related-panel', async () => {
      await page.locator('.activitybar [aria-label*="Policy Assist"], .activitybar [aria-label*="政策起草助手"]').first().click();
      // Put the cursor into the paragraph with the figures.
      const line = page.locator('.view-line', { hasText: '智能装备企业' }).first();
      await line.click();
      const frame = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
      await frame.locator('.passage').first().waitFor({ timeout: 30_000 });
      await page.waitForTimeout(800);
      const titles = await frame.locator('.passage .title').allInnerTexts();
      if (!titles.length) throw new Error('no passages');
      const marks = await frame.locator('.passage mark').count();
      if (!marks) throw new Error('no highlighted terms');
      await page.screenshot({ path: path.join(outDir, 'related-panel.png') });
    });

    await step('related-click-opens-source', async () => {
      // A click in the webview goes through the validated 'open' message to policyAssist.openSource.
      const frame = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
      await frame.locator('.passage').first().click();
      await page.locator('.tab', { hasText: /000_82d190114271d52b\.txt/ }).first().waitFor({ timeout: 15_000 });
      await page.waitForTimeout(600);
      await page.screenshot({ path: path.join(outDir, 'related-opened-source.png') });
      await page.keyboard.press('Control+1');
    });

    await step('completion', async () => {
      await page.keyboard.press('Control+End');
      await page.keyboard.press('Enter');
      await page.keyboard.type('打造“数字领');
      for (let i = 0; i < 5; i++) {
        await page.keyboard.press('Control+Space');
        try {
          await page.waitForSelector('.suggest-widget.visible .monaco-list-row', { timeout: 3000 });
          break;
        } catch {
          /* the extension may still be activating: ask again */
        }
      }
      const labels = await page.locator('.suggest-widget.visible .monaco-list-row .label-name').allInnerTexts();
      if (!labels.some((l) => l.includes('数字领航'))) throw new Error(`suggestions: ${labels.join(', ')}`);
      await page.waitForTimeout(400);
      await page.screenshot({ path: path.join(outDir, 'completion.png') });
      await page.keyboard.press('Enter');
      await page.waitForTimeout(400);
      const text = await page.locator('.view-line', { hasText: '打造“数字领航' }).last().innerText();
      if (!text.includes('打造“数字领航”')) throw new Error(`accepted text: ${text}`);
    });

    await step('corpus-summary', async () => {
      await page.locator('.statusbar-item', { hasText: /docs|篇/ }).first().click();
      await page.waitForSelector('.quick-input-widget .monaco-list-row', { timeout: 15_000 });
      await page.waitForTimeout(500);
      await page.screenshot({ path: path.join(outDir, 'corpus-summary.png') });
      await page.keyboard.press('Escape');
    });
  } finally {
    await browser.close().catch(() => undefined);
    server.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`screenshots in ${outDir}${failures.length ? `; failed: ${failures.join(', ')}` : ''}`);
  return failures.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
