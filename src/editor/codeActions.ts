// Quick fixes on our diagnostics: replace with the official figure, cite the source at the end of
// the sentence, or mark the figure as reviewed (.policy-assist/reviewed.json).

import * as vscode from 'vscode';
import { registerForDrafts } from './config';
import { DIAGNOSTIC_SOURCE, figureRange, MARK_REVIEWED_COMMAND, quickFixes, type MarkReviewedArgs } from './convert';
import type { EditorHost } from './host';
import { alreadyCited, citationOffset, citationText } from './pure/citation';
import { ReviewedStore } from './reviewed';

class Provider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly host: EditorHost) {}

  async provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext, token: vscode.CancellationToken): Promise<vscode.CodeAction[]> {
    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
    if (!ours.length) return [];
    const version = doc.version;
    // Usually the cached check the diagnostics came from; else one in the engine worker.
    const result = await this.host.checks.run(doc);
    // Edits computed on an older text would replace the wrong span.
    if (!result || token.isCancellationRequested || doc.version !== version) return [];
    const canMark = !!ReviewedStore.draftPath(doc.uri);
    const out: vscode.CodeAction[] = [];
    for (const d of ours) {
      const f = result.figures.find((x) => x.code === d.code && figureRange(x).isEqual(d.range));
      if (!f) continue;
      let citation: { offset: number; text: string } | undefined;
      if (f.official) {
        const line = doc.lineAt(f.endLine - 1).text;
        const src = { issuer: f.official.issuer, title: f.official.title, date: f.official.date };
        if (!alreadyCited(line, f.endColumn - 1, src)) citation = { offset: citationOffset(line, f.endColumn - 1), text: citationText(src, line) };
      }
      out.push(...quickFixes(f, { document: doc, diagnostic: d, citation, canMarkReviewed: canMark }));
    }
    return out;
  }
}

function validMarkArgs(a: unknown): a is MarkReviewedArgs {
  const m = a as Partial<MarkReviewedArgs> | undefined;
  return !!m && typeof m.uri === 'string' && typeof m.figure === 'string' && typeof m.indicator === 'string';
}

export function registerCodeActions(context: vscode.ExtensionContext, host: EditorHost): vscode.Disposable {
  const provider = new Provider(host);
  const registration = registerForDrafts((sel) => vscode.languages.registerCodeActionsProvider(sel, provider, { providedCodeActionKinds: Provider.kinds }));
  const mark = vscode.commands.registerCommand(MARK_REVIEWED_COMMAND, async (args: unknown) => {
    if (!validMarkArgs(args)) return false;
    const ok = await host.reviewed.mark(vscode.Uri.parse(args.uri), args.figure, args.indicator);
    if (!ok) void vscode.window.showWarningMessage(vscode.l10n.t('Only drafts inside a workspace folder can be marked as reviewed.'));
    return ok;
  });
  void context;
  return vscode.Disposable.from(registration, mark);
}
