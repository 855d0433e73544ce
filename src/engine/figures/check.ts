// The check: every figure in a draft against the official figures for the same slot
// (indicator, region, period, achieved/target, unit).
//   consistent  the intervals agree (206家 vs 206家; 超过40万家 vs 超过40万家; 100场 vs 100场左右)
//   conflict    they cannot both be true (260家 vs 206家; 200场 vs 100场左右)
//   unmatched   no official figure for that slot. A figure for ANOTHER region or period is not a
//               conflict: 5G基站 is 6万多个 in Jiangxi and 20.2万个 in Shandong, both true.
// Plus, inside the draft: one slot stated with two incompatible values (figure.inconsistent).

import { detectScript, normalize, toOriginalOffset, lineStartsOf, positionAt, type Normalized } from '../normalize';
import { isSpace, sentenceSpans } from '../passages';
import { canonicalRegion, dominantRegion, provinceMentions, NATIONAL } from '../regions';
import { inferDate, normalizeDate } from '../documents';
import type { CorpusIndex } from '../corpusIndex';
import type { OffsetMap, Script, SourcePos } from '../types';
import { figuresInSentence, type OfficialFigure, type StatedFigure } from './official';
import { clearPhraseMemo, paragraphTense, timeMentions, timeMentionsIn } from './meaning';
import type { Context, FigureMeaning, ParagraphTense, TimeMention } from './meaning';
import { formatValue, intervalsOverlap } from './quantity';

export type FigureCode =
  | 'figure.consistent'
  | 'figure.conflict'
  | 'figure.unmatched'
  | 'figure.inconsistent'
  | 'figure.target-as-achieved';

/** Stable codes with their meaning; the README's table and `policy-assist codes` print this. */
export const FIGURE_CODES: Record<FigureCode, string> = {
  'figure.consistent': 'The figure agrees with the official figure for the same indicator, region, period and kind.',
  'figure.conflict': 'The figure cannot be true together with the official figure for the same slot.',
  'figure.unmatched': 'No official figure for this slot (other regions or periods may exist; they are not conflicts).',
  'figure.inconsistent': 'The draft states the same indicator with two incompatible values.',
  'figure.target-as-achieved': 'The draft states as achieved a value the official source gives only as a target.',
};

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface OfficialRef {
  text: string;
  source: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  date: string | null;
  region: string | null;
  period: string | null;
  status: 'achieved' | 'target';
  indicator: string;
  passage: string;
  title: string;
  issuer: string | null;
  low: number;
  high: number;
  unit: string;
}

export interface CheckedFigure {
  text: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  status: 'consistent' | 'conflict' | 'unmatched';
  code: FigureCode;
  severity: Severity;
  message: string;
  stated: { low: number; high: number; unit: string; value: number; qualifier: string; kind: string };
  meaning: FigureMeaning;
  official: OfficialRef | null;
  /** Other official figures for the same indicator (same slot: "also stated in N sources"; other region/period: information). */
  others: OfficialRef[];
  /** For figure.inconsistent: where the draft states the other value. */
  related?: { line: number; column: number; text: string };
  /** Quick-fix text: the official figure as it should read in the draft's script. */
  replacement?: string;
}

export interface DraftInfo {
  region: string | null;
  date: string | null;
  regionSource: 'front-matter' | 'title' | 'text' | 'default' | 'unknown';
  dateSource: 'front-matter' | 'text' | 'default' | 'unknown';
  script: Script;
}

/**
 * Read-only: a language service's results share objects with its earlier results (findings of
 * unchanged lines, official refs), so changing one would change what later checks return.
 */
export interface CheckResult {
  draft: DraftInfo;
  figures: CheckedFigure[];
  summary: { figures: number; consistent: number; conflict: number; unmatched: number };
}

export interface CheckOptions {
  /** Region when the draft does not say (setting / --region). */
  defaultRegion?: string | null;
  /** Date when the draft does not say (--date); relative words (去年) stay unresolved without one. */
  defaultDate?: string | null;
  /** Figures the reviewer marked as reviewed: `line:text` keys or plain figure texts. */
  reviewed?: (f: { text: string; line: number; meaning: FigureMeaning }) => boolean;
}

// ---------------------------------------------------------------------------------------------
// Front matter and draft metadata

export interface FrontMatter {
  fields: Record<string, string>;
  /** Length of the front matter block in the original text (0 when none). */
  length: number;
}

export function parseFrontMatter(text: string): FrontMatter {
  const m = /^\ufeff?---\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(text);
  if (!m) return { fields: {}, length: 0 };
  const fields: Record<string, string> = {};
  for (const line of m[1].split(/\r?\n/)) {
    const kv = /^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$/.exec(line);
    if (kv) fields[kv[1].toLowerCase()] = kv[2].replace(/^["']|["']$/g, '');
  }
  return { fields, length: m[0].length };
}

export function draftInfo(original: string, normalized: string, fm: FrontMatter, script: Script, opts: CheckOptions): DraftInfo {
  let region = canonicalRegion(fm.fields.region);
  let regionSource: DraftInfo['regionSource'] = region ? 'front-matter' : 'unknown';
  const body = normalized.slice(fm.length);
  if (!region) {
    const title = /^\s*#*\s*(.+)/.exec(body)?.[1] ?? '';
    const inTitle = provinceMentions(title)[0]?.region ?? (/全国|国家/.test(title) ? NATIONAL : null);
    if (inTitle) [region, regionSource] = [inTitle, 'title'];
  }
  if (!region) {
    const r = dominantRegion(body);
    if (r) [region, regionSource] = [r, 'text'];
  }
  if (!region && opts.defaultRegion) [region, regionSource] = [canonicalRegion(opts.defaultRegion), 'default'];
  let date = normalizeDate(fm.fields.date);
  let dateSource: DraftInfo['dateSource'] = date ? 'front-matter' : 'unknown';
  if (!date) {
    const d = inferDate(body);
    if (d) [date, dateSource] = [d, 'text'];
  }
  if (!date && opts.defaultDate) [date, dateSource] = [normalizeDate(opts.defaultDate), 'default'];
  void original;
  return { region, date, regionSource, dateSource, script };
}

// ---------------------------------------------------------------------------------------------
// Matching

/** Units that can be compared directly. 台/套/台(套) are one unit; % and 个百分点 never are. */
function unitFamily(f: { unit: string; kind: string }): string {
  if (f.kind === 'fraction') return '%';
  // 第7位 (a rank) and 10位省领导 (people) share the character 位 and nothing else.
  if (f.kind === 'rank') return 'rank';
  if (f.unit === '台' || f.unit === '套' || f.unit === '台套') return '台套';
  return f.unit;
}

/** Interval in the family's scale (a fraction 1/3 compares as 33.3%). */
function scaled(f: { low: number; high: number; lowInclusive: boolean; highInclusive: boolean; kind: string }) {
  if (f.kind !== 'fraction') return f;
  return { ...f, low: f.low * 100, high: f.high * 100 };
}

/** k.replace(/#\d+$/, ''): without the `#n` that numbers figures sharing an indicator. */
export function baseKey(k: string): string {
  let i = k.length;
  while (i > 0 && k.charCodeAt(i - 1) >= 48 && k.charCodeAt(i - 1) <= 57) i--;
  return i < k.length && i > 0 && k.charCodeAt(i - 1) === 35 /* # */ ? k.slice(0, i - 1) : k;
}

/**
 * Indicator similarity in [0, 1]. The heads (last two characters) must agree, because Chinese noun
 * phrases are head-final: 5G基站 and 每万人拥有5G基站数 share most characters but measure
 * different things (a count vs a density), and their heads 基站 / 站数 differ.
 */
export function indicatorScore(a: string, b: string): number {
  const x = baseKey(a);
  const y = baseKey(b);
  if (!x || !y) return 0;
  if (x === y) return 1;
  if (x.slice(-2) !== y.slice(-2)) return 0;
  return bigramScore(x, bigramCounts(x), y, bigramCounts(y));
}

/** How often each bigram of `s` occurs in it. */
function bigramCounts(s: string): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i + 1 < s.length; i++) {
    const g = s.slice(i, i + 2);
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

/**
 * indicatorScore of two different base keys with the same head, from their bigram counts (made
 * once per key: FigureMatcher keeps the official keys' counts). The bigrams the two share, each
 * as often as the rarer side has it, over the bigrams of both (Dice).
 */
function bigramScore(x: string, gx: Map<string, number>, y: string, gy: Map<string, number>): number {
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  if (long.endsWith(short) && short.length >= 3) return 0.9;
  let common = 0;
  for (const [g, n] of gx) {
    const k = gy.get(g);
    if (k !== undefined) common += n < k ? n : k;
  }
  return (2 * common) / (Math.max(0, x.length - 1) + Math.max(1, y.length - 1));
}

const MATCH_THRESHOLD = 0.75;

/**
 * Periods agree when equal. A corpus figure whose sentence names no period carries its document's
 * year; a press release of year Y that gives no year speaks of Y or Y-1 data, so such an implicit
 * period also accepts Y-1. A draft figure with no period of its own matches any period.
 */
function periodsAgree(d: FigureMeaning, o: FigureMeaning): boolean {
  if (!d.periodExplicit || !d.period || !o.period) return true;
  if (d.period === o.period) return true;
  if (!o.periodExplicit) {
    // Implicit official period: compare years only (the draft's `今年一季度…达到了45.2%` may be the
    // same level the press release states without a date).
    const dy = Number(d.period.slice(0, 4));
    const oy = Number(o.period.slice(0, 4));
    return dy === oy || dy === oy - 1;
  }
  return false;
}

function regionsAgree(d: string | null, o: string | null): boolean {
  return d === null || o === null || d === o;
}

const width = (o: OfficialFigure) => (Number.isFinite(o.high - o.low) ? o.high - o.low : Number.MAX_VALUE);

interface Interval {
  low: number;
  high: number;
  lowInclusive: boolean;
  highInclusive: boolean;
}

/** Intersection of intervals, or null when empty. */
function intersect(ivs: Interval[]): Interval | null {
  let cur: Interval = { low: -Infinity, high: Infinity, lowInclusive: false, highInclusive: false };
  for (const iv of ivs) {
    if (iv.low > cur.low || (iv.low === cur.low && !iv.lowInclusive)) cur = { ...cur, low: iv.low, lowInclusive: iv.lowInclusive };
    if (iv.high < cur.high || (iv.high === cur.high && !iv.highInclusive)) cur = { ...cur, high: iv.high, highInclusive: iv.highInclusive };
  }
  if (cur.low < cur.high || (cur.low === cur.high && cur.lowInclusive && cur.highInclusive)) return cur;
  return null;
}

type Candidate = { o: OfficialFigure; score: number };

interface OfficialKey {
  o: OfficialFigure;
  /** baseKey of its indicator key. */
  base: string;
  /** bigramCounts(base), made on first use. */
  grams: Map<string, number> | undefined;
}

/**
 * Code-point order, for periods (`2023`, `2023-Q1`, `2020-01..07`): ASCII digits, `-`, `.`, `Q`
 * and `H` sort the same as by localeCompare, which a cold check paid for dearly: its first call
 * sets up an ICU collator, 24 ms of the first two checks of a 100k-character draft.
 */
function byCode(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * What the official figures say about one draft slot (indicator key and unit family, region,
 * period, status). A 1 MB draft states 7,400 figures in a few hundred slots; filtering and
 * sorting the candidates, and building their refs, per figure was a third of its check.
 */
interface Slot {
  /** Candidates of the same region and period (any status). */
  sameSlot: Candidate[];
  /** …and the same status: the ones a figure is checked against. */
  sameStatus: Candidate[];
  /** Refs of the candidates outside sameStatus (other region, period or status), best first. */
  others: OfficialRef[];
  /** sameStatus by period, each with the intersection of its intervals (see agreeing). */
  groups: { members: { c: Candidate; iv: Interval }[]; inter: Interval | null }[];
  /** sameStatus as a conflict cites it: latest period's most precise statement first. */
  cite: Candidate[];
  /**
   * In-draft consistency: the slot's first statement in the check `stamp` (a LineCache
   * generation). Kept on the slot, one object per slot key while the draft's lines refer to it
   * (see FigureMatcher.beginCheck), instead of a map from slot keys looked up per figure.
   */
  stamp: number;
  first: SlotFirst | null;
  /**
   * `others` of a conflict: the rest of cite, then others (the same for every figure of the slot).
   * Set to undefined when the slot is made (see newSlot), like unmatchedHint.
   */
  conflictOthers: OfficialRef[] | undefined;
  /** The end of an unmatched figure's message: where else the indicator has official figures. */
  unmatchedHint: string | undefined;
}

/**
 * A slot with every field present from the start. Added later, conflictOthers and unmatchedHint
 * gave the slots of a check several shapes (none, one or the other, both, in either order), and
 * matchFigure's optimised code was thrown away on each new one, in every cold check (V8's
 * `--trace-deopt`: `wrong map` in matchFigure, run after run).
 */
function newSlot(sameSlot: Candidate[], sameStatus: Candidate[], others: OfficialRef[], groups: Slot['groups'], cite: Candidate[]): Slot {
  return { sameSlot, sameStatus, others, groups, cite, stamp: 0, first: null, conflictOthers: undefined, unmatchedHint: undefined };
}

interface SlotFirst {
  line: number;
  column: number;
  text: string;
  fs: Interval;
}

const NO_SLOT: Slot = newSlot([], [], [], [], []);

/**
 * A draft figure's slot, or null without an indicator: the in-draft consistency key, and the key
 * of what the official figures say about it. It holds exactly what regionsAgree and periodsAgree
 * read: the region or '' for none (any region), the period when explicit or '' (any period; an
 * explicit figure with no period agrees with any too). Unambiguous although an indicator may hold
 * a `|` (a table row): the fields after it never do. One string per figure, built once.
 */
function slotKey(f: Pick<StatedFigure, 'unit' | 'kind' | 'meaning'>): string | null {
  const m = f.meaning;
  return m.key ? [m.key, m.region, m.periodExplicit ? m.period : '', m.status, unitFamily(f)].join('|') : null;
}

export class FigureMatcher {
  /**
   * The official figures by unit family and head (the last two characters of the base key): the
   * only ones an indicator can score against. Each with its base key, and its bigram counts once
   * a draft key is scored against it: recomputing both, and the family, for every official
   * figure of the head on each new draft key was half of the slots' cost in a cold check.
   */
  private readonly byHead = new Map<string, OfficialKey[]>();
  /**
   * `lines`: analysed draft lines, for re-checks of an edited draft (see LineCache); `maxSlots`:
   * the bound of the slot memo (see beginCheck).
   */
  constructor(
    private readonly index: Pick<CorpusIndex, 'figures' | 'docs' | 'passages'>,
    readonly lines: LineCache = new LineCache(),
    private readonly maxSlots = 10_000,
  ) {
    // Each matcher's first check starts without the phrase memo (see clearPhraseMemo).
    clearPhraseMemo();
    for (const f of index.figures) {
      const base = baseKey(f.meaning.key);
      // An empty key scores 0 against everything (indicatorScore).
      if (!base) continue;
      const group = `${unitFamily(f)}\u0000${base.slice(-2)}`;
      let list = this.byHead.get(group);
      if (!list) this.byHead.set(group, (list = []));
      list.push({ o: f, base, grams: undefined });
    }
  }

  /**
   * Candidates per (unit family, indicator key): a draft states the same indicator many times
   * (a 1 MB draft: 7,400 figures, a few hundred distinct keys), and scoring the key against every
   * official figure with the same head each time was a sixth of its check. Bounded, so an editing
   * session that produces ever new keys cannot grow it without limit.
   */
  private readonly memo = new Map<string, Candidate[]>();
  private readonly slots = new Map<string, Slot>();
  /** One ref per official figure: the index never changes under a matcher, nor does a ref. */
  private readonly refs = new Map<OfficialFigure, OfficialRef>();

  /** Official figures whose indicator and unit match (any region, period, status), best first. Read-only. */
  private scored(f: Pick<StatedFigure, 'unit' | 'kind' | 'meaning'>): Candidate[] {
    const memoKey = `${unitFamily(f)}\u0000${f.meaning.key}`;
    let found = this.memo.get(memoKey);
    if (!found) {
      if (this.memo.size >= 10_000) this.memo.clear();
      this.memo.set(memoKey, (found = this.score(f)));
    }
    return found;
  }

  /** The official figures for a draft figure's slot, memoised per slot (k: its slotKey). */
  slot(f: Pick<StatedFigure, 'unit' | 'kind' | 'meaning'>, k = slotKey(f)): Slot {
    const m = f.meaning;
    if (k === null) return NO_SLOT;
    let slot = this.slots.get(k);
    if (slot) return slot;
    const cands = this.scored(f);
    const sameSlot = cands.filter((c) => regionsAgree(m.region, c.o.meaning.region) && periodsAgree(m, c.o.meaning));
    const sameStatus = sameSlot.filter((c) => c.o.meaning.status === m.status);
    const inStatus = new Set(sameStatus);
    const byPeriod = new Map<string, { members: { c: Candidate; iv: Interval }[]; inter: Interval | null }>();
    for (const c of sameStatus) {
      const p = c.o.meaning.period ?? '';
      let g = byPeriod.get(p);
      if (!g) byPeriod.set(p, (g = { members: [], inter: null }));
      g.members.push({ c, iv: scaled(c.o) });
    }
    for (const g of byPeriod.values()) g.inter = intersect(g.members.map((x) => x.iv));
    slot = newSlot(
      sameSlot,
      sameStatus,
      cands.filter((c) => !inStatus.has(c)).map((c) => this.ref(c.o)),
      [...byPeriod.values()],
      [...sameStatus].sort((a, b) => b.score - a.score || byCode(b.o.meaning.period ?? '', a.o.meaning.period ?? '') || width(a.o) - width(b.o)),
    );
    this.slots.set(k, slot);
    return slot;
  }

  /**
   * Called before each check. The slot memo is bounded (an editing session produces ever new
   * keys), but a slot is also where a check keeps the slot's first statement, so one key must
   * have one slot object for the whole check and for every cached line: when the memo is full it
   * goes together with the lines that refer to it, never in the middle of a check.
   */
  beginCheck(): void {
    if (this.slots.size < this.maxSlots) return;
    this.slots.clear();
    this.lines.clear();
  }

  /** indicatorScore of the figure's key against each official figure of its family, those over the threshold. */
  private score(f: Pick<StatedFigure, 'unit' | 'kind' | 'meaning'>): Candidate[] {
    const x = baseKey(f.meaning.key);
    const out: Candidate[] = [];
    if (!x) return out;
    const list = this.byHead.get(`${unitFamily(f)}\u0000${x.slice(-2)}`);
    if (list === undefined) return out;
    let gx: Map<string, number> | undefined;
    for (const e of list) {
      let s: number;
      if (e.base === x) s = 1;
      else s = bigramScore(x, (gx ??= bigramCounts(x)), e.base, (e.grams ??= bigramCounts(e.base)));
      if (s >= MATCH_THRESHOLD) out.push({ o: e.o, score: s });
    }
    out.sort((a, b) => b.score - a.score || byCode(b.o.meaning.period ?? '', a.o.meaning.period ?? ''));
    return out;
  }

  /** The official figure as results cite it. Shared between results: read-only. */
  ref(o: OfficialFigure): OfficialRef {
    let r = this.refs.get(o);
    if (r) return r;
    const doc = this.index.docs[o.doc].meta;
    r = {
      text: o.text,
      source: doc.path,
      line: o.pos.line,
      column: o.pos.column,
      endLine: o.endPos.line,
      endColumn: o.endPos.column,
      date: doc.date,
      region: o.meaning.region,
      period: o.meaning.period,
      status: o.meaning.status,
      indicator: o.meaning.indicator,
      passage: this.index.passages[o.passage].text,
      title: doc.title,
      issuer: doc.issuer,
      low: o.low,
      high: o.high,
      unit: o.unit,
    };
    this.refs.set(o, r);
    return r;
  }
}

/**
 * The official figures a draft figure agrees with. Within one period a slot may be stated several
 * times, loosely and precisely: 000_… says `去年产业规模已突破6000亿元、达到6688亿元`. A draft's
 * 6868亿元 satisfies `突破6000亿元` but not `6688亿元`, so it must agree with EVERY statement of
 * the period (their intersection, memoised in the slot). Only when the sources contradict each
 * other (the intersection is empty, e.g. `20条赛道` and `15条赛道` in different contexts) does
 * agreeing with one suffice. Returns the agreeing figures, most precise first (the one to cite).
 */
function agreeing(fs: Interval, slot: Slot): Candidate[] {
  const out: Candidate[] = [];
  const groups = slot.groups;
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i];
    const members = g.members;
    let any = g.inter !== null && intervalsOverlap(fs, g.inter);
    if (g.inter === null) for (let k = 0; k < members.length && !any; k++) any = intervalsOverlap(fs, members[k].iv);
    if (!any) continue;
    for (let k = 0; k < members.length; k++) if (intervalsOverlap(fs, members[k].iv)) out.push(members[k].c);
  }
  // Stable insertion sort (as Array.prototype.sort is stable, the same order): a few candidates,
  // and an inlined sort with a comparator made this small function a 20 ms TurboFan compile.
  for (let i = 1; i < out.length; i++) {
    const c = out[i];
    let j = i;
    while (j > 0 && byAgreement(out[j - 1], c) > 0) {
      out[j] = out[j - 1];
      j--;
    }
    out[j] = c;
  }
  return out;
}

function byAgreement(a: Candidate, b: Candidate): number {
  return b.score - a.score || width(a.o) - width(b.o);
}

// ---------------------------------------------------------------------------------------------
// The check

interface DraftFigure extends StatedFigure {
  pos: SourcePos;
  endPos: SourcePos;
}

/**
 * Figures of a draft with their ORIGINAL positions (1-based, UTF-16 columns, end exclusive), from
 * the whole draft at once. checkDraft works line by line (see LineCache) and must find exactly
 * these; the tests hold it to that.
 */
export function draftFigures(original: string, opts: CheckOptions = {}): { info: DraftInfo; figures: DraftFigure[]; normalized: string } {
  const fm = parseFrontMatter(original);
  const { text, map, script } = normalize(original);
  // Front matter is never checked (its `date: 2023-05-01` is not a figure). Normalisation keeps
  // ASCII front matter 1:1, so the same length applies.
  const info = draftInfo(original, text, fm, script, opts);
  const ctx: Context = { region: info.region, date: info.date };
  const lineStarts = lineStartsOf(original);
  const figures: DraftFigure[] = [];
  let start = fm.length;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end);
    if (!isSkippedLine(line)) {
      const tense = paragraphTense(line, ctx.date);
      for (const sp of sentenceSpans(text, start, end)) {
        const sentence = text.slice(sp.start, sp.end);
        for (const f of figuresInSentence(sentence, ctx, tense)) {
          const oa = toOriginalOffset(map, sp.start + f.start);
          const ob = toOriginalOffset(map, sp.start + f.end - 1) + 1;
          // The text as the drafter wrote it (`6個`, not the normalised `6个`).
          figures.push({ ...f, text: original.slice(oa, ob), pos: positionAt(lineStarts, oa), endPos: positionAt(lineStarts, ob) });
        }
      }
    }
    start = end + 1;
  }
  return { info, figures, normalized: text };
}

// Markdown code fences, HTML comments and table rules hold no prose to check.
export const SKIPPED_LINE = /^\s*(```|<!--|\|?\s*-{3,})/;

/**
 * SKIPPED_LINE.test(line), with the regex tried only when the first character after the leading
 * spaces can start one of its forms (` < | -): once per line of a draft, and prose starts so
 * almost never.
 */
export function isSkippedLine(line: string): boolean {
  let k = 0;
  while (k < line.length && isSpace(line.charCodeAt(k))) k++;
  // A line of spaces only: nothing to skip, and no character at k (see meaning.ts, isAttributive).
  if (k === line.length) return false;
  const c = line.charCodeAt(k);
  return (c === 0x60 || c === 0x3c || c === 0x7c || c === 0x2d) && SKIPPED_LINE.test(line);
}

// Per ref (refs are memoised per official figure): a draft cites the same few statements often.
const described = new WeakMap<OfficialRef, string>();

function describe(o: OfficialRef): string {
  let d = described.get(o);
  if (d === undefined) described.set(o, (d = flat(describeRef(o))));
  return d;
}

function describeRef(o: OfficialRef): string {
  const kind = o.status === 'target' ? '目标' : '已实现';
  return `${o.region ?? '地区不明'}, ${o.period ?? '时期不明'}, ${kind}; ${o.source}:${o.line}:${o.column}`;
}

/** A draft figure's finding apart from where it is and what the rest of the draft says. */
interface Match {
  status: CheckedFigure['status'];
  code: FigureCode;
  severity: Severity;
  message: string;
  official: OfficialRef | null;
  others: OfficialRef[];
  replacement?: string;
}

/**
 * A figure's finding on `line`. Every finding is built here, field by field in one order (spreads
 * and fields added in different orders gave V8 many shapes and cost the check its optimised code),
 * with every field from the start: `replacement` and `related` (figure.inconsistent, set by
 * checkDraft) are undefined where absent. A field added later gives the object a shape held only
 * by such objects, which goes when they are collected (see SHAPE_KEEPER).
 */
function findingOf(lf: LineFigure, line: number, r: Match): CheckedFigure {
  const f: CheckedFigure = {
    text: lf.text,
    line,
    column: lf.column,
    endLine: line,
    endColumn: lf.endColumn,
    stated: lf.stated,
    meaning: lf.meaning,
    status: r.status,
    code: r.code,
    severity: r.severity,
    message: r.message,
    official: r.official,
    others: r.others,
    replacement: r.replacement,
    related: undefined,
  };
  return f;
}

/**
 * One figure of an analysed line: everything its line's text and the draft's context (script,
 * region, date) decide. Its line number, the reviewer's marks and in-draft consistency are
 * applied on every check.
 */
interface LineFigure {
  text: string;
  column: number;
  endColumn: number;
  stated: CheckedFigure['stated'];
  meaning: FigureMeaning;
  /** The interval, scaled to its unit family. */
  fs: Interval;
  /** Its slot, or null when the figure has no indicator (no in-draft consistency either). */
  slot: Slot | null;
  match: Match;
  /** `others` of the figure's slot, for the reviewed finding. */
  slotOthers: OfficialRef[];
  /** Its latest plain finding (not reviewed, not inconsistent), returned again while its line number holds. */
  last?: CheckedFigure;
}

interface LineEntry {
  figures: LineFigure[];
  /** Generation of the last check that used this line. */
  used: number;
}

const NO_FIGURES: LineFigure[] = [];

/**
 * Analysed draft lines, keyed by the draft's context (script, region, date) and the line's
 * ORIGINAL text. An editor re-checks a draft on every keystroke; all but the edited line are the
 * same text as before, possibly on another line number, so they are looked up here instead of
 * re-analysed. A line's figures depend on nothing else: normalisation keeps lines (a line
 * normalises the same alone as in its draft), sentences never span lines, and the paragraph
 * tense is the line's own. Positions are kept as columns and the line number is applied on use.
 *
 * Bounded: once it holds more than `maxLines` lines, the lines the latest check did not use go.
 * Entries hold their own copies of the line's text, never slices of a draft, so an entry does
 * not keep the whole draft it came from alive (a 1 MB draft per keystroke).
 */
export class LineCache {
  private readonly byContext = new Map<string, Map<string, LineEntry>>();
  private size = 0;
  private generation = 0;
  /** 50,000 lines: five 1 MB drafts (10,000 lines each, half of them blank and never cached). */
  constructor(private readonly maxLines = 50_000) {}

  /**
   * The latest check per context: its draft and each line's entry. An edit leaves the text before
   * and after it alone, so the lines there are found by position (see reusable) without hashing
   * each line's text: 5,000 lookups were a quarter of re-checking a 1 MB draft. At most
   * MAX_LAST_DRAFTS contexts (each holds a draft).
   */
  private readonly last = new Map<string, LastCheck>();
  private static readonly MAX_LAST_DRAFTS = 4;
  /** See normalizeDraft. */
  lastNormalized: LastNormalized | undefined;
  private lastAffixes: { a: string; b: string; p: number; s: number } | undefined;

  /**
   * The common prefix and suffix of a draft and an earlier one. normalizeDraft and reusable both
   * ask, per keystroke, for the same pair (the draft and the one checked before it), and each scan
   * of a 1 MB draft costs 0.1–0.2 ms: the last answer is kept.
   */
  affixes(a: string, b: string): { p: number; s: number } {
    const m = this.lastAffixes;
    if (m !== undefined && m.a === a && m.b === b) return m;
    const p = commonPrefix(a, b);
    const s = commonSuffix(a, b, Math.min(a.length, b.length) - p);
    this.lastAffixes = { a, b, p, s };
    return this.lastAffixes;
  }

  /** Starts a check in the given context; returns the lines known in it. */
  begin(context: string): { lines: Map<string, LineEntry>; generation: number; last: LastCheck | undefined } {
    let lines = this.byContext.get(context);
    if (!lines) this.byContext.set(context, (lines = new Map()));
    return { lines, generation: ++this.generation, last: this.last.get(context) };
  }

  /** Records a check's draft and the entries of its lines (by 0-based line index). */
  remember(context: string, original: string, entries: (LineEntry | undefined)[]): void {
    this.last.delete(context);
    this.last.set(context, { original, entries });
    if (this.last.size > LineCache.MAX_LAST_DRAFTS) this.last.delete(this.last.keys().next().value!);
  }

  add(lines: Map<string, LineEntry>, key: string, entry: LineEntry): void {
    lines.set(key, entry);
    this.size++;
  }

  /** Ends a check: evicts what it did not use if the cache is over its bound. */
  end(generation: number): void {
    if (this.size <= this.maxLines) return;
    this.size = 0;
    for (const [context, lines] of this.byContext) {
      for (const [k, e] of lines) if (e.used !== generation) lines.delete(k);
      if (lines.size === 0) this.byContext.delete(context);
      this.size += lines.size;
    }
  }

  /** Number of cached lines (for tests). */
  get count(): number {
    return this.size;
  }

  clear(): void {
    this.byContext.clear();
    this.last.clear();
    this.lastNormalized = undefined;
    this.size = 0;
  }
}

interface LastCheck {
  original: string;
  entries: (LineEntry | undefined)[];
}

/**
 * The latest draft's normalisation, kept when it is the simple case: Simplified script and no
 * character removed (no pinyin annotation), so the normalised text is the original folded
 * character by character. The next version is normalised by its changed lines only.
 */
interface LastNormalized {
  original: string;
  text: string;
}

/**
 * normalize(original), reusing `last` for the lines an edit left alone. Normalisation keeps lines
 * (a line folds the same alone as in its draft: the pinyin rule looks no further back than the
 * character before the bracket, and a line starts after a newline), so the unchanged text before
 * and after the edited lines keeps its normalised form; the script is detected again on the
 * whole text, as normalize does, and anything but the simple case falls back to normalize. Fully
 * normalising a 1 MB draft on every keystroke cost 4 ms, more than half of the baseline.
 */
export function normalizeDraft(original: string, cache: LineCache): Normalized {
  const r = (cache.lastNormalized && normalizeEdit(original, cache.lastNormalized, cache)) ?? normalize(original);
  const identity = r.script === 'simplified' && r.text.length === original.length && r.map.norm.length <= 1;
  cache.lastNormalized = identity ? { original, text: r.text } : undefined;
  return r;
}

function normalizeEdit(original: string, last: LastNormalized, cache: LineCache): Normalized | null {
  const prev = last.original;
  const n = original.length;
  if (n === 0) return null;
  const { p, s } = cache.affixes(original, prev);
  // The edited lines: from the start of the line where the texts part to the end of the line
  // where they meet again.
  // (lastIndexOf from -1 would still look at index 0.)
  const a = p === 0 ? 0 : original.lastIndexOf('\n', p - 1) + 1;
  let b = original.indexOf('\n', n - s);
  if (b === -1) b = n;
  if (b < a) b = a;
  const mid = normalize(original.slice(a, b), 'simplified');
  if (mid.text.length !== b - a) return null; // a pinyin annotation was removed
  const folded = a === 0 && b === n ? mid.text : [last.text.slice(0, a), mid.text, last.text.slice(b - n + prev.length)].join('');
  if (detectScript(folded) !== 'simplified') return null;
  return { text: folded, map: { norm: [0], orig: [0] }, script: 'simplified' };
}

/**
 * Length of the common prefix of a and b. Whole blocks compared as strings first, long then
 * shorter (`===` on two slices is a native comparison: 0.03 ms for 200,000 equal units, where a
 * loop over charCodeAt took 1 ms and startsWith per 256-unit block 2 ms).
 */
function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  for (let step = 4096; step >= 16; step >>= 2) while (i + step <= n && a.slice(i, i + step) === b.slice(i, i + step)) i += step;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Length of the common suffix of a and b, at most `max` (as commonPrefix). */
function commonSuffix(a: string, b: string, max: number): number {
  const n = Math.min(a.length, b.length, max);
  const [la, lb] = [a.length, b.length];
  let i = 0;
  for (let step = 4096; step >= 16; step >>= 2) while (i + step <= n && a.slice(la - i - step, la - i) === b.slice(lb - i - step, lb - i)) i += step;
  while (i < n && a.charCodeAt(la - 1 - i) === b.charCodeAt(lb - 1 - i)) i++;
  return i;
}

/**
 * Which lines of `original` are lines of the previous check's draft, unchanged: those before the
 * edit (the line and its newline inside the common prefix: same index) and those after it (the
 * newline before the line and the line inside the common suffix: index shifted by the change in
 * line count). Returns a function from a line's index to the previous entry, or undefined.
 */
function reusable(original: string, lineStarts: number[], last: LastCheck | undefined, cache: LineCache): (i: number, os: number, oe: number) => LineEntry | undefined {
  if (!last) return () => undefined;
  const { p, s } = cache.affixes(original, last.original);
  const shift = last.entries.length - lineStarts.length;
  const suffixFrom = original.length - s;
  return (i, os, oe) => {
    if (oe < p) return last.entries[i];
    if (os - 1 >= suffixFrom && os > 0) return last.entries[i + shift];
    return undefined;
  };
}

/**
 * A copy of a string that shares no storage with it: `draft.slice(a, b)` keeps all of `draft`
 * alive; flattening a concatenation allocates just the line.
 */
function ownCopy(s: string): string {
  return (' ' + s).slice(1);
}

/**
 * The string as one flat sequence. A template literal is a tree of concatenations (a dozen nodes
 * for a finding's message); the cache keeps every finding, and those trees were a third of what a
 * 1 MB draft's cached findings held (and of what each collection during its check had to copy).
 * Converting to a number flattens a string in place (the idiom of the flatstr package).
 */
function flat(s: string): string {
  // eslint-disable-next-line @typescript-eslint/no-unused-expressions
  (s as unknown as number) | 0;
  return s;
}

/*
 * Helpers of matchFigure, as plain loops. Inlined into it, `[...a.slice(1).map(…), ...others]`,
 * `find` and `slice(0, 2).map(…).join(…)` made its optimised code the largest of the check: two
 * TurboFan compiles of 40 ms each, on the threads a cold check's first runs share the CPU with.
 */

/** The refs of `cands` after the first, then `others`. */
function refsThenOthers(cands: Candidate[], matcher: FigureMatcher, others: OfficialRef[]): OfficialRef[] {
  const out: OfficialRef[] = [];
  for (let i = 1; i < cands.length; i++) out.push(matcher.ref(cands[i].o));
  for (let i = 0; i < others.length; i++) out.push(others[i]);
  return out;
}

/** The first target of the slot that the interval overlaps. */
function targetOverlapping(fs: Interval, sameSlot: Candidate[]): Candidate | undefined {
  for (let i = 0; i < sameSlot.length; i++) {
    const c = sameSlot[i];
    if (c.o.meaning.status === 'target' && intervalsOverlap(fs, scaled(c.o))) return c;
  }
  return undefined;
}

/** The end of an unmatched figure's message: its indicator's first two figures elsewhere. */
function unmatchedHint(others: OfficialRef[]): string {
  if (others.length === 0) return '';
  let list = '';
  for (let i = 0; i < others.length && i < 2; i++) {
    const o = others[i];
    list += `${i > 0 ? '、' : ''}${o.text} (${o.region ?? '?'}, ${o.period ?? '?'})`;
  }
  return `;官方数据见于其他地区或时期: ${list}`;
}

function matchFigure(f: StatedFigure, fs: Interval, slot: Slot, matcher: FigureMatcher, toTraditional: boolean): Match {
  const m = f.meaning;
  const others = slot.others;
  const agree = agreeing(fs, slot);
  if (agree.length) {
    const best = matcher.ref(agree[0].o);
    const also = agree.length > 1 ? `;另有 ${agree.length - 1} 处来源一致` : '';
    return {
      status: 'consistent',
      code: 'figure.consistent',
      severity: 'info',
      message: flat(`与官方数据一致: ${m.indicator} ${best.text} (${describe(best)})${also}`),
      official: best,
      others: agree.length > 1 ? refsThenOthers(agree, matcher, others) : others,
    };
  }
  if (slot.sameStatus.length && m.region !== null) {
    // Cite the latest period's most precise statement (6688亿元 rather than 突破6000亿元).
    const cite = slot.cite;
    const best = matcher.ref(cite[0].o);
    return {
      status: 'conflict',
      code: 'figure.conflict',
      severity: 'error',
      message: flat(`与官方数据不符: ${m.indicator} 写作 ${f.text}, 官方为 ${best.text} (${describe(best)})`),
      official: best,
      // Once per slot: the same list for every figure of the slot.
      others: (slot.conflictOthers ??= cite.length > 1 ? refsThenOthers(cite, matcher, others) : others),
      // Stored at build (OfficialFigure.traditional): the same cn→tw of the same text, without
      // building the converter (~40–56 MB) in the editor's engine worker.
      replacement: toTraditional ? cite[0].o.traditional : best.text,
    };
  }
  const target = m.status === 'achieved' && m.region !== null ? targetOverlapping(fs, slot.sameSlot) : undefined;
  if (target) {
    const best = matcher.ref(target.o);
    return {
      status: 'conflict',
      code: 'figure.target-as-achieved',
      severity: 'warning',
      message: flat(`官方来源中 ${m.indicator} ${best.text} 是目标而非已实现数据 (${describe(best)})`),
      official: best,
      others,
    };
  }
  // The same for every figure of the slot.
  const hint = (slot.unmatchedHint ??= unmatchedHint(others));
  return {
    status: 'unmatched',
    code: 'figure.unmatched',
    severity: 'hint',
    message: flat(`无可比官方数据: ${m.indicator || '(指标不明)'} ${f.text} (${m.region ?? '地区不明'}, ${m.period ?? '时期不明'}, ${m.status === 'target' ? '目标' : '已实现'})${hint}`),
    official: null,
    others,
  };
}

/**
 * The figures of one line: `text[start, end)` of the normalised draft, whose original is `line`
 * (an own copy, see ownCopy) starting at `lineStart` in the original draft.
 */
function analyseLine(
  text: string,
  start: number,
  end: number,
  map: OffsetMap,
  line: string,
  lineStart: number,
  ctx: Context,
  matcher: FigureMatcher,
  toTraditional: boolean,
): LineFigure[] {
  // The normalised line as its own string too: meanings keep slices of it (indicators, units).
  // Often it is the original line (ASCII punctuation, Simplified): then the one copy serves both.
  const slice = text.slice(start, end);
  const norm = slice === line ? line : ownCopy(slice);
  if (isSkippedLine(norm)) return NO_FIGURES;
  // The line's time mentions and tense, worked out when a sentence of it has a figure: once for
  // the line, not again for each of its sentences.
  let times: TimeMention[] | undefined;
  const lineTimes = () => (times ??= timeMentions(norm, ctx.date));
  let tense: ParagraphTense | undefined;
  const lineTense = () => (tense === undefined ? (tense = paragraphTense(norm, ctx.date, lineTimes())) : tense);
  let out: LineFigure[] | null = null;
  for (const sp of sentenceSpans(norm, 0, norm.length)) {
    const sentence = norm.slice(sp.start, sp.end);
    for (const f of figuresInSentence(sentence, ctx, lineTense, () => timeMentionsIn(lineTimes(), sp.start, sp.end))) {
      const oa = toOriginalOffset(map, start + sp.start + f.start) - lineStart;
      const ob = toOriginalOffset(map, start + sp.start + f.end - 1) + 1 - lineStart;
      // The text as the drafter wrote it (`6個`, not the normalised `6个`).
      f.text = line.slice(oa, ob);
      const m = f.meaning;
      // The interval alone: `scaled` returns the parsed figure itself, which the cache would keep.
      const sc = scaled(f);
      const fs: Interval = { low: sc.low, high: sc.high, lowInclusive: sc.lowInclusive, highInclusive: sc.highInclusive };
      const key = slotKey(f);
      const slot = matcher.slot(f, key);
      (out ??= []).push({
        text: f.text,
        column: oa + 1,
        endColumn: ob + 1,
        stated: { low: f.low, high: f.high, unit: f.unit, value: f.value, qualifier: f.qualifier, kind: f.kind },
        meaning: m,
        fs,
        slot: key === null ? null : slot,
        match: matchFigure(f, fs, slot, matcher, toTraditional),
        slotOthers: slot.others,
        last: undefined,
      });
    }
  }
  return out ?? NO_FIGURES;
}

/**
 * One matcher (and with it one LineCache) kept for the life of the process, never used. An
 * object built by a class constructor gets its shape (V8's map) by adding its fields one after the
 * other, and the shapes of those steps are held only by the objects that have them. So when a
 * language service is dropped (the corpus changed, or the benchmark's fresh service per check) and
 * its matcher collected, the shapes go too; the next matcher gets new ones, and all the optimised
 * code that had checked for the old ones was thrown away (`--trace-deopt`: weak objects, in
 * analyseLine, matchFigure, FigureMatcher.slot and LineCache.add after every collection), for
 * 30–50 ms compiles again and slower checks meanwhile. Object literals do not need this: their
 * shape is held by the literal's site; they only need every field from the start (see findingOf).
 */
const SHAPE_KEEPER = new FigureMatcher({ figures: [], docs: [], passages: [] });
void SHAPE_KEEPER;

export function checkDraft(original: string, index: CorpusIndex, opts: CheckOptions = {}, matcher = new FigureMatcher(index)): CheckResult {
  matcher.beginCheck();
  const fm = parseFrontMatter(original);
  const { text, map, script } = normalizeDraft(original, matcher.lines);
  const info = draftInfo(original, text, fm, script, opts);
  const ctx: Context = { region: info.region, date: info.date };
  const toTraditional = info.script === 'traditional';
  const lineStarts = lineStartsOf(original);
  const cache = matcher.lines;
  const context = `${script}\u0000${info.region ?? '\u0001'}\u0000${info.date ?? '\u0001'}`;
  const { lines, generation, last } = cache.begin(context);
  // Front matter is never checked (its `date: 2023-05-01` is not a figure). Normalisation keeps
  // ASCII front matter 1:1, so the body starts on a line of its own in both texts; front matter
  // that normalisation shortened (a pinyin annotation, `数(shù)`) would start it mid-line, and such
  // a draft is analysed without the cache.
  const bodyStart = toOriginalOffset(map, fm.length);
  const cacheable = bodyStart === fm.length && (fm.length === 0 || original.charCodeAt(fm.length - 1) === 10);
  let lineIndex = 0;
  while (lineIndex + 1 < lineStarts.length && lineStarts[lineIndex + 1] <= bodyStart) lineIndex++;

  const previous = cacheable ? reusable(original, lineStarts, last, cache) : undefined;
  const entries: (LineEntry | undefined)[] = cacheable ? new Array(lineStarts.length) : [];

  const out: CheckedFigure[] = [];
  const summary = { figures: 0, consistent: 0, conflict: 0, unmatched: 0 };
  let start = fm.length;
  for (; start <= text.length; lineIndex++) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    if (end > start) {
      const os = lineStarts[lineIndex];
      const oe = lineIndex + 1 < lineStarts.length ? lineStarts[lineIndex + 1] - 1 : original.length;
      let figures: LineFigure[];
      if (previous) {
        let entry = previous(lineIndex, os, oe);
        if (!entry) {
          // The own copy first, and looked up by it: a string keeps its hash once computed, so
          // the lookup and the insertion of a new line hash it once (a cold check inserts every
          // line; hashing the slice and then the copy read each line twice).
          const own = ownCopy(original.slice(os, oe));
          entry = lines.get(own);
          if (!entry) {
            entry = { figures: analyseLine(text, start, end, map, own, os, ctx, matcher, toTraditional), used: generation };
            cache.add(lines, own, entry);
          }
        }
        entry.used = generation;
        entries[lineIndex] = entry;
        figures = entry.figures;
      } else {
        figures = analyseLine(text, start, end, map, original.slice(os, oe), os, ctx, matcher, toTraditional);
      }
      const line = lineIndex + 1;
      for (const lf of figures) {
        const m = lf.meaning;
        const reviewed = opts.reviewed !== undefined && !!opts.reviewed({ text: lf.text, line, meaning: m });
        // In-draft consistency: same slot, incompatible values (the first statement stands).
        let contradicts: SlotFirst | undefined;
        const slot = lf.slot;
        if (slot !== null) {
          if (slot.stamp !== generation) {
            slot.stamp = generation;
            slot.first = { line, column: lf.column, text: lf.text, fs: lf.fs };
          } else if (!intervalsOverlap(slot.first!.fs, lf.fs) && (reviewed || lf.match.code !== 'figure.conflict')) contradicts = slot.first!;
        }
        let result: CheckedFigure;
        if (!reviewed && !contradicts && lf.last !== undefined && lf.last.line === line) {
          // The finding of the previous check, on the same line: re-checking a 1 MB draft built
          // 7,400 equal objects per keystroke.
          result = lf.last;
        } else if (reviewed) {
          result = findingOf(lf, line, {
            status: 'unmatched',
            code: 'figure.unmatched',
            severity: 'hint',
            message: `已标记为已审核: ${m.indicator || lf.text}`,
            official: null,
            others: lf.slotOthers,
          });
        } else {
          const r = lf.match;
          result = findingOf(lf, line, r);
          if (!contradicts) lf.last = result;
        }
        if (contradicts) {
          result.code = 'figure.inconsistent';
          result.severity = 'warning';
          result.message = `同一指标前后不一致: ${m.indicator} 此处为 ${lf.text}, 第 ${contradicts.line} 行为 ${contradicts.text}`;
          result.related = { line: contradicts.line, column: contradicts.column, text: contradicts.text };
        }
        summary.figures++;
        summary[result.status]++;
        out.push(result);
      }
    }
    start = end + 1;
  }
  cache.end(generation);
  if (cacheable) cache.remember(context, original, entries);
  return { draft: info, figures: out, summary };
}

/** The figure under (line, column), 1-based, end inclusive (a hover at the last character's end still shows it). */
export function figureAtPosition(figures: readonly CheckedFigure[], line: number, column: number): CheckedFigure | null {
  return (
    figures.find((f) => (line > f.line || (line === f.line && column >= f.column)) && (line < f.endLine || (line === f.endLine && column <= f.endColumn))) ?? null
  );
}

export { formatValue };
