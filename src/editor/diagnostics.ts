// Live diagnostics: figure.conflict, figure.inconsistent and figure.target-as-achieved.
// Debounced per document (policyAssist.diagnostics.delay, default 500 ms) while typing, or only on
// save (policyAssist.diagnostics.run = onSave). A run whose document changed meanwhile is dropped
// (version check), so a slow check can never paint stale squiggles over fresh text. While the
// index loads nothing is shown; the runs are repeated when it turns ready. The check runs in the
// engine worker (engineClient.ts); its answer is applied only if the document is still at the
// version that was checked.

import * as vscode from 'vscode';
import { isDraft, settings } from './config';
import { figureDiagnostic } from './convert';
import type { EditorHost } from './host';
import { KeyedDebouncer } from './pure/debounce';
import { isReportText } from './pure/report';
import type { CheckResult } from '../engine/figures/check';

export function diagnosticsFor(host: EditorHost, uri: vscode.Uri, result: CheckResult): vscode.Diagnostic[] {
  const s = settings(uri);
  const out: vscode.Diagnostic[] = [];
  for (const f of result.figures) {
    const d = figureDiagnostic(f, { conflictSeverity: s.conflictSeverity, resolve: (p) => host.index.resolveSource(p), uri });
    if (d) out.push(d);
    // A pasted statistical annex can hold thousands of figures: cap what the Problems panel gets.
    if (out.length >= s.maxProblems) break;
  }
  return out;
}

export function isCheckedDraft(host: EditorHost, doc: vscode.TextDocument): boolean {
  return (
    isDraft(doc) &&
    !host.reportDocs.has(doc.uri.toString()) &&
    !(doc.lineCount > 0 && isReportText(doc.lineAt(0).text)) &&
    !(doc.uri.scheme === 'file' && host.index.isCorpusFile(doc.uri.fsPath))
  );
}

export function registerDiagnostics(context: vscode.ExtensionContext, host: EditorHost): vscode.Disposable {
  const debouncer = new KeyedDebouncer();
  const subs: vscode.Disposable[] = [];

  const runNow = async (doc: vscode.TextDocument) => {
    if (doc.isClosed || !isCheckedDraft(host, doc)) return;
    const version = doc.version;
    // Loads the index on first need; the ready event below re-runs us.
    if (!host.index.peek()) return;
    const d = vscode.workspace.getWorkspaceFolder(doc.uri);
    if (d) await host.reviewed.ready(d);
    if (doc.isClosed || doc.version !== version) return;
    let result: CheckResult | undefined;
    try {
      // In the engine worker: the host's event loop goes on meanwhile. The findings only, at most
      // maxProblems (a pasted statistical annex can hold thousands).
      result = await host.checks.run(doc);
    } catch (e) {
      host.log.error(`check failed for ${doc.uri.toString()}: ${(e as Error).stack ?? e}`);
      return;
    }
    if (!result || doc.isClosed || doc.version !== version) return;
    host.diagnostics.set(doc.uri, diagnosticsFor(host, doc.uri, result));
  };

  const schedule = (doc: vscode.TextDocument, delay: number) => {
    if (!isCheckedDraft(host, doc)) return;
    debouncer.schedule(doc.uri.toString(), delay, () => void runNow(doc));
  };

  const refreshAll = () => {
    for (const doc of vscode.workspace.textDocuments) {
      if (isCheckedDraft(host, doc)) schedule(doc, 0);
      else host.diagnostics.delete(doc.uri);
    }
  };
  host.refreshDiagnostics = (doc) => (doc ? schedule(doc, 0) : refreshAll());

  subs.push(
    vscode.workspace.onDidOpenTextDocument((doc) => schedule(doc, 0)),
    vscode.workspace.onDidChangeTextDocument((e) => {
      // Output channels, git: and other non-drafts change all the time: nothing to read for them.
      if (e.contentChanges.length === 0 || !isDraft(e.document)) return;
      const s = settings(e.document.uri);
      if (s.run === 'onType') schedule(e.document, s.delay);
      else host.checks.forget(e.document.uri);
    }),
    vscode.workspace.onDidSaveTextDocument((doc) => schedule(doc, 0)),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      debouncer.cancel(doc.uri.toString());
      host.checks.forget(doc.uri);
      host.diagnostics.delete(doc.uri);
    }),
    host.index.onDidChange((s) => {
      if (s.kind === 'ready') {
        host.checks.invalidate();
        refreshAll();
      }
    }),
    host.reviewed.onDidChange(() => {
      host.checks.invalidate();
      refreshAll();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('policyAssist')) return;
      host.checks.invalidate();
      refreshAll();
    }),
    { dispose: () => debouncer.dispose() },
  );
  // Drafts already open when the extension activates.
  for (const doc of vscode.workspace.textDocuments) schedule(doc, 0);
  void context;
  return vscode.Disposable.from(...subs);
}
