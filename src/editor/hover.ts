// Hovers: on a stated figure, the official figure(s) for its slot with period, region, kind, the
// source sentence and a link that opens the source at the exact line; on a programme name, where
// it comes from and its first mention. Nothing while the index loads.

import * as vscode from 'vscode';
import type { CheckResult } from '../engine/figures/check';
import { registerForDrafts } from './config';
import { figureHover, nameHover } from './convert';
import { isCheckedDraft } from './diagnostics';
import type { EditorHost } from './host';

/** The figure under (line, column), 1-based: same containment rule as service.figureAt (end inclusive). */
export function figureAtPosition(result: CheckResult, line: number, column: number) {
  return (
    result.figures.find(
      (f) => (line > f.line || (line === f.line && column >= f.column)) && (line < f.endLine || (line === f.endLine && column <= f.endColumn)),
    ) ?? null
  );
}

class Provider implements vscode.HoverProvider {
  constructor(private readonly host: EditorHost) {}

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (!isCheckedDraft(this.host, doc)) return undefined;
    const svc = this.host.index.peek();
    if (!svc) return undefined;
    const line = position.line + 1;
    const column = position.character + 1;
    // The diagnostics run already checked this version: reuse it. Otherwise the engine's figureAt.
    const cached = this.host.checks.peek(doc);
    const figure = cached ? figureAtPosition(cached, line, column) : svc.figureAt(doc.getText(), line, column, this.host.checks.options(doc.uri));
    if (figure) return figureHover(figure);
    const text = doc.lineAt(position.line).text;
    const name = svc.nameAt(text, column);
    if (name) return nameHover(name.hover, position.line, Math.min(name.start, text.length), Math.min(name.end, text.length));
    return undefined;
  }
}

export function registerHover(context: vscode.ExtensionContext, host: EditorHost): vscode.Disposable {
  const provider = new Provider(host);
  const registration = registerForDrafts((sel) => vscode.languages.registerHoverProvider(sel, provider));
  void context;
  return registration;
}
