// Entry point. activate() only wires things up: no index, no OpenCC, no jieba, no corpus file is
// touched here (the engine modules are imported lazily by IndexHost on first need), so opening a
// Markdown file costs the user nothing until a feature actually asks for the corpus.

import * as vscode from 'vscode';
import { DraftChecks } from './editor/checks';
import { registerCodeActions } from './editor/codeActions';
import { registerCommands } from './editor/commands';
import { registerCompletion } from './editor/completion';
import { DIAGNOSTIC_SOURCE } from './editor/convert';
import { registerDiagnostics } from './editor/diagnostics';
import type { EditorHost } from './editor/host';
import { registerHover } from './editor/hover';
import { IndexHost } from './editor/indexHost';
import { registerRelatedView } from './editor/relatedView';
import { ReviewedStore } from './editor/reviewed';
import { registerStatusBar } from './editor/statusBar';

/** What the integration tests (and only they) reach through the extension's exports. */
export interface PolicyAssistApi {
  host: EditorHost;
}

export function activate(context: vscode.ExtensionContext): PolicyAssistApi {
  const log = vscode.window.createOutputChannel('Policy Assist', { log: true });
  const index = new IndexHost(context.extensionUri.fsPath, context.globalStorageUri.fsPath, log);
  const reviewed = new ReviewedStore(log);
  const host: EditorHost = {
    extensionUri: context.extensionUri,
    index,
    reviewed,
    checks: new DraftChecks(index, reviewed),
    diagnostics: vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE),
    log,
    refreshDiagnostics: () => undefined,
    reportDocs: new Set(),
    lastReport: undefined,
  };
  context.subscriptions.push(
    log,
    index,
    reviewed,
    host.diagnostics,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('policyAssist.corpus')) index.onConfigurationChanged();
    }),
    registerStatusBar(context, host),
    registerDiagnostics(context, host),
    registerCompletion(context, host),
    registerHover(context, host),
    registerCodeActions(context, host),
    registerRelatedView(context, host),
    registerCommands(context, host),
  );
  return { host };
}

export function deactivate(): void {
  // Everything is in context.subscriptions; IndexHost.dispose() stops a running indexer process.
}
