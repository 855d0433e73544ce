// Hovers: on a stated figure, the official figure(s) for its slot with period, region, kind, the
// source sentence and a link that opens the source at the exact line; on a programme name, where
// it comes from and its first mention. Nothing while the index loads.

import * as vscode from 'vscode';
import type { CheckResult } from '../engine/figures/check';
import { registerForDrafts } from './config';
import { figureHover, nameHover } from './convert';
import { isCheckedDraft } from './diagnostics';
import type { EditorHost } from './host';

/** The figure under (line, column), 1-based: same containment rule as the engine's figureAt (end inclusive). */
export function figureAtPosition(result: CheckResult, line: number, column: number) {
  return (
    result.figures.find(
      (f) => (line > f.line || (line === f.line && column >= f.column)) && (line < f.endLine || (line === f.endLine && column <= f.endColumn)),
    ) ?? null
  );
}

class Provider implements vscode.HoverProvider {
  constructor(private readonly host: EditorHost) {}

  async provideHover(doc: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    if (!isCheckedDraft(this.host, doc)) return undefined;
    const engine = this.host.index.peek();
    if (!engine) return undefined;
    const line = position.line + 1;
    const column = position.character + 1;
    const version = doc.version;
    // The diagnostics run's check of this version (cached, or shared while in flight in the worker).
    const result = await this.host.checks.run(doc);
    // Typing moved the text under the hover: VS Code cancels it; never show positions of old text.
    if (token.isCancellationRequested || doc.version !== version) return undefined;
    const figure = result ? figureAtPosition(result, line, column) : null;
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
