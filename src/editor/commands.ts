// Commands: Check Consistency (current draft), Check Workspace Drafts, Save Report (Markdown or
// HTML), Rebuild Index, Open Source Passage, Show Corpus Summary, Show Log.
// The checks are the CLI's `check`: same engine call, same options; results go to the Problems
// panel and into a readable report opened as an untitled Markdown document.

import * as vscode from 'vscode';
import type { CheckResult } from '../engine/figures/check';
import { OPEN_SOURCE_COMMAND, range, summaryPicks, type OpenSourceArgs, type SummaryPick } from './convert';
import { diagnosticsFor, isCheckedDraft } from './diagnostics';
import type { EditorHost } from './host';
import { excludedFromWorkspaceCheck, isDraftFile } from './pure/paths';
import { buildReport, isReportText, renderHtml, renderMarkdown, totals, type Report, type ReportStrings } from './pure/report';

export const COMMANDS = {
  checkDocument: 'policyAssist.checkDocument',
  checkWorkspace: 'policyAssist.checkWorkspace',
  saveReport: 'policyAssist.saveReport',
  rebuildIndex: 'policyAssist.rebuildIndex',
  openSource: OPEN_SOURCE_COMMAND,
  showSummary: 'policyAssist.showSummary',
  showLog: 'policyAssist.showLog',
} as const;

/** Most drafts one workspace check reads: a monorepo of READMEs is not a drafts folder. */
const MAX_WORKSPACE_FILES = 2000;

function reportStrings(): ReportStrings {
  return {
    title: vscode.l10n.t('Policy figures consistency report'),
    generated: vscode.l10n.t('Generated'),
    corpus: vscode.l10n.t('Corpus'),
    drafts: vscode.l10n.t('drafts'),
    figures: vscode.l10n.t('figures'),
    consistent: vscode.l10n.t('consistent'),
    conflict: vscode.l10n.t('conflict'),
    unmatched: vscode.l10n.t('unmatched'),
    inconsistent: vscode.l10n.t('inconsistent within the draft'),
    targetAsAchieved: vscode.l10n.t('target stated as achieved'),
    noFindings: vscode.l10n.t('No conflicts, inconsistencies or targets stated as achieved.'),
    stated: vscode.l10n.t('Stated'),
    official: vscode.l10n.t('Official'),
    source: vscode.l10n.t('Source'),
    achieved: vscode.l10n.t('achieved'),
    target: vscode.l10n.t('target'),
    unknown: vscode.l10n.t('unknown'),
    // Filled in by the renderer: l10n.t would otherwise substitute {0} now.
    alsoAt: vscode.l10n.t('Other value at line {0}', '{0}'),
    file: vscode.l10n.t('Draft'),
    total: vscode.l10n.t('Total'),
  } satisfies ReportStrings;
}

function isOpenSourceArgs(a: unknown): a is OpenSourceArgs {
  const m = a as Partial<OpenSourceArgs> | undefined;
  const pos = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 1;
  return (
    !!m &&
    typeof m.source === 'string' &&
    m.source.length > 0 &&
    pos(m.line) &&
    pos(m.column) &&
    (m.endLine === undefined || pos(m.endLine)) &&
    (m.endColumn === undefined || pos(m.endColumn))
  );
}

async function openSource(host: EditorHost, raw: unknown): Promise<boolean> {
  // Arrives from hover links and the webview too: validate before touching the file system.
  const args = Array.isArray(raw) ? raw[0] : raw;
  if (!isOpenSourceArgs(args)) {
    host.log.warn(`openSource: invalid arguments ${JSON.stringify(raw)?.slice(0, 200)}`);
    return false;
  }
  const file = host.index.resolveSource(args.source);
  try {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const sel = range(args.line, args.column, args.endLine ?? args.line, args.endColumn ?? args.column);
    const editor = await vscode.window.showTextDocument(doc, { preview: true, selection: sel, viewColumn: vscode.ViewColumn.Beside });
    editor.revealRange(sel, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return true;
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Cannot open the source {0}: {1}', file, (e as Error).message));
    return false;
  }
}

async function openReport(host: EditorHost, report: Report): Promise<vscode.TextDocument> {
  host.lastReport = report;
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: renderMarkdown(report, reportStrings()) });
  host.reportDocs.add(doc.uri.toString());
  host.diagnostics.delete(doc.uri);
  await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.Beside });
  return doc;
}

function corpusCounts(host: EditorHost): Report['corpus'] {
  const st = host.index.state;
  return st.kind === 'ready' ? { documents: st.docs, figures: st.figures } : { documents: 0, figures: 0 };
}

function summaryMessage(report: Report): string {
  const t = totals(report);
  return vscode.l10n.t(
    '{0} figures in {1} drafts: {2} consistent, {3} conflicts, {4} targets stated as achieved, {5} inconsistent, {6} unmatched.',
    t.figures,
    report.files.length,
    t.consistent,
    t.realConflict,
    t.targetAsAchieved,
    t.inconsistent,
    t.unmatched,
  );
}

async function checkDocument(host: EditorHost, uri?: unknown): Promise<Report | undefined> {
  let doc = vscode.window.activeTextEditor?.document;
  if (uri instanceof vscode.Uri) doc = await vscode.workspace.openTextDocument(uri);
  if (!doc || !isCheckedDraft(host, doc)) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Open a Markdown or plain-text draft to check it.'));
    return undefined;
  }
  const target = doc;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking figures against the corpus…') },
    async () => {
      await host.index.get();
      const folder = vscode.workspace.getWorkspaceFolder(target.uri);
      if (folder) await host.reviewed.ready(folder);
      // Every finding for the report (the diagnostics' check stops at maxProblems).
      const result = await host.checks.run(target, true);
      if (!result) return undefined;
      host.diagnostics.set(target.uri, diagnosticsFor(host, target.uri, result));
      const name = target.uri.scheme === 'file' ? vscode.workspace.asRelativePath(target.uri) : target.uri.path;
      const report = buildReport([{ path: name, result }], corpusCounts(host));
      await openReport(host, report);
      void vscode.window.showInformationMessage(summaryMessage(report));
      return report;
    },
  );
}

async function readDraft(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  const bytes = await vscode.workspace.fs.readFile(uri);
  // The engine's decoder: UTF-8 with or without BOM, UTF-16, and GB18030 (older government files).
  const { decodeBytes } = await import('../engine/decode');
  const d = decodeBytes(bytes);
  return d.ok ? d.text : undefined;
}

async function checkWorkspace(host: EditorHost): Promise<Report | undefined> {
  if (!vscode.workspace.workspaceFolders?.length) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Open a folder to check its drafts.'));
    return undefined;
  }
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking workspace drafts…'), cancellable: true },
    async (progress, token) => {
      await host.index.get();
      const found = await vscode.workspace.findFiles('**/*.{md,markdown,txt}', '**/node_modules/**', MAX_WORKSPACE_FILES, token);
      const corpus = host.index.corpusFolders();
      const files = found
        .filter((u) => u.scheme === 'file' && isDraftFile(u.fsPath) && !excludedFromWorkspaceCheck(u.fsPath, corpus) && !host.index.isCorpusFile(u.fsPath))
        .sort((a, b) => a.fsPath.localeCompare(b.fsPath));
      const results: { path: string; result: CheckResult }[] = [];
      let i = 0;
      for (const uri of files) {
        if (token.isCancellationRequested) break;
        progress.report({ message: vscode.workspace.asRelativePath(uri), increment: 100 / Math.max(1, files.length) });
        i++;
        try {
          const folder = vscode.workspace.getWorkspaceFolder(uri);
          if (folder) await host.reviewed.ready(folder);
          const text = await readDraft(uri);
          if (text === undefined) {
            host.log.warn(`workspace check: skipped ${uri.fsPath}: not readable as text`);
            continue;
          }
          if (isReportText(text.slice(0, 200).split('\n')[0])) continue;
          const result = await host.checks.checkText(uri, text);
          if (!result) continue;
          results.push({ path: vscode.workspace.asRelativePath(uri), result });
          host.diagnostics.set(uri, diagnosticsFor(host, uri, result));
        } catch (e) {
          host.log.warn(`workspace check: skipped ${uri.fsPath}: ${(e as Error).message}`);
        }
        // The checks run in the engine worker; reading and converting still happen here: yield
        // between files so a large workspace never freezes the extension host.
        if (i % 10 === 0) await new Promise((r) => setImmediate(r));
      }
      const report = buildReport(results, corpusCounts(host));
      await openReport(host, report);
      void vscode.window.showInformationMessage(summaryMessage(report));
      return report;
    },
  );
}

/**
 * Save the last report as Markdown or HTML. Interactive by default (format pick, save dialog);
 * `{ format, uri }` skips both, for tasks and keybindings that always write the same file.
 */
async function saveReport(host: EditorHost, args?: unknown): Promise<vscode.Uri | undefined> {
  const report = host.lastReport;
  if (!report) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Run "Check Consistency" or "Check Workspace Drafts" first.'));
    return undefined;
  }
  const given = (args ?? {}) as { format?: unknown; uri?: unknown };
  let ext: 'md' | 'html' | undefined = given.format === 'md' || given.format === 'html' ? given.format : undefined;
  if (!ext) {
    const pick = await vscode.window.showQuickPick(
      [
        { label: 'Markdown', description: '.md', ext: 'md' as const },
        { label: 'HTML', description: '.html', ext: 'html' as const },
      ],
      { title: vscode.l10n.t('Save the report as') },
    );
    if (!pick) return undefined;
    ext = pick.ext;
  }
  let target = given.uri instanceof vscode.Uri ? given.uri : typeof given.uri === 'string' ? vscode.Uri.parse(given.uri) : undefined;
  if (!target) {
    const base = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `policy-report-${report.generatedAt.slice(0, 10)}.${ext}`;
    target = await vscode.window.showSaveDialog({
      defaultUri: base ? vscode.Uri.joinPath(base, name) : undefined,
      filters: ext === 'md' ? { Markdown: ['md'] } : { HTML: ['html', 'htm'] },
    });
  }
  if (!target) return undefined;
  const s = reportStrings();
  const lang = vscode.env.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
  const text = ext === 'md' ? renderMarkdown(report, s) : renderHtml(report, s, lang);
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  void vscode.window.showInformationMessage(vscode.l10n.t('Report saved to {0}', target.fsPath));
  return target;
}

async function showSummary(host: EditorHost): Promise<void> {
  let corpus;
  try {
    corpus = await (await host.index.get()).corpus();
  } catch (e) {
    const again = vscode.l10n.t('Rebuild Index');
    const log = vscode.l10n.t('Show Log');
    const choice = await vscode.window.showErrorMessage(vscode.l10n.t('The corpus index could not be loaded: {0}', (e as Error).message), again, log);
    if (choice === again) await vscode.commands.executeCommand(COMMANDS.rebuildIndex);
    if (choice === log) host.log.show();
    return;
  }
  const sum = corpus.summary;
  const qp = vscode.window.createQuickPick<SummaryPick>();
  qp.title = vscode.l10n.t('Corpus: {0} documents, {1} passages, {2} names, {3} figures, {4} dropped debris spans', sum.documents, sum.passages, sum.names, sum.figures, sum.excluded);
  qp.items = summaryPicks(corpus.rows, corpus.skipped);
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  qp.onDidAccept(() => {
    const row = qp.selectedItems[0]?.row;
    qp.hide();
    if (row) void openSource(host, { source: row.path, line: 1, column: 1 });
  });
  qp.onDidHide(() => qp.dispose());
  qp.show();
}

export function registerCommands(context: vscode.ExtensionContext, host: EditorHost): vscode.Disposable {
  void context;
  return vscode.Disposable.from(
    vscode.commands.registerCommand(COMMANDS.checkDocument, (uri?: unknown) => checkDocument(host, uri)),
    vscode.commands.registerCommand(COMMANDS.checkWorkspace, () => checkWorkspace(host)),
    vscode.commands.registerCommand(COMMANDS.saveReport, (args?: unknown) => saveReport(host, args)),
    vscode.commands.registerCommand(COMMANDS.openSource, (args: unknown) => openSource(host, args)),
    vscode.commands.registerCommand(COMMANDS.showSummary, () => showSummary(host)),
    vscode.commands.registerCommand(COMMANDS.showLog, () => host.log.show()),
    vscode.commands.registerCommand(COMMANDS.rebuildIndex, () =>
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Rebuilding the corpus index…') }, async () => {
        try {
          await host.index.rebuild();
          const st = host.index.state;
          if (st.kind === 'ready') void vscode.window.showInformationMessage(vscode.l10n.t('Index ready: {0} documents, {1} figures.', st.docs, st.figures));
          return true;
        } catch (e) {
          void vscode.window.showErrorMessage(vscode.l10n.t('The corpus index could not be loaded: {0}', (e as Error).message));
          return false;
        }
      }),
    ),
  );
}
