// Status bar: the index state (`$(book) 5 docs · 1234 figures`, `$(sync~spin) indexing…`); a click
// opens the corpus summary.

import * as vscode from 'vscode';
import type { EditorHost } from './host';
import { statusText } from './pure/summary';

export function registerStatusBar(context: vscode.ExtensionContext, host: EditorHost): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('policyAssist.status', vscode.StatusBarAlignment.Right, 100);
  item.name = vscode.l10n.t('Policy Assist index');
  item.command = 'policyAssist.showSummary';
  const words = {
    docs: vscode.l10n.t('docs'),
    figures: vscode.l10n.t('figures'),
    indexing: vscode.l10n.t('indexing…'),
    failed: vscode.l10n.t('index failed'),
    idle: vscode.l10n.t('Policy Assist'),
  };
  const update = () => {
    const s = host.index.state;
    item.text = statusText(s.kind === 'ready' ? { kind: 'ready', docs: s.docs, figures: s.figures } : { kind: s.kind }, words);
    item.tooltip =
      s.kind === 'error'
        ? vscode.l10n.t('The corpus index could not be loaded: {0}', s.message)
        : s.kind === 'loading'
          ? vscode.l10n.t('Indexing {0}', s.detail)
          : vscode.l10n.t('Policy Drafting Assistant: show the corpus summary');
    item.backgroundColor = s.kind === 'error' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  };
  update();
  item.show();
  const sub = host.index.onDidChange(update);
  void context;
  return vscode.Disposable.from(item, sub);
}
