// End-to-end checks of the editor layer through VS Code's own command API, in the real extension
// host, against the fixture workspace copy (draft.md states 智能装备企业260家 where the Jiangxi
// press release seeds/000 says 206家).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PolicyAssistApi } from '../../../src/extension';
import type { IndexState } from '../../../src/editor/indexHost';
import type { Report } from '../../../src/editor/pure/report';

const EXTENSION_ID = 'policy-assist.policy-drafting-assistant';

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

async function waitFor<T>(what: string, fn: () => T | undefined | false | Promise<T | undefined | false>, ms = 30_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function open(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(name));
  return vscode.window.showTextDocument(doc);
}

function positionOf(doc: vscode.TextDocument, needle: string, offsetInNeedle = 0): vscode.Position {
  const i = doc.getText().indexOf(needle);
  assert.ok(i >= 0, `${needle} is in ${doc.uri.path}`);
  return doc.positionAt(i + offsetInNeedle);
}

async function conflicts(uri: vscode.Uri): Promise<vscode.Diagnostic[]> {
  return waitFor('a figure.conflict diagnostic', () => {
    const d = vscode.languages.getDiagnostics(uri).filter((x) => x.code === 'figure.conflict');
    return d.length ? d : undefined;
  });
}

/** The text of every hover at `needle` (plus `offsetInNeedle` characters) in the document. */
async function hoverTextAt(doc: vscode.TextDocument, needle: string, offsetInNeedle = 0): Promise<string> {
  const pos = positionOf(doc, needle, offsetInNeedle);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

suite('Policy Drafting Assistant', () => {
  let api: PolicyAssistApi;

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<PolicyAssistApi>(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    api = await ext.activate();
  });

  test('activation does not load the index; the first need does, from the prebuilt seed index', async () => {
    // A fresh window with no draft open: activation must not have touched the corpus.
    assert.equal(api.host.index.state.kind, 'idle');
    const engine = await api.host.index.get();
    assert.equal((await engine.corpus()).summary.documents, 5);
    // (a cast: the idle assertion above narrowed the getter's type)
    const st = api.host.index.state as IndexState;
    assert.equal(st.kind === 'ready' && st.origin, 'prebuilt');
    // The engine (OpenCC's dictionaries, pinyin-pro, the index) lives in the engine worker: the
    // extension host's own module cache never holds it.
    const loaded = Object.keys(require.cache).filter((k) => /opencc|pinyin-pro|[\\/]dist[\\/](opencc|pinyin|engineWorker)\.js$|[\\/]src[\\/]engine[\\/]/.test(k));
    assert.deepEqual(loaded, [], 'no engine module in the extension host');
  });

  test('completion: 打造“数字领 offers 数字领航, replacing only 数字领 and closing the quote', async () => {
    // Untitled documents are never shown or closed here: reopening a closed Untitled-1 can race
    // with its disposal in the extension host and hand the provider the old text.
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: '打造“数字领' });
    const pos = new vscode.Position(0, '打造“数字领'.length);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, pos, '领');
    const item = list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === '数字领航');
    assert.ok(item, `数字领航 offered; got ${list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label)).join(', ')}`);
    assert.equal(item.insertText, '数字领航”');
    const r = item.range instanceof vscode.Range ? item.range : item.range?.replacing;
    assert.ok(r);
    assert.equal(r.start.character, 3, 'the range starts after 打造“');
    assert.equal(r.end.character, 6);
    assert.ok(item.detail?.includes('山东'), `detail names the region: ${item.detail}`);
  });

  test('completion: pinyin initials gfsd offer 工赋山东; a Traditional draft gets 工賦山東', async () => {
    const simp = await vscode.workspace.openTextDocument({ language: 'markdown', content: '深入推进gfsd' });
    const l1 = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', simp.uri, new vscode.Position(0, 8), 'd');
    const labels1 = l1.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels1.includes('工赋山东'), labels1.join(', '));

    const trad = await vscode.workspace.openTextDocument({ language: 'markdown', content: '全省數字經濟發展會議強調，要深入推進“工賦' });
    const line = trad.lineAt(0).text;
    const l2 = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', trad.uri, new vscode.Position(0, line.length), '賦');
    const t = l2.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === '工賦山東');
    assert.ok(t, `工賦山東 offered; got ${l2.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label)).join(', ')}`);
    assert.equal(t.insertText, '工賦山東”');
  });

  test('diagnostics: figure.conflict on 260家 with the official source as related information', async () => {
    const editor = await open('draft.md');
    const [d] = await conflicts(editor.document.uri);
    assert.equal(editor.document.getText(d.range), '260家');
    assert.equal(d.source, 'policy-assist');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.match(d.message, /206家/);
    const rel = d.relatedInformation?.find((r) => r.location.uri.fsPath.endsWith(path.join('seeds', '000_82d190114271d52b.txt')));
    assert.ok(rel, 'related information points at seeds/000');
    assert.ok(fs.existsSync(rel.location.uri.fsPath), 'the source file exists in the extension');
    // The exact place in the ORIGINAL file: line 38, where 206家 is written.
    const src = await vscode.workspace.openTextDocument(rel.location.uri);
    assert.equal(rel.location.range.start.line, 37);
    assert.equal(src.getText(rel.location.range), '206家');
    // Consistent figures (18726台(套), 1332个, 12家) are not problems.
    assert.equal(vscode.languages.getDiagnostics(editor.document.uri).filter((x) => x.source === 'policy-assist').length, 1);
  });

  test('diagnostics: target stated as achieved and in-draft inconsistency are warnings', async () => {
    const editor = await open('shandong.md');
    const doc = editor.document;
    const diags = await waitFor('two warnings', () => {
      const d = vscode.languages.getDiagnostics(doc.uri).filter((x) => x.source === 'policy-assist');
      return d.length >= 2 && d;
    });
    const target = diags.find((d) => d.code === 'figure.target-as-achieved');
    assert.ok(target, diags.map((d) => d.code).join(', '));
    assert.equal(target.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(doc.getText(target.range), '1000家');
    assert.ok(target.relatedInformation?.some((r) => r.location.uri.fsPath.endsWith('003_370ac0c7d6d374e6.txt')));
    const inc = diags.find((d) => d.code === 'figure.inconsistent');
    assert.ok(inc);
    assert.equal(inc.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(doc.getText(inc.range), '150家');
    const other = inc.relatedInformation?.find((r) => r.location.uri.toString() === doc.uri.toString());
    assert.ok(other, 'related information points at the other statement in the draft');
    assert.equal(doc.getText(other.location.range), '120家');
  });

  test('hover on 260家 shows the official 206家 and its source with an open-source link', async () => {
    const editor = await open('draft.md');
    await conflicts(editor.document.uri);
    const text = await hoverTextAt(editor.document, '260家', 1);
    assert.match(text, /206家/);
    assert.match(text, /command:policyAssist\.openSource/);
    assert.match(text, /000_82d190114271d52b/);
  });

  test('hover on a consistent figure (no diagnostic) shows its official source too', async () => {
    // The host receives only the findings of a check; a consistent figure's hover is looked up in
    // the full result the engine worker keeps for this document version.
    const editor = await open('draft.md');
    await conflicts(editor.document.uri);
    const text = await hoverTextAt(editor.document, '1332个', 1);
    assert.match(text, /1332个/);
    assert.match(text, /command:policyAssist\.openSource/);
    assert.match(text, /000_82d190114271d52b/);
  });

  test('hover on a programme name says where it comes from', async () => {
    const editor = await open('draft.md');
    const text = await hoverTextAt(editor.document, '一号发展工程', 2);
    assert.match(text, /一号发展工程/);
    assert.match(text, /command:policyAssist\.openSource/);
  });

  test('open source command opens the original file at the exact line', async () => {
    const ok = await vscode.commands.executeCommand<boolean>('policyAssist.openSource', { source: 'seeds/000_82d190114271d52b.txt', line: 38, column: 114, endLine: 38, endColumn: 118 });
    assert.equal(ok, true);
    const editor = await waitFor('the source editor', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath.endsWith('000_82d190114271d52b.txt')));
    assert.equal(editor.selection.start.line, 37);
    assert.equal(editor.document.getText(editor.selection), '206家');
    // Invalid arguments (from a crafted link) are refused.
    assert.equal(await vscode.commands.executeCommand<boolean>('policyAssist.openSource', { source: 'x', line: -1, column: 1 }), false);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Check Consistency fills Problems and opens a Markdown report with stated vs official', async () => {
    await open('draft.md');
    const report = await vscode.commands.executeCommand<Report>('policyAssist.checkDocument');
    assert.ok(report);
    assert.equal(report.files.length, 1);
    const f = report.files[0].findings.find((x) => x.code === 'figure.conflict');
    assert.ok(f);
    assert.equal(f.stated, '260家');
    assert.equal(f.official?.text, '206家');
    const doc = await waitFor('the report document', () => vscode.workspace.textDocuments.find((d) => d.isUntitled && d.languageId === 'markdown' && d.getText().includes('206家')));
    assert.match(doc.getText(), /260家/);
    assert.match(doc.getText(), /seeds\/000_82d190114271d52b\.txt:38:114/);
    // The report quotes figures but is not a draft: it gets no diagnostics.
    await new Promise((r) => setTimeout(r, 800));
    assert.equal(vscode.languages.getDiagnostics(doc.uri).length, 0);
  });

  test('Save Report writes the last report as Markdown and as HTML', async () => {
    const md = workspaceFile('out/report.md');
    const html = workspaceFile('out/report.html');
    await vscode.commands.executeCommand('policyAssist.saveReport', { format: 'md', uri: md });
    await vscode.commands.executeCommand('policyAssist.saveReport', { format: 'html', uri: html });
    const mdText = fs.readFileSync(md.fsPath, 'utf8');
    const htmlText = fs.readFileSync(html.fsPath, 'utf8');
    assert.match(mdText, /\*\*260家\*\*/);
    assert.match(mdText, /\*\*206家\*\*/);
    assert.match(htmlText, /^<!DOCTYPE html>/);
    assert.match(htmlText, /<strong>206家<\/strong>/);
  });

  test('Check Workspace Drafts checks every draft but not the corpus', async () => {
    const report = await vscode.commands.executeCommand<Report>('policyAssist.checkWorkspace');
    assert.ok(report);
    const paths = report.files.map((f) => f.path).sort();
    assert.ok(paths.includes('draft.md') && paths.includes('second.md') && paths.includes('shandong.md'), paths.join(', '));
    // A report saved into the workspace (out/report.md, previous test) is not a draft.
    assert.ok(!paths.some((p) => p.startsWith('out/')), paths.join(', '));
    assert.ok(!paths.some((p) => p.includes('seeds/')), paths.join(', '));
    assert.equal(report.files.reduce((n, f) => n + f.findings.filter((x) => x.code === 'figure.conflict').length, 0), 2);
    assert.ok(vscode.languages.getDiagnostics(workspaceFile('second.md')).some((d) => d.code === 'figure.conflict'));
  });

  test('severity setting applies without reload', async () => {
    const editor = await open('draft.md');
    await conflicts(editor.document.uri);
    const cfg = vscode.workspace.getConfiguration('policyAssist');
    await cfg.update('diagnostics.conflictSeverity', 'warning', vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor('a warning', () => vscode.languages.getDiagnostics(editor.document.uri).find((d) => d.code === 'figure.conflict' && d.severity === vscode.DiagnosticSeverity.Warning));
    } finally {
      await cfg.update('diagnostics.conflictSeverity', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor('an error again', () => vscode.languages.getDiagnostics(editor.document.uri).find((d) => d.code === 'figure.conflict' && d.severity === vscode.DiagnosticSeverity.Error));
  });

  test('diagnostics.run = onSave: typing does not check, saving does', async () => {
    const cfg = vscode.workspace.getConfiguration('policyAssist');
    await cfg.update('diagnostics.run', 'onSave', vscode.ConfigurationTarget.Workspace);
    const editor = await open('second.md');
    try {
      const count = () => vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'policy-assist').length;
      await new Promise((r) => setTimeout(r, 300));
      const before = count();
      const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
      await editor.edit((e) => e.insert(end, '\n全省智能装备企业累计达到300家。\n'));
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(count(), before, 'no check while typing');
      await editor.document.save();
      await waitFor('the new conflict after saving', () => count() > before);
    } finally {
      await cfg.update('diagnostics.run', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('quick fixes: cite the source, and replace 260家 with the official 206家', async () => {
    const editor = await open('draft.md');
    const [d] = await conflicts(editor.document.uri);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, d.range);
    const titles = actions.map((a) => a.title);
    const cite = actions.find((a) => /来源/.test(a.title));
    assert.ok(cite?.edit, titles.join(' | '));
    assert.ok(actions.some((a) => a.command?.command === 'policyAssist.markReviewed'), titles.join(' | '));
    const replace = actions.find((a) => a.isPreferred && a.edit);
    assert.ok(replace?.edit, titles.join(' | '));
    assert.match(replace.title, /206家/);

    assert.ok(await vscode.workspace.applyEdit(cite.edit));
    const line = editor.document.lineAt(d.range.start.line).text;
    // Before the sentence's full stop, in the line's full-width punctuation.
    assert.match(line, /智能装备企业260家，创建智能制造基地12家（来源：江西省人民政府新闻办公室、江西省工业和信息化厅，2023-04-13）。$/);

    assert.ok(await vscode.workspace.applyEdit(replace.edit));
    assert.match(editor.document.getText(), /智能装备企业206家/);
    await waitFor('the conflict to go away', () => !vscode.languages.getDiagnostics(editor.document.uri).some((x) => x.code === 'figure.conflict'));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('mark as reviewed writes .policy-assist/reviewed.json and silences the figure', async () => {
    const editor = await open('second.md');
    const [d] = await conflicts(editor.document.uri);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, d.range);
    const mark = actions.find((a) => a.command?.command === 'policyAssist.markReviewed');
    assert.ok(mark?.command);
    await vscode.commands.executeCommand(mark.command.command, ...(mark.command.arguments ?? []));
    const file = workspaceFile('.policy-assist/reviewed.json');
    const json = JSON.parse(fs.readFileSync(file.fsPath, 'utf8')) as { reviewed: { draft: string; figure: string; indicator: string }[] };
    assert.deepEqual(
      json.reviewed.map((e) => [e.draft, e.figure, e.indicator]),
      [['second.md', '260家', '智能装备企业']],
    );
    await waitFor('the reviewed figure to be quiet', () => !vscode.languages.getDiagnostics(editor.document.uri).some((x) => x.code === 'figure.conflict' && editor.document.getText(x.range) === '260家'));
    // draft.md states the same figure and is NOT reviewed: it still conflicts.
    await open('draft.md');
    await conflicts(workspaceFile('draft.md'));
  });

  test('a user corpus folder is indexed in a child process and its figures are checked', async function () {
    this.timeout(120_000);
    const cfg = vscode.workspace.getConfiguration('policyAssist');
    await cfg.update('corpus.folders', ['corpus'], vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor('the 6-document index', () => {
        const st = api.host.index.state;
        return st.kind === 'ready' && st.docs === 6 && st;
      }, 90_000);
      const st = api.host.index.state;
      assert.ok(st.kind === 'ready' && st.origin === 'cli');
      // jieba (~240 MB) was loaded by the child process, never by the extension host.
      assert.ok(!Object.keys(require.cache).some((k) => k.includes('nodejieba')), 'nodejieba is not loaded in the extension host');
      const editor = await open('third.md');
      const [d] = await conflicts(editor.document.uri);
      assert.equal(editor.document.getText(d.range), '245家');
      const rel = d.relatedInformation?.[0];
      assert.ok(rel);
      assert.equal(rel.location.uri.fsPath, workspaceFile('corpus/jx_20230608_zjtx.txt').fsPath);
      const src = await vscode.workspace.openTextDocument(rel.location.uri);
      assert.equal(src.getText(rel.location.range), '254家');
      // The corpus folder is the authority, not a draft: the workspace check skips it.
      const report = await vscode.commands.executeCommand<Report>('policyAssist.checkWorkspace');
      assert.ok(!report.files.some((f) => f.path.startsWith('corpus/')), report.files.map((f) => f.path).join(', '));
    } finally {
      await cfg.update('corpus.folders', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor('the seed index again', () => {
      const st = api.host.index.state;
      return st.kind === 'ready' && st.docs === 5;
    }, 30_000);
  });

  test('the related-passages view and the corpus summary are contributed', async () => {
    const cmds = await vscode.commands.getCommands(true);
    for (const c of ['policyAssist.checkDocument', 'policyAssist.checkWorkspace', 'policyAssist.saveReport', 'policyAssist.rebuildIndex', 'policyAssist.openSource', 'policyAssist.showSummary']) {
      assert.ok(cmds.includes(c), c);
    }
    await vscode.commands.executeCommand('policyAssist.related.focus');
    const engine = await api.host.index.get();
    const passages = await engine.related('智能装备企业 智能制造', 8);
    assert.ok(passages.some((p) => p.source === 'seeds/000_82d190114271d52b.txt'));
  });
});
