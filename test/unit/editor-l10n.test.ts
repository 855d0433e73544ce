// Every UI string has its Chinese translation: each vscode.l10n.t('…') key in the editor layer is in
// l10n/bundle.l10n.zh-cn.json, and each %key% of package.json is in both package.nls files. A new
// string without a translation fails here instead of showing English to a Chinese user.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function l10nKeys(): string[] {
  const keys = new Set<string>();
  for (const f of [...sources(path.join(root, 'src', 'editor')), path.join(root, 'src', 'extension.ts')]) {
    const text = fs.readFileSync(f, 'utf8');
    for (const m of text.matchAll(/l10n\.t\(\s*(['"])((?:\\.|(?!\1).)*)\1/g)) keys.add(m[2].replace(/\\(['"])/g, '$1'));
  }
  return [...keys];
}

describe('editor: localisation', () => {
  it('translates every vscode.l10n.t string into Chinese, with the same placeholders', () => {
    const bundle = JSON.parse(fs.readFileSync(path.join(root, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
    const keys = l10nKeys();
    assert.ok(keys.length > 50, `found ${keys.length} strings`);
    const missing = keys.filter((k) => !(k in bundle));
    assert.deepEqual(missing, []);
    for (const k of keys) {
      const ph = (s: string) => [...s.matchAll(/\{\d+\}/g)].map((m) => m[0]).sort();
      assert.deepEqual(ph(bundle[k]), ph(k), `placeholders of ${k}`);
    }
    const unused = Object.keys(bundle).filter((k) => !keys.includes(k));
    assert.deepEqual(unused, [], 'no stale translations');
  });

  it('has every %key% of package.json in package.nls.json and package.nls.zh-cn.json', () => {
    const pkg = fs.readFileSync(path.join(root, 'package.json'), 'utf8');
    const keys = [...new Set([...pkg.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]))];
    assert.ok(keys.length > 20);
    for (const nls of ['package.nls.json', 'package.nls.zh-cn.json']) {
      const table = JSON.parse(fs.readFileSync(path.join(root, nls), 'utf8')) as Record<string, string>;
      assert.deepEqual(keys.filter((k) => !(k in table)), [], nls);
    }
  });

  it('declares the contributions the editor layer registers', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const commands = (pkg.contributes.commands as { command: string; category: string }[]).map((c) => c.command);
    for (const c of ['policyAssist.checkDocument', 'policyAssist.checkWorkspace', 'policyAssist.saveReport', 'policyAssist.rebuildIndex', 'policyAssist.openSource', 'policyAssist.showSummary']) {
      assert.ok(commands.includes(c), c);
    }
    assert.ok((pkg.contributes.commands as { category?: string }[]).every((c) => c.category === '%category%'));
    assert.equal(pkg.contributes.viewsContainers.activitybar[0].icon, 'media/activitybar.svg');
    assert.equal(pkg.contributes.views.policyAssist[0].id, 'policyAssist.related');
    assert.deepEqual(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations, ['policyAssist.corpus.folders']);
    assert.ok(!pkg.activationEvents.includes('*'));
    for (const f of ['media/related.js', 'media/related.css', 'media/activitybar.svg', 'media/icon.png']) assert.ok(fs.existsSync(path.join(root, f)), f);
  });

  it('keeps the webview script free of innerHTML and inline handlers', () => {
    const js = fs.readFileSync(path.join(root, 'media', 'related.js'), 'utf8');
    assert.doesNotMatch(js, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/);
    assert.match(js, /textContent/);
  });
});
