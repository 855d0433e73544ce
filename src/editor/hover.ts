// Hovers: on a stated figure, the official figure(s) for its slot with period, region, kind, the
// source sentence and a link that opens the source at the exact line; on a programme name, where
// it comes from and its first mention. Nothing while the index loads.

import * as vscode from 'vscode';
import { registerForDrafts } from './config';
import { figureHover, nameHover } from './convert';
import { isCheckedDraft } from './diagnostics';
import type { EditorHost } from './host';

class Provider implements vscode.HoverProvider {
  constructor(private readonly host: EditorHost) {}

  async provideHover(doc: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    if (!isCheckedDraft(this.host, doc)) return undefined;
    const engine = this.host.index.peek();
    if (!engine) return undefined;
    const line = position.line + 1;
    const column = position.character + 1;
    const version = doc.version;
    // From the check of this version the worker keeps (the diagnostics run's, usually).
    const figure = await this.host.checks.figureAt(doc, line, column);
    // Typing moved the text under the hover: VS Code cancels it; never show positions of old text.
    if (token.isCancellationRequested || doc.version !== version) return undefined;
    if (figure) return figureHover(figure);
    const text = doc.lineAt(position.line).text;
    const name = await engine.nameAt(text, column);
    if (!name || token.isCancellationRequested || doc.version !== version) return undefined;
    return nameHover(name.hover, position.line, Math.min(name.start, text.length), Math.min(name.end, text.length));
  }
}

export function registerHover(context: vscode.ExtensionContext, host: EditorHost): vscode.Disposable {
  const provider = new Provider(host);
  const registration = registerForDrafts((sel) => vscode.languages.registerHoverProvider(sel, provider));
  void context;
  return registration;
}
