// The consistency report of "Check Consistency" / "Check Workspace Drafts": built from the same
// CheckResult the CLI prints, rendered as Markdown (opened in the editor) or standalone HTML (for
// someone without VS Code). No vscode import: unit-tested in plain Node.

import type { CheckResult, CheckedFigure, FigureCode } from '../../engine/figures/check';

export interface ReportOfficial {
  text: string;
  source: string;
  line: number;
  column: number;
  title: string;
  issuer: string | null;
  date: string | null;
  region: string | null;
  period: string | null;
  kind: 'achieved' | 'target';
  passage: string;
}

export interface ReportFinding {
  code: FigureCode;
  line: number;
  column: number;
  stated: string;
  indicator: string;
  region: string | null;
  period: string | null;
  kind: 'achieved' | 'target';
  message: string;
  official: ReportOfficial | null;
  related?: { line: number; text: string };
}

export interface ReportFile {
  path: string;
  region: string | null;
  date: string | null;
  summary: CheckResult['summary'];
  findings: ReportFinding[];
}

export interface Report {
  generatedAt: string;
  corpus: { documents: number; figures: number };
  files: ReportFile[];
}

export const FINDING_CODES: readonly FigureCode[] = ['figure.conflict', 'figure.inconsistent', 'figure.target-as-achieved'];

export function isFinding(f: Pick<CheckedFigure, 'code'>): boolean {
  return FINDING_CODES.includes(f.code);
}

export function reportFile(path: string, result: CheckResult): ReportFile {
  return {
    path,
    region: result.draft.region,
    date: result.draft.date,
    summary: result.summary,
    findings: result.figures.filter(isFinding).map((f) => ({
      code: f.code,
      line: f.line,
      column: f.column,
      stated: f.text,
      indicator: f.meaning.indicator,
      region: f.meaning.region,
      period: f.meaning.period,
      kind: f.meaning.status,
      message: f.message,
      official: f.official
        ? {
            text: f.official.text,
            source: f.official.source,
            line: f.official.line,
            column: f.official.column,
            title: f.official.title,
            issuer: f.official.issuer,
            date: f.official.date,
            region: f.official.region,
            period: f.official.period,
            kind: f.official.status,
            passage: f.official.passage,
          }
        : null,
      ...(f.related ? { related: { line: f.related.line, text: f.related.text } } : {}),
    })),
  };
}

export function buildReport(files: { path: string; result: CheckResult }[], corpus: Report['corpus'], now = new Date()): Report {
  return { generatedAt: now.toISOString(), corpus, files: files.map((f) => reportFile(f.path, f.result)) };
}

export interface ReportStrings {
  title: string;
  generated: string;
  corpus: string;
  drafts: string;
  figures: string;
  consistent: string;
  conflict: string;
  unmatched: string;
  inconsistent: string;
  targetAsAchieved: string;
  noFindings: string;
  stated: string;
  official: string;
  source: string;
  achieved: string;
  target: string;
  unknown: string;
  alsoAt: string;
  file: string;
  total: string;
}

export const ENGLISH: ReportStrings = {
  title: 'Policy figures consistency report',
  generated: 'Generated',
  corpus: 'Corpus',
  drafts: 'drafts',
  figures: 'figures',
  consistent: 'consistent',
  conflict: 'conflict',
  unmatched: 'unmatched',
  inconsistent: 'inconsistent within the draft',
  targetAsAchieved: 'target stated as achieved',
  noFindings: 'No conflicts, inconsistencies or targets stated as achieved.',
  stated: 'Stated',
  official: 'Official',
  source: 'Source',
  achieved: 'achieved',
  target: 'target',
  unknown: 'unknown',
  alsoAt: 'other value at line {0}',
  file: 'Draft',
  total: 'Total',
};

export function totals(report: Report) {
  const t = { figures: 0, consistent: 0, conflict: 0, unmatched: 0, inconsistent: 0, targetAsAchieved: 0, realConflict: 0 };
  for (const f of report.files) {
    t.figures += f.summary.figures;
    t.consistent += f.summary.consistent;
    t.conflict += f.summary.conflict;
    t.unmatched += f.summary.unmatched;
    for (const x of f.findings) {
      if (x.code === 'figure.inconsistent') t.inconsistent++;
      else if (x.code === 'figure.target-as-achieved') t.targetAsAchieved++;
      else t.realConflict++;
    }
  }
  return t;
}

function codeLabel(code: FigureCode, s: ReportStrings): string {
  return code === 'figure.inconsistent' ? s.inconsistent : code === 'figure.target-as-achieved' ? s.targetAsAchieved : s.conflict;
}

/** Markdown table cells and emphasis must not be broken by corpus text (`|`, `*`, `<`). */
export function mdEscape(s: string): string {
  return s.replace(/([\\`*_{}[\]<>|#])/g, '\\$1').replace(/\r?\n/g, ' ');
}

function where(o: ReportOfficial): string {
  return `${o.source}:${o.line}:${o.column}`;
}

function slot(x: { region: string | null; period: string | null; kind: 'achieved' | 'target' }, s: ReportStrings): string {
  return `${x.region ?? s.unknown}, ${x.period ?? s.unknown}, ${x.kind === 'target' ? s.target : s.achieved}`;
}

/**
 * First line of every Markdown report. A report saved into the workspace is a .md file full of
 * stated figures (260家, out of their sentences): without this marker the next check would treat
 * it as a draft and report the conflicts again, in the report.
 */
export const REPORT_MARKER = '<!-- policy-assist:report -->';

export function isReportText(firstLine: string): boolean {
  return firstLine.replace(/^\ufeff/, '').trim() === REPORT_MARKER;
}

export function renderMarkdown(report: Report, s: ReportStrings = ENGLISH): string {
  const t = totals(report);
  const out: string[] = [];
  out.push(REPORT_MARKER, `# ${s.title}`, '');
  out.push(`${s.generated}: ${report.generatedAt} · ${s.corpus}: ${report.corpus.documents} docs, ${report.corpus.figures} ${s.figures}`, '');
  out.push(`| ${s.file} | ${s.figures} | ${s.consistent} | ${s.conflict} | ${s.unmatched} |`, '|---|---:|---:|---:|---:|');
  for (const f of report.files) {
    out.push(`| ${mdEscape(f.path)} | ${f.summary.figures} | ${f.summary.consistent} | ${f.summary.conflict} | ${f.summary.unmatched} |`);
  }
  if (report.files.length > 1) out.push(`| **${s.total}** | ${t.figures} | ${t.consistent} | ${t.conflict} | ${t.unmatched} |`);
  out.push('');
  out.push(`- ${s.conflict}: ${t.realConflict}`, `- ${s.targetAsAchieved}: ${t.targetAsAchieved}`, `- ${s.inconsistent}: ${t.inconsistent}`, '');
  for (const f of report.files) {
    if (!f.findings.length) continue;
    out.push(`## ${mdEscape(f.path)}`, '');
    for (const x of f.findings) {
      out.push(`### ${x.line}:${x.column} · ${mdEscape(x.indicator || x.stated)} · ${codeLabel(x.code, s)} (\`${x.code}\`)`, '');
      out.push(`- ${s.stated}: **${mdEscape(x.stated)}** (${slot(x, s)})`);
      if (x.official) {
        out.push(`- ${s.official}: **${mdEscape(x.official.text)}** (${slot(x.official, s)})`);
        out.push(`- ${s.source}: ${mdEscape(x.official.issuer ?? x.official.title)}, ${x.official.date ?? s.unknown} — 《${mdEscape(x.official.title)}》 \`${where(x.official)}\``);
        out.push(`  > ${mdEscape(x.official.passage)}`);
      }
      if (x.related) out.push(`- ${s.alsoAt.replace('{0}', String(x.related.line))}: **${mdEscape(x.related.text)}**`);
      out.push('');
    }
  }
  if (!t.realConflict && !t.targetAsAchieved && !t.inconsistent) out.push(s.noFindings, '');
  return out.join('\n');
}

export function htmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function renderHtml(report: Report, s: ReportStrings = ENGLISH, lang = 'en'): string {
  const e = htmlEscape;
  const t = totals(report);
  const rows = report.files
    .map((f) => `<tr><td>${e(f.path)}</td><td>${f.summary.figures}</td><td>${f.summary.consistent}</td><td>${f.summary.conflict}</td><td>${f.summary.unmatched}</td></tr>`)
    .join('\n');
  const sections = report.files
    .filter((f) => f.findings.length)
    .map((f) => {
      const items = f.findings
        .map((x) => {
          const off = x.official
            ? `<li>${e(s.official)}: <strong>${e(x.official.text)}</strong> (${e(slot(x.official, s))})</li>
<li>${e(s.source)}: ${e(x.official.issuer ?? x.official.title)}, ${e(x.official.date ?? s.unknown)} — 《${e(x.official.title)}》 <code>${e(where(x.official))}</code></li>
<li><blockquote>${e(x.official.passage)}</blockquote></li>`
            : '';
          const rel = x.related ? `<li>${e(s.alsoAt.replace('{0}', String(x.related.line)))}: <strong>${e(x.related.text)}</strong></li>` : '';
          return `<section class="finding ${e(x.code.replace('figure.', ''))}">
<h3>${x.line}:${x.column} · ${e(x.indicator || x.stated)} · ${e(codeLabel(x.code, s))} <code>${e(x.code)}</code></h3>
<ul><li>${e(s.stated)}: <strong>${e(x.stated)}</strong> (${e(slot(x, s))})</li>${off}${rel}</ul>
</section>`;
        })
        .join('\n');
      return `<h2>${e(f.path)}</h2>\n${items}`;
    })
    .join('\n');
  const none = !t.realConflict && !t.targetAsAchieved && !t.inconsistent ? `<p>${e(s.noFindings)}</p>` : '';
  return `<!DOCTYPE html>
<html lang="${e(lang)}">
<head>
<meta charset="utf-8">
<title>${e(s.title)}</title>
<style>
body { font-family: system-ui, "Microsoft YaHei", "PingFang SC", sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.6; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: .25rem .6rem; text-align: right; } td:first-child, th:first-child { text-align: left; }
.finding { border-left: 4px solid #c33; padding-left: .8rem; margin: 1rem 0; }
.finding.inconsistent, .finding.target-as-achieved { border-color: #c90; }
blockquote { margin: 0; color: #555; }
</style>
</head>
<body>
<h1>${e(s.title)}</h1>
<p>${e(s.generated)}: ${e(report.generatedAt)} · ${e(s.corpus)}: ${report.corpus.documents} docs, ${report.corpus.figures} ${e(s.figures)}</p>
<table>
<tr><th>${e(s.file)}</th><th>${e(s.figures)}</th><th>${e(s.consistent)}</th><th>${e(s.conflict)}</th><th>${e(s.unmatched)}</th></tr>
${rows}
</table>
<ul><li>${e(s.conflict)}: ${t.realConflict}</li><li>${e(s.targetAsAchieved)}: ${t.targetAsAchieved}</li><li>${e(s.inconsistent)}: ${t.inconsistent}</li></ul>
${sections}
${none}
</body>
</html>
`;
}
