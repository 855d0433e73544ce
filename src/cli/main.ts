// `policy-assist`: the same engine as the extension, for reviewers and CI.
// Exit codes: 0 clean, 1 findings (a conflict with the corpus or within a draft), 2 usage or input error.
// `run(argv, io)` does not touch process.exit or process.stdout, so tests run it in-process.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../engine/corpus';
import { decodeBytes } from '../engine/decode';
import { FIGURE_CODES, type CheckResult } from '../engine/figures/check';
import { loadCorpus, type LoadOptions } from '../engine/load';
import { saveIndex } from '../engine/persist';
import { createLanguageService, type LanguageService } from '../engine/service';
import { toSarif } from './sarif';

export interface Io {
  out(s: string): void;
  err(s: string): void;
  cwd?: string;
}

export const VERSION = '0.1.0';

const USAGE = `policy-assist ${VERSION} — checks figures in Chinese policy drafts against official documents

Usage:
  policy-assist check FILE... [--format text|json|sarif] [--all] [--region R] [--date YYYY-MM-DD]
  policy-assist index [--format text|json] [--write FILE] [--quiet]
  policy-assist complete --prefix TEXT [--script simplified|traditional] [--format text|json]
  policy-assist related --text TEXT [--top N] [--format text|json]
  policy-assist codes

Corpus options (every command):
  --corpus DIR     a folder of .txt/.md documents (repeatable; replaces the bundled seeds)
  --with-seeds     also use the bundled seeds when --corpus is given
  --no-cache       build the index in memory; read and write no cache
  --cache-dir DIR  where user-corpus indexes are cached (default: ~/.cache/policy-assist)

Exit codes: 0 no findings, 1 findings (a conflict or an in-draft inconsistency), 2 usage or input error.
`;

class UsageError extends Error {}

interface Parsed {
  command: string;
  positional: string[];
  flags: Map<string, string[]>;
}

const VALUE_FLAGS = new Set(['--write', '--corpus', '--format', '--prefix', '--text', '--top', '--region', '--date', '--cache-dir', '--script']);
const BOOL_FLAGS = new Set(['--with-seeds', '--no-cache', '--all', '--quiet', '--help', '-h', '--version']);

function parseArgs(argv: string[]): Parsed {
  const positional: string[] = [];
  const flags = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    let value: string | undefined;
    const eq = a.indexOf('=');
    if (a.startsWith('--') && eq > 0) [a, value] = [a.slice(0, eq), a.slice(eq + 1)];
    if (VALUE_FLAGS.has(a)) {
      if (value === undefined) {
        if (i + 1 >= argv.length) throw new UsageError(`${a} needs a value`);
        value = argv[++i];
      }
      flags.set(a, [...(flags.get(a) ?? []), value]);
    } else if (BOOL_FLAGS.has(a)) {
      flags.set(a, ['true']);
    } else if (a.startsWith('-') && a !== '-') {
      throw new UsageError(`unknown option ${a}`);
    } else positional.push(a);
  }
  return { command: positional.shift() ?? '', positional, flags };
}

function one(p: Parsed, flag: string): string | undefined {
  const v = p.flags.get(flag);
  return v ? v[v.length - 1] : undefined;
}

function format(p: Parsed, allowed: string[]): string {
  const f = one(p, '--format') ?? 'text';
  if (!allowed.includes(f)) throw new UsageError(`--format must be one of ${allowed.join(', ')} (got ${f})`);
  return f;
}

export async function run(argv: string[], io: Io): Promise<number> {
  let p: Parsed;
  try {
    p = parseArgs(argv);
    if (p.flags.has('--version')) {
      io.out(`${VERSION}\n`);
      return 0;
    }
    if (p.flags.has('--help') || p.flags.has('-h') || p.command === 'help') {
      io.out(USAGE);
      return 0;
    }
    if (!p.command) throw new UsageError('missing command');
    switch (p.command) {
      case 'index':
        return cmdIndex(p, io);
      case 'complete':
        return cmdComplete(p, io);
      case 'related':
        return cmdRelated(p, io);
      case 'check':
        return cmdCheck(p, io);
      case 'codes':
        for (const [code, text] of Object.entries(FIGURE_CODES)) io.out(`${code}\t${text}\n`);
        return 0;
      default:
        throw new UsageError(`unknown command ${p.command}`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`policy-assist: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    if (e instanceof InputError) {
      io.err(`policy-assist: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

function loadOptions(p: Parsed, io: Io): LoadOptions {
  const cwd = io.cwd ?? process.cwd();
  const dirs = (p.flags.get('--corpus') ?? []).map((d) => path.resolve(cwd, d));
  // Name the folder as the user typed it in errors.
  for (const [i, d] of dirs.entries()) {
    if (!fs.existsSync(d)) throw new InputError(`corpus folder not found: ${p.flags.get('--corpus')![i]}`);
    if (!fs.statSync(d).isDirectory()) throw new InputError(`corpus path is not a folder: ${p.flags.get('--corpus')![i]}`);
  }
  return {
    dirs,
    withSeeds: p.flags.has('--with-seeds'),
    noCache: p.flags.has('--no-cache'),
    cacheDir: one(p, '--cache-dir'),
    log: { warn: (m) => io.err(`warning: ${m}\n`) },
  };
}

function service(p: Parsed, io: Io): { svc: LanguageService; origin: string } {
  const { index, origin } = loadCorpus(loadOptions(p, io));
  for (const s of index.skipped) io.err(`warning: skipped ${s.path}: ${s.reason}\n`);
  return { svc: createLanguageService(index), origin };
}

function cmdIndex(p: Parsed, io: Io): number {
  const fmt = format(p, ['text', 'json']);
  const { svc, origin } = service(p, io);
  const idx = svc.index;
  const sum = svc.summary();
  // Per-document counts in one pass (filtering all passages per document was quadratic: 14 s on a
  // 10 MB corpus).
  const perDoc = idx.docs.map(() => ({ passages: 0, figures: 0 }));
  for (const x of idx.passages) perDoc[x.doc].passages++;
  for (const f of idx.figures) perDoc[f.doc].figures++;
  const write = one(p, '--write');
  if (write) {
    // Used by the build to prebuild the seed index (dist/seed-index.json).
    saveIndex(idx, path.resolve(io.cwd ?? process.cwd(), write));
    io.err(`index written to ${write}\n`);
  }
  // `--quiet`: the build and the editor's indexer process only want the file, not the listing.
  if (p.flags.has('--quiet')) return 0;
  if (fmt === 'json') {
    io.out(
      JSON.stringify(
        {
          origin,
          builtWith: idx.builtWith,
          summary: sum,
          documents: idx.docs.map((d, i) => ({
            ...d.meta,
            passages: perDoc[i].passages,
            figures: perDoc[i].figures,
            excluded: d.excluded,
          })),
          names: idx.names.map((n) => ({ name: n.name, traditional: n.traditional, kind: n.kind, initials: n.initials, region: n.region, count: n.count, score: n.score })),
          skipped: idx.skipped,
        },
        null,
        2,
      ) + '\n',
    );
    return 0;
  }
  io.out(`index: ${sum.documents} documents, ${sum.passages} passages, ${sum.programmes} programme names, ${sum.titles} document titles, ${sum.figures} official figures (${origin}, segmented with ${idx.builtWith})\n\n`);
  idx.docs.forEach((d, i) => {
    const m = d.meta;
    const { passages: np, figures: nf } = perDoc[i];
    const src = m.metaSource === 'manifest' ? '' : ' (inferred)';
    io.out(`${m.path}\n  ${m.title}\n  region ${m.region ?? 'unknown'} · date ${m.date ?? 'unknown'}${src} · ${m.script} · ${np} passages · ${nf} figures\n`);
    // Group dropped spans by reason: 000_… repeats its title before each of ten photos.
    const groups = new Map<string, typeof d.excluded>();
    for (const e of d.excluded) groups.set(`${e.kind}/${e.reason}`, [...(groups.get(`${e.kind}/${e.reason}`) ?? []), e]);
    for (const [reason, list] of groups) {
      const more = list.length > 1 ? ` (×${list.length})` : '';
      io.out(`  dropped ${reason}${more}: ${JSON.stringify(list[0].preview)}\n`);
    }
  });
  const shown = idx.names.filter((n) => n.kind !== 'phrase');
  io.out(`\nprogramme names and titles (${shown.length}):\n`);
  for (const n of shown) io.out(`  ${n.kind === 'document' ? '《' + n.name + '》' : n.name}\t${n.kind}\t${n.initials}\t${n.region ?? '-'}\t×${n.count}\n`);
  if (idx.skipped.length) {
    io.out(`\nskipped files (${idx.skipped.length}):\n`);
    for (const s of idx.skipped) io.out(`  ${s.path}: ${s.reason}\n`);
  }
  return 0;
}

function cmdComplete(p: Parsed, io: Io): number {
  const fmt = format(p, ['text', 'json']);
  const prefix = one(p, '--prefix');
  if (prefix === undefined) throw new UsageError('complete needs --prefix TEXT');
  const script = one(p, '--script');
  if (script && script !== 'simplified' && script !== 'traditional') throw new UsageError('--script must be simplified or traditional');
  const { svc } = service(p, io);
  const items = svc.complete(prefix, { script: script as 'simplified' | 'traditional' | undefined });
  if (fmt === 'json') {
    io.out(
      JSON.stringify(
        { items: items.map((i) => ({ label: i.label, insertText: i.insertText, range: i.range, kind: i.kind, detail: i.detail, source: i.source })) },
        null,
        2,
      ) + '\n',
    );
  } else {
    for (const i of items) io.out(`${i.label}\t${i.kind}\t[${i.range.start},${i.range.end})\t${i.detail}\n`);
  }
  return 0;
}

function cmdRelated(p: Parsed, io: Io): number {
  const fmt = format(p, ['text', 'json']);
  const text = one(p, '--text');
  if (text === undefined) throw new UsageError('related needs --text TEXT');
  const topRaw = one(p, '--top') ?? '5';
  const top = Number(topRaw);
  if (!Number.isInteger(top) || top < 1 || top > 100) throw new UsageError(`--top must be a whole number from 1 to 100 (got ${topRaw})`);
  const { svc } = service(p, io);
  const passages = svc.related(text, top);
  if (fmt === 'json') {
    io.out(
      JSON.stringify(
        { passages: passages.map((x) => ({ source: x.source, line: x.line, column: x.column, text: x.text, score: x.score, terms: x.terms, title: x.title, date: x.date, region: x.region })) },
        null,
        2,
      ) + '\n',
    );
  } else {
    for (const x of passages) io.out(`${x.source}:${x.line}:${x.column}\t${x.score}\t[${x.terms.join(' ')}]\n  ${x.text}\n`);
  }
  return 0;
}

/** Read a draft; every failure names the file. An empty draft is valid (no findings). */
export function readDraft(file: string, cwd: string): string {
  const abs = path.resolve(cwd, file);
  let st: fs.Stats;
  try {
    st = fs.statSync(abs);
  } catch {
    throw new InputError(`${file}: no such file`);
  }
  if (st.isDirectory()) throw new InputError(`${file}: is a directory, not a draft file`);
  const bytes = fs.readFileSync(abs);
  if (bytes.length === 0) return '';
  const d = decodeBytes(bytes);
  if (!d.ok) {
    if (d.reason === 'empty') return '';
    throw new InputError(`${file}: cannot be read as text: ${d.reason}`);
  }
  return d.text;
}

function cmdCheck(p: Parsed, io: Io): number {
  const fmt = format(p, ['text', 'json', 'sarif']);
  if (p.positional.length === 0) throw new UsageError('check needs at least one FILE');
  const cwd = io.cwd ?? process.cwd();
  // Read every draft before loading the corpus: a typo in a file name fails fast.
  const drafts = p.positional.map((f) => ({ path: f, text: readDraft(f, cwd) }));
  const { svc } = service(p, io);
  const opts = { defaultRegion: one(p, '--region') ?? null, defaultDate: one(p, '--date') ?? null };
  const results: { path: string; result: CheckResult }[] = drafts.map((d) => ({ path: d.path, result: svc.check(d.text, opts) }));
  const findings = results.some((r) => r.result.figures.some(isFinding));
  if (fmt === 'json') {
    io.out(JSON.stringify(toJson(results), null, 2) + '\n');
  } else if (fmt === 'sarif') {
    io.out(JSON.stringify(toSarif(results, VERSION), null, 2) + '\n');
  } else {
    const all = p.flags.has('--all');
    const total = { figures: 0, consistent: 0, conflict: 0, unmatched: 0 };
    for (const { path: file, result } of results) {
      for (const f of result.figures) {
        if (all || isFinding(f)) io.out(`${file}:${f.line}:${f.column}: ${f.severity} ${f.code} ${f.message}\n`);
      }
      for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += result.summary[k];
    }
    io.out(`${total.figures} figures: ${total.consistent} consistent, ${total.conflict} conflict, ${total.unmatched} unmatched\n`);
  }
  return findings ? 1 : 0;
}

export function isFinding(f: CheckResult['figures'][number]): boolean {
  return f.code === 'figure.conflict' || f.code === 'figure.inconsistent' || f.code === 'figure.target-as-achieved';
}

export function toJson(results: { path: string; result: CheckResult }[]) {
  const summary = { figures: 0, consistent: 0, conflict: 0, unmatched: 0 };
  const files = results.map(({ path: file, result }) => {
    for (const k of Object.keys(summary) as (keyof typeof summary)[]) summary[k] += result.summary[k];
    return {
      path: file,
      draft: result.draft,
      figures: result.figures.map((f) => ({
        text: f.text,
        line: f.line,
        column: f.column,
        endLine: f.endLine,
        endColumn: f.endColumn,
        status: f.status,
        code: f.code,
        severity: f.severity,
        message: f.message,
        indicator: f.meaning.indicator,
        region: f.meaning.region,
        period: f.meaning.period,
        kind: f.meaning.status,
        stated: { low: finite(f.stated.low), high: finite(f.stated.high), unit: f.stated.unit },
        official: f.official
          ? {
              text: f.official.text,
              source: f.official.source,
              line: f.official.line,
              column: f.official.column,
              date: f.official.date,
              region: f.official.region,
              period: f.official.period,
              kind: f.official.status,
              passage: f.official.passage,
            }
          : null,
        ...(f.related ? { related: f.related } : {}),
        ...(f.replacement ? { replacement: f.replacement } : {}),
      })),
    };
  });
  return { files, summary };
}

/** JSON has no Infinity: an open-ended interval (超过40万家) is written with null for the open end. */
function finite(n: number): number | null {
  return Number.isFinite(n) ? n : null;
}
