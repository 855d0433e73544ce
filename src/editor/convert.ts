// The ONLY place engine results become VS Code types (Range, Diagnostic, Location, CompletionItem,
// Hover markdown, quick picks). Engine positions are 1-based lines and 1-based UTF-16 columns with
// an exclusive end; VS Code's are 0-based: every conversion goes through range() below, so an
// off-by-one can only live in one place.
//
// Corpus text is never trusted as Markdown: it goes through appendText (escaped) or code spans.

import * as vscode from 'vscode';
import type { CompletionItemData } from '../engine/complete';
import type { CheckedFigure, OfficialRef } from '../engine/figures/check';
import type { NameHover, RelatedPassage } from '../engine/service';
import type { SeveritySetting } from './config';
import { highlightSegments, type PassageView } from './pure/messages';
import type { SummaryRow } from './pure/summary';

export const DIAGNOSTIC_SOURCE = 'policy-assist';
export const OPEN_SOURCE_COMMAND = 'policyAssist.openSource';

/** Arguments of policyAssist.openSource (validated there: they can come from a command link). */
export interface OpenSourceArgs {
  source: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

export function range(line: number, column: number, endLine = line, endColumn = column): vscode.Range {
  const l = Math.max(0, line - 1);
  const c = Math.max(0, column - 1);
  const el = Math.max(l, endLine - 1);
  const ec = Math.max(el === l ? c : 0, endColumn - 1);
  return new vscode.Range(l, c, el, ec);
}

export function figureRange(f: Pick<CheckedFigure, 'line' | 'column' | 'endLine' | 'endColumn'>): vscode.Range {
  return range(f.line, f.column, f.endLine, f.endColumn);
}

export function severity(s: SeveritySetting): vscode.DiagnosticSeverity {
  switch (s) {
    case 'warning':
      return vscode.DiagnosticSeverity.Warning;
    case 'information':
      return vscode.DiagnosticSeverity.Information;
    case 'hint':
      return vscode.DiagnosticSeverity.Hint;
    default:
      return vscode.DiagnosticSeverity.Error;
  }
}

export function sourceLocation(ref: Pick<OfficialRef, 'source' | 'line' | 'column' | 'endLine' | 'endColumn'>, resolve: (source: string) => string): vscode.Location {
  return new vscode.Location(vscode.Uri.file(resolve(ref.source)), range(ref.line, ref.column, ref.endLine, ref.endColumn));
}

export interface DiagnosticContext {
  conflictSeverity: SeveritySetting;
  resolve: (source: string) => string;
  uri: vscode.Uri;
}

/** Diagnostics for the findings of a check: conflict, in-draft inconsistency, target stated as achieved. */
export function figureDiagnostic(f: CheckedFigure, ctx: DiagnosticContext): vscode.Diagnostic | undefined {
  if (f.code !== 'figure.conflict' && f.code !== 'figure.inconsistent' && f.code !== 'figure.target-as-achieved') return undefined;
  const sev = f.code === 'figure.conflict' ? severity(ctx.conflictSeverity) : vscode.DiagnosticSeverity.Warning;
  const d = new vscode.Diagnostic(figureRange(f), f.message, sev);
  d.source = DIAGNOSTIC_SOURCE;
  d.code = f.code;
  const related: vscode.DiagnosticRelatedInformation[] = [];
  if (f.related) {
    related.push(
      new vscode.DiagnosticRelatedInformation(
        new vscode.Location(ctx.uri, range(f.related.line, f.related.column, f.related.line, f.related.column + f.related.text.length)),
        vscode.l10n.t('The draft states {0} here', f.related.text),
      ),
    );
  }
  if (f.official) {
    related.push(
      new vscode.DiagnosticRelatedInformation(
        sourceLocation(f.official, ctx.resolve),
        vscode.l10n.t('Official: {0} ({1}, {2})', f.official.text, f.official.issuer ?? f.official.title, f.official.date ?? '?'),
      ),
    );
  }
  if (related.length) d.relatedInformation = related;
  return d;
}

// ---------------------------------------------------------------------------------------------
// Completion

const KIND: Record<CompletionItemData['kind'], vscode.CompletionItemKind> = {
  programme: vscode.CompletionItemKind.Event,
  document: vscode.CompletionItemKind.Reference,
  phrase: vscode.CompletionItemKind.Text,
};

/**
 * One completion item. The engine's range is a UTF-16 span of the line before the cursor: in
 * `打造“数字领` it is the span of 数字领 only, so 打造“ stays. When the editor already holds the closing
 * mark right after the cursor (auto-closed or typed earlier) and the item inserts one too, the
 * range also covers it, or accepting would leave `数字领航””`.
 */
export function completionItem(d: CompletionItemData, position: vscode.Position, lineText: string, index: number): vscode.CompletionItem {
  const kindLabel = d.kind === 'document' ? vscode.l10n.t('document') : d.kind === 'programme' ? vscode.l10n.t('programme') : vscode.l10n.t('phrase');
  const item = new vscode.CompletionItem({ label: d.label, description: kindLabel }, KIND[d.kind]);
  const start = Math.max(0, Math.min(d.range.start, position.character));
  let end = position.character;
  const close = d.insertText.slice(-1);
  if ((close === '”' || close === '》' || close === '」' || close === '』' || close === '〉') && lineText[end] === close) end++;
  item.range = new vscode.Range(position.line, start, position.line, end);
  item.insertText = d.insertText;
  item.filterText = d.filterText;
  item.detail = d.detail;
  // Engine order is the ranking (exact key, prefix, fuzzy; then score): keep it.
  item.sortText = String(index).padStart(4, '0');
  if (d.documentation) {
    const md = new vscode.MarkdownString();
    md.appendText(d.documentation);
    if (d.source.path) md.appendMarkdown(`\n\n`).appendMarkdown(`\`${d.source.path.replace(/`/g, '')}:${d.source.line}\``);
    item.documentation = md;
  }
  return item;
}

// ---------------------------------------------------------------------------------------------
// Hovers

function commandLink(args: OpenSourceArgs): string {
  return `command:${OPEN_SOURCE_COMMAND}?${encodeURIComponent(JSON.stringify([args]))}`;
}

function trusted(): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  // Only our own command may run from a link; corpus text cannot smuggle another one in.
  md.isTrusted = { enabledCommands: [OPEN_SOURCE_COMMAND] };
  md.supportHtml = false;
  return md;
}

function kindWord(status: 'achieved' | 'target'): string {
  return status === 'target' ? vscode.l10n.t('target') : vscode.l10n.t('achieved');
}

function slot(x: { region: string | null; period: string | null; status: 'achieved' | 'target' }): string {
  return `${x.region ?? vscode.l10n.t('region unknown')} · ${x.period ?? vscode.l10n.t('period unknown')} · ${kindWord(x.status)}`;
}

function appendOfficial(md: vscode.MarkdownString, o: OfficialRef): void {
  md.appendMarkdown(`**`).appendText(o.text).appendMarkdown(`** — `).appendText(slot(o));
  md.appendMarkdown(`\n\n> `).appendText(o.passage);
  md.appendMarkdown(`\n\n`).appendText(`${o.issuer ?? ''}${o.issuer ? ' · ' : ''}《${o.title}》 · ${o.date ?? vscode.l10n.t('date unknown')}`);
  md.appendMarkdown(
    `\n\n[${vscode.l10n.t('Open source at line {0}', o.line)}](${commandLink({ source: o.source, line: o.line, column: o.column, endLine: o.endLine, endColumn: o.endColumn })} "${o.source.replace(/"/g, '')}")`,
  );
}

/** Same slot as the best official figure: same region, period and kind. */
function sameSlot(a: OfficialRef, b: OfficialRef): boolean {
  return a.region === b.region && a.period === b.period && a.status === b.status;
}

export function figureHover(f: CheckedFigure): vscode.Hover {
  const md = trusted();
  const m = f.meaning;
  md.appendMarkdown(`**${vscode.l10n.t('Stated')}:** `).appendText(`${m.indicator || '?'} ${f.text}`).appendMarkdown(' — ').appendText(slot(m));
  md.appendMarkdown('\n\n');
  const label: Record<string, string> = {
    'figure.consistent': vscode.l10n.t('Consistent with the official figure'),
    'figure.conflict': vscode.l10n.t('Conflicts with the official figure'),
    'figure.target-as-achieved': vscode.l10n.t('The official source gives this only as a target'),
    'figure.inconsistent': vscode.l10n.t('Stated differently elsewhere in this draft'),
    'figure.unmatched': vscode.l10n.t('No official figure for this indicator, region and period'),
  };
  md.appendMarkdown(`*${label[f.code] ?? f.code}*\n\n`);
  if (f.related) md.appendText(vscode.l10n.t('Line {0} states {1}', f.related.line, f.related.text)).appendMarkdown('\n\n');
  if (f.official) {
    md.appendMarkdown(`**${vscode.l10n.t('Official')}:** `);
    appendOfficial(md, f.official);
    const also = f.others.filter((o) => sameSlot(o, f.official!));
    if (also.length) {
      const sources = new Set(also.map((o) => o.source));
      md.appendMarkdown('\n\n').appendText(vscode.l10n.t('Also stated in {0} sources: {1}', sources.size, also.slice(0, 3).map((o) => `${o.text} (${o.source}:${o.line})`).join('; ')));
    }
  }
  const elsewhere = f.official ? f.others.filter((o) => !sameSlot(o, f.official!)) : f.others;
  if (elsewhere.length) {
    md.appendMarkdown(`\n\n**${vscode.l10n.t('Other regions or periods')}:**`);
    for (const o of elsewhere.slice(0, 3)) {
      md.appendMarkdown('\n- ').appendText(`${o.text} — ${slot(o)} `);
      md.appendMarkdown(`[${o.source.split('/').pop()?.replace(/[[\]]/g, '') ?? ''}:${o.line}](${commandLink({ source: o.source, line: o.line, column: o.column, endLine: o.endLine, endColumn: o.endColumn })})`);
    }
  }
  return new vscode.Hover(md, figureRange(f));
}

export function nameHover(h: NameHover, line: number, start: number, end: number): vscode.Hover {
  const md = trusted();
  const n = h.name;
  const kind = n.kind === 'document' ? vscode.l10n.t('document') : vscode.l10n.t('programme');
  md.appendMarkdown('**').appendText(n.kind === 'document' ? `《${n.name}》` : n.name).appendMarkdown(`** — `).appendText(`${kind} · ${n.region ?? vscode.l10n.t('region unknown')}`);
  md.appendMarkdown('\n\n').appendText(vscode.l10n.t('Mentioned in {0} passages. First mention:', n.count));
  md.appendMarkdown('\n\n> ').appendText(h.passage);
  md.appendMarkdown('\n\n').appendText(`《${h.title}》 · ${h.date ?? vscode.l10n.t('date unknown')}`);
  md.appendMarkdown(`\n\n[${vscode.l10n.t('Open source at line {0}', h.line)}](${commandLink({ source: h.source, line: h.line, column: h.column })})`);
  return new vscode.Hover(md, new vscode.Range(line, start, line, end));
}

// ---------------------------------------------------------------------------------------------
// Related passages panel and corpus summary

export function passageView(p: RelatedPassage, display: string): PassageView {
  return {
    source: p.source,
    display,
    line: p.line,
    column: p.column,
    endLine: p.endLine,
    endColumn: p.endColumn,
    title: p.title,
    date: p.date,
    region: p.region,
    score: p.score,
    terms: p.terms,
    segments: highlightSegments(p.text, p.terms),
  };
}

export interface SummaryPick extends vscode.QuickPickItem {
  row?: SummaryRow;
}

export function summaryPicks(rows: SummaryRow[], skipped: { path: string; reason: string }[]): SummaryPick[] {
  const picks: SummaryPick[] = rows.map((r) => ({
    label: `$(file-text) ${r.title}`,
    description: `${r.region ?? '?'} · ${r.date ?? '?'}${r.inferred ? ` (${vscode.l10n.t('inferred')})` : ''} · ${r.script === 'traditional' ? vscode.l10n.t('Traditional') : vscode.l10n.t('Simplified')}`,
    detail: `${r.path} · ${vscode.l10n.t('{0} passages', r.passages)} · ${vscode.l10n.t('{0} figures', r.figures)}${
      r.dropped.length ? ` · ${vscode.l10n.t('dropped: {0}', r.dropped.map((d) => `${d.reason} “${d.preview.slice(0, 12)}”`).join(', '))}` : ''
    }`,
    row: r,
  }));
  if (skipped.length) {
    picks.push({ label: vscode.l10n.t('Skipped files'), kind: vscode.QuickPickItemKind.Separator });
    for (const s of skipped) picks.push({ label: `$(warning) ${s.path}`, detail: s.reason });
  }
  return picks;
}

// ---------------------------------------------------------------------------------------------
// Quick fixes

export const MARK_REVIEWED_COMMAND = 'policyAssist.markReviewed';

export interface MarkReviewedArgs {
  uri: string;
  figure: string;
  indicator: string;
}

export interface FixContext {
  document: vscode.TextDocument;
  diagnostic: vscode.Diagnostic;
  /** Where and what to insert for the citation, or undefined when not offered. */
  citation?: { offset: number; text: string };
  /** Whether the draft sits in a workspace folder (where reviewed.json can live). */
  canMarkReviewed: boolean;
}

export function quickFixes(f: CheckedFigure, ctx: FixContext): vscode.CodeAction[] {
  const out: vscode.CodeAction[] = [];
  const r = figureRange(f);
  if (f.replacement && f.replacement !== f.text) {
    const a = new vscode.CodeAction(vscode.l10n.t('Replace with the official figure {0}', f.replacement), vscode.CodeActionKind.QuickFix);
    a.edit = new vscode.WorkspaceEdit();
    a.edit.replace(ctx.document.uri, r, f.replacement);
    a.diagnostics = [ctx.diagnostic];
    a.isPreferred = true;
    out.push(a);
  }
  if (ctx.citation && f.official) {
    const a = new vscode.CodeAction(vscode.l10n.t('Cite the source: {0}', ctx.citation.text), vscode.CodeActionKind.QuickFix);
    a.edit = new vscode.WorkspaceEdit();
    a.edit.insert(ctx.document.uri, new vscode.Position(r.start.line, ctx.citation.offset), ctx.citation.text);
    a.diagnostics = [ctx.diagnostic];
    out.push(a);
  }
  if (ctx.canMarkReviewed) {
    const a = new vscode.CodeAction(vscode.l10n.t('Mark {0} as reviewed (recorded in .policy-assist/reviewed.json)', f.text), vscode.CodeActionKind.QuickFix);
    const args: MarkReviewedArgs = { uri: ctx.document.uri.toString(), figure: f.text, indicator: f.meaning.indicator };
    a.command = { command: MARK_REVIEWED_COMMAND, title: a.title, arguments: [args] };
    a.diagnostics = [ctx.diagnostic];
    out.push(a);
  }
  return out;
}
