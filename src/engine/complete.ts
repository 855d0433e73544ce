// Completion of programme names and document titles while drafting.
//
// This runs on every keystroke, so everything expensive happens once in the constructor: names are
// kept in sorted key arrays (Simplified name, pinyin initials, full pinyin; one set per kind), each
// with a segment tree of scores. A keystroke is then a binary search for the prefix range plus a
// best-first walk of that range for the top `limit` entries: O(log n + limit · log n), whatever
// the number of names. Nothing scans all names, and fuzzy matching (fuse.js) only ever runs on a
// small corpus when the exact prefix lookup found nothing.

import type FuseType from 'fuse.js';
import { isCjk, toSimplifiedConverter } from './normalize';
import { pinyinKeys } from './registry';
import type { DocMeta, NameKind, Passage, ProgrammeName } from './types';

export interface CompletionItemData {
  label: string;
  insertText: string;
  /** UTF-16 span of `lineBeforeCursor` that the item replaces. */
  range: { start: number; end: number };
  kind: 'programme' | 'document' | 'phrase';
  detail: string;
  documentation: string;
  source: { path: string; line: number };
  score: number;
  filterText: string;
}

export interface CompleteOptions {
  script?: 'simplified' | 'traditional';
  /** Default 20. */
  limit?: number;
}

type PassageRef = Pick<Passage, 'doc' | 'text' | 'pos'>;
type Indexed = 'programme' | 'document';

/** Opening marks and what closes them. 「」『』 for Traditional drafts, 〈〉 for nested titles. */
const QUOTE_CLOSE: Record<string, string> = { '“': '”', '「': '」', '『': '』' };
const TITLE_CLOSE: Record<string, string> = { '《': '》', '〈': '〉' };
/** How far back an opening mark can be and still be "the name being typed". */
const MAX_QUOTE_TYPED = 24;
const MAX_TITLE_TYPED = 60;
/** Longest trailing CJK suffix tried without an opening mark. */
const MAX_SUFFIX = 32;
/**
 * fuse.js (typo tolerance) only below this many names of a kind: it is linear in the names. A
 * missed search over 1000 names measured 2.4–4 ms (13 ms cold), which would blow the 5 ms p99
 * budget at 2000; at 500 it stays near 1–2 ms.
 */
const FUSE_ALL = 500;
const DEFAULT_LIMIT = 20;

// ---------------------------------------------------------------------------------------------

/**
 * Sorted keys with a segment tree of the entries' scores, so the best entries of any key range
 * come out best first without looking at the rest of the range (a 1-letter pinyin prefix over
 * 100,000 names is a range of thousands).
 */
class KeyIndex {
  readonly keys: string[];
  private readonly ids: Int32Array;
  private readonly tree: Int32Array;
  private readonly size: number;

  constructor(
    pairs: { key: string; id: number }[],
    private readonly scores: Float64Array,
  ) {
    pairs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : scores[b.id] - scores[a.id]));
    this.keys = pairs.map((p) => p.key);
    this.ids = Int32Array.from(pairs.map((p) => p.id));
    let size = 1;
    while (size < pairs.length) size <<= 1;
    this.size = size;
    // tree[node] = position (into keys/ids) of the best score under node; -1 for empty leaves.
    this.tree = new Int32Array(2 * size).fill(-1);
    for (let i = 0; i < pairs.length; i++) this.tree[size + i] = i;
    for (let n = size - 1; n >= 1; n--) this.tree[n] = this.better(this.tree[2 * n], this.tree[2 * n + 1]);
  }

  private better(a: number, b: number): number {
    if (a < 0) return b;
    if (b < 0) return a;
    const sa = this.scores[this.ids[a]];
    const sb = this.scores[this.ids[b]];
    return sa > sb || (sa === sb && a < b) ? a : b;
  }

  /** Position of the best entry in [lo, hi), or -1. */
  private best(lo: number, hi: number): number {
    let res = -1;
    for (let l = lo + this.size, r = hi + this.size; l < r; l >>= 1, r >>= 1) {
      if (l & 1) res = this.better(res, this.tree[l++]);
      if (r & 1) res = this.better(res, this.tree[--r]);
    }
    return res;
  }

  lowerBound(key: string): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.keys[mid] < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** [lo, exactEnd, hi): keys equal to `prefix`, then keys that merely start with it. */
  range(prefix: string): { lo: number; exactEnd: number; hi: number } {
    const lo = this.lowerBound(prefix);
    const hi = this.lowerBound(prefix + '\uffff');
    let exactEnd = lo;
    while (exactEnd < hi && this.keys[exactEnd] === prefix) exactEnd++;
    return { lo, exactEnd, hi };
  }

  /** Entry ids of the `k` best scores in [lo, hi), best first (ties: key order). */
  top(lo: number, hi: number, k: number): { id: number; key: string }[] {
    const out: { id: number; key: string }[] = [];
    if (lo >= hi || k <= 0) return out;
    // Best-first over intervals: pop the interval whose best is highest, emit it, split around it.
    const open: { lo: number; hi: number; at: number }[] = [{ lo, hi, at: this.best(lo, hi) }];
    while (out.length < k && open.length) {
      let bi = 0;
      for (let i = 1; i < open.length; i++) if (this.better(open[bi].at, open[i].at) === open[i].at) bi = i;
      const { lo: l, hi: h, at } = open[bi];
      open[bi] = open[open.length - 1];
      open.pop();
      out.push({ id: this.ids[at], key: this.keys[at] });
      if (l < at) open.push({ lo: l, hi: at, at: this.best(l, at) });
      if (at + 1 < h) open.push({ lo: at + 1, hi: h, at: this.best(at + 1, h) });
    }
    return out;
  }
}

interface Hit {
  id: number;
  /** 0: the typed text is the whole key; 1: a prefix of it; 2: fuzzy. */
  tier: number;
  /** The matched pinyin key, when matched by pinyin. */
  key?: string;
}

interface KindIndex {
  name: KeyIndex;
  initials: KeyIndex;
  pinyin: KeyIndex;
  fuse?: FuseType<{ id: number; name: string }>;
  ids: number[];
}

export class NameMatcher {
  private readonly names: ProgrammeName[];
  private readonly scores: Float64Array;
  private readonly kinds: Record<Indexed, KindIndex>;
  /** Phrases are offered only when typed exactly: a plain map is all they need. */
  private readonly phrases = new Map<string, number[]>();
  /**
   * Characters that occur in the Traditional form of some name but not at the same place in its
   * Simplified form (賦, 東, …). Only text containing one of them can be Traditional that matters,
   * so a Simplified keystroke never builds or calls the OpenCC converter (12–35 ms to build).
   */
  private readonly tradChars = new Set<string>();

  constructor(
    names: ProgrammeName[],
    private readonly docs: DocMeta[],
    private readonly passages: PassageRef[],
  ) {
    this.names = names;
    this.scores = Float64Array.from(names.map((n) => n.score));
    type Pairs = { key: string; id: number }[];
    const empty = () => ({ name: [] as Pairs, initials: [] as Pairs, pinyin: [] as Pairs, ids: [] as number[] });
    const pairs: Record<Indexed, ReturnType<typeof empty>> = { programme: empty(), document: empty() };
    names.forEach((n, id) => {
      const t = n.traditional;
      if (t && t !== n.name && t.length === n.name.length) {
        for (let i = 0; i < t.length; i++) if (t[i] !== n.name[i]) this.tradChars.add(t[i]);
      }
      if (n.kind === 'phrase') {
        const list = this.phrases.get(n.name);
        if (list) list.push(id);
        else this.phrases.set(n.name, [id]);
        return;
      }
      const p = pairs[n.kind];
      p.ids.push(id);
      p.name.push({ key: n.name, id });
      if (n.initials) p.initials.push({ key: n.initials, id });
      if (n.pinyin) p.pinyin.push({ key: n.pinyin, id });
    });
    const build = (k: Indexed): KindIndex => ({
      name: new KeyIndex(pairs[k].name, this.scores),
      initials: new KeyIndex(pairs[k].initials, this.scores),
      pinyin: new KeyIndex(pairs[k].pinyin, this.scores),
      ids: pairs[k].ids,
    });
    this.kinds = { programme: build('programme'), document: build('document') };
    // The fuse.js index of a small kind is built here too (about 1 ms for 500 names), not on the
    // first mistyped keystroke.
    for (const ki of Object.values(this.kinds)) {
      if (ki.ids.length > 0 && ki.ids.length < FUSE_ALL) ki.fuse = newFuse(ki.ids.map((id) => ({ id, name: this.names[id].name })));
    }
  }

  complete(lineBeforeCursor: string, opts: CompleteOptions = {}): CompletionItemData[] {
    const line = lineBeforeCursor;
    const limit = opts.limit ?? DEFAULT_LIMIT;
    if (!line || limit <= 0 || this.names.length === 0) return [];
    const traditional = opts.script === 'traditional';
    const end = line.length;

    // 1. Latin letters: pinyin initials (gfsd) or full pinyin (yunxing).
    const latin = /[A-Za-z]{2,}$/.exec(line);
    if (latin) {
      const start = latin.index;
      const before = line[start - 1];
      const close = QUOTE_CLOSE[before] ?? TITLE_CLOSE[before];
      const kinds: Indexed[] = TITLE_CLOSE[before] ? ['document'] : QUOTE_CLOSE[before] ? ['programme'] : ['programme', 'document'];
      const hits = this.pinyinHits(latin[0].toLowerCase(), kinds, limit);
      return hits.map((h) => this.item(h, { start, end }, close, traditional, h.key!));
    }

    // 2. Right after an opening mark, possibly with a typed prefix: 打造“数字领, 《深化.
    const marks = openMarks(line);
    // A quote inside a title being typed (《江西“十四) belongs to the title: try the title first.
    const order = marks.title >= 0 && marks.quote > marks.title ? [marks.title, marks.quote] : [marks.quote, marks.title].filter((x) => x >= 0);
    for (const at of order) {
      if (at < 0) continue;
      const mark = line[at];
      const isTitle = mark in TITLE_CLOSE;
      const close = isTitle ? TITLE_CLOSE[mark] : QUOTE_CLOSE[mark];
      const kind: Indexed = isTitle ? 'document' : 'programme';
      const typed = line.slice(at + 1);
      const range = { start: at + 1, end };
      if (typed === '') {
        // Nothing typed yet: the best names of the right kind.
        const idx = this.kinds[kind].name;
        return idx.top(0, idx.keys.length, limit).map((h) => this.item({ id: h.id, tier: 1 }, range, close, traditional));
      }
      const { query, wasTraditional } = this.simplify(typed);
      const hits = this.prefixHits(query, [kind], limit);
      const phrases = isTitle ? [] : this.phraseHits(query);
      if (hits.length || phrases.length) {
        return [...hits, ...phrases].slice(0, limit).map((h) => this.item(h, range, close, traditional, undefined, wasTraditional));
      }
      const fuzzy = this.fuzzyHits(query, kind, limit);
      if (fuzzy.length) return fuzzy.map((h) => this.item(h, range, close, traditional, undefined, wasTraditional));
    }

    // 3. A trailing CJK run is not one word: try its suffixes, longest first (推进工赋 -> 工赋).
    let runStart = end;
    while (runStart > 0 && end - runStart < MAX_SUFFIX && isCjk(line.charCodeAt(runStart - 1))) runStart--;
    if (end - runStart < 2) return [];
    const { query: run, wasTraditional } = this.simplify(line.slice(runStart));
    const triedAt = new Set([marks.quote, marks.title].filter((m) => m >= 0).map((m) => m + 1));
    for (let s = runStart; s <= end - 2; s++) {
      if (triedAt.has(s)) continue;
      const query = run.slice(s - runStart);
      const hits = this.prefixHits(query, ['programme', 'document'], limit);
      const phrases = this.phraseHits(query);
      if (hits.length || phrases.length) {
        return [...hits, ...phrases].slice(0, limit).map((h) => this.item(h, { start: s, end }, undefined, traditional, undefined, wasTraditional));
      }
    }
    return [];
  }

  // -------------------------------------------------------------------------------------------

  /** tw->cn only when a character could be Traditional (see tradChars). Length-preserving. */
  private simplify(text: string): { query: string; wasTraditional: boolean } {
    let maybe = false;
    for (const ch of text) {
      if (this.tradChars.has(ch)) {
        maybe = true;
        break;
      }
    }
    if (!maybe) return { query: text, wasTraditional: false };
    const convert = toSimplifiedConverter();
    let query = convert(text);
    if (query.length !== text.length) {
      query = '';
      for (const ch of text) {
        const c = convert(ch);
        query += c.length === ch.length ? c : ch;
      }
    }
    return { query, wasTraditional: query !== text };
  }

  /** Exact key first, then prefix matches; each tier best score first. */
  private prefixHits(query: string, kinds: Indexed[], limit: number): Hit[] {
    const hits: Hit[] = [];
    for (const k of kinds) hits.push(...rangeHits(this.kinds[k].name, query, limit));
    return this.rank(hits, limit);
  }

  private pinyinHits(query: string, kinds: Indexed[], limit: number): Hit[] {
    const hits: Hit[] = [];
    for (const k of kinds) {
      hits.push(...rangeHits(this.kinds[k].initials, query, limit));
      hits.push(...rangeHits(this.kinds[k].pinyin, query, limit));
    }
    // The same name can match by initials and by full pinyin (a one-syllable query): keep the best.
    const seen = new Set<number>();
    return this.rank(hits, hits.length).filter((h) => !seen.has(h.id) && !!seen.add(h.id)).slice(0, limit);
  }

  private phraseHits(query: string): Hit[] {
    return (this.phrases.get(query) ?? []).map((id) => ({ id, tier: 0 }));
  }

  /**
   * Typo tolerance, only when the exact prefix lookup found nothing.
   *
   * First homophones, which is how a pinyin IME mistypes: 工富山东 has the pinyin of 工赋山东, so
   * it is a binary search in the full-pinyin index (no fuzzy scoring at all).
   *
   * Then fuse.js, only for a small corpus (fewer than FUSE_ALL names of the kind), over the index
   * built in the constructor. Larger
   * corpora get homophones only: a fuse index per first character was tried, and building those on
   * demand put the p99 over 5 ms at 10,000 names.
   */
  private fuzzyHits(query: string, kind: Indexed, limit: number): Hit[] {
    const ki = this.kinds[kind];
    if (query.length < 3 || ki.ids.length === 0) return [];
    // The same full pinyin as the registry's keys (pinyin-pro itself loads on its first call).
    const py = pinyinKeys(query).pinyin;
    if (py) {
      const homophones = rangeHits(ki.pinyin, py, limit);
      if (homophones.length) return homophones.map((h) => ({ id: h.id, tier: 2 }));
    }
    // ki.fuse exists only below FUSE_ALL names.
    if (query.length < 4 || !ki.fuse) return [];
    return ki.fuse.search(query.slice(0, 16), { limit }).map((r) => ({ id: r.item.id, tier: 2 }));
  }

  private rank(hits: Hit[], limit: number): Hit[] {
    return hits.sort((a, b) => a.tier - b.tier || this.scores[b.id] - this.scores[a.id]).slice(0, limit);
  }

  private item(
    hit: Hit,
    range: { start: number; end: number },
    close: string | undefined,
    traditional: boolean,
    pinyinKey?: string,
    typedTraditional = false,
  ): CompletionItemData {
    const n = this.names[hit.id];
    const shown = traditional ? n.traditional || n.name : n.name;
    // Without an opening mark a title still needs its marks; a programme is inserted bare.
    const insertText = close ? shown + close : n.kind === 'document' ? `《${shown}》` : shown;
    const p = this.passage(n.firstPassage);
    const meta = p ? this.docs[p.doc] : undefined;
    return {
      label: shown,
      insertText,
      range,
      kind: n.kind as NameKind,
      detail: `${n.region ?? meta?.region ?? '未知地区'} · ${shortTitle(meta?.title ?? '')}`,
      documentation: p?.text ?? '',
      source: { path: meta?.path ?? '', line: p?.pos.line ?? 0 },
      score: n.score,
      // What VS Code filters on must look like the replaced text: gfsd for gfsd, 工賦 for 工賦.
      filterText: pinyinKey ?? (typedTraditional ? n.traditional || n.name : n.name),
    };
  }

  private passage(id: number): PassageRef | undefined {
    const p = this.passages[id];
    if (p && (p as Partial<Passage>).id === undefined) return p;
    if (p && (p as Passage).id === id) return p;
    return this.passages.find((q) => (q as Partial<Passage>).id === id);
  }
}

function newFuse(items: { id: number; name: string }[]): FuseType<{ id: number; name: string }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Fuse = require('fuse.js') as typeof FuseType;
  // Anchored near the start (location 0, distance 4): a typo in a prefix, not an infix hit (with
  // ignoreLocation, “的发展 matched 一号发展工程). 0.4 lets one wrong character in four through
  // (云行齐路 -> 云行齐鲁) and nothing for 量子计算 on the seeds.
  return new Fuse(items, { keys: ['name'], includeScore: true, threshold: 0.4, location: 0, distance: 4, minMatchCharLength: 2 });
}

/** Hits of one key index: the exact key (tier 0), then the rest of the prefix range (tier 1). */
function rangeHits(idx: KeyIndex, query: string, limit: number): Hit[] {
  const { lo, exactEnd, hi } = idx.range(query);
  const out: Hit[] = idx.top(lo, exactEnd, limit).map((h) => ({ id: h.id, tier: 0, key: h.key }));
  for (const h of idx.top(exactEnd, hi, limit - out.length)) out.push({ id: h.id, tier: 1, key: h.key });
  return out;
}

/**
 * Positions of the unclosed opening quote and title mark nearest the cursor (-1 if none), when the
 * text after them can still be a name being typed (no sentence punctuation, not too long).
 */
function openMarks(line: string): { quote: number; title: number } {
  const tailStart = Math.max(0, line.length - MAX_TITLE_TYPED - 1);
  const find = (open: Record<string, string>, max: number, stop: RegExp): number => {
    for (let i = line.length - 1; i >= tailStart && line.length - i - 1 <= max; i--) {
      const c = line[i];
      if (c in open) return i;
      if (Object.values(open).includes(c) || stop.test(c)) return -1;
    }
    return -1;
  };
  return {
    quote: find(QUOTE_CLOSE, MAX_QUOTE_TYPED, /[,，、。;；!！?？:：\s]/),
    // Titles may hold quotes (《江西“十四五”…》) but not sentence ends.
    title: find(TITLE_CLOSE, MAX_TITLE_TYPED, /[。;；!！?？\n]/),
  };
}

/** 山东将重点谋划实施六项行动 促进… -> 山东将重点谋划实施六项行动…: up to a space, at most 20. */
function shortTitle(title: string): string {
  const t = title.trim();
  const space = t.search(/\s/);
  if (space > 0 && space <= 20) return `${t.slice(0, space)}…`;
  return t.length > 20 ? `${t.slice(0, 20)}…` : t;
}
