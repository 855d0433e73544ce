// The meaning of a stated figure: WHAT it measures (indicator), WHERE (region), WHEN (period) and
// WHETHER it is an achievement or a target. Two figures can only confirm or contradict each other
// when all four agree; a figure for another province or year is never a conflict.
//
// Works on one sentence of normalised Simplified text (ASCII-folded punctuation) at a time, plus
// the document's (or draft's) own region and date.

import { isSpace } from '../passages';
import { NATIONAL, nationalMentions, provinceMentions, type RegionMention } from '../regions';
import type { Quantity } from './quantity';

export type FigureStatus = 'achieved' | 'target';

export interface FigureMeaning {
  /** The phrase the figure quantifies, as written (e.g. 5G基站, 电子信息产业规模). */
  indicator: string;
  /** Matching key: the indicator without filler words (的, 新增, 全省…). */
  key: string;
  region: string | null;
  /** `2022`, `2023-Q1`, `2020-06`, `2025`; null when unknown. */
  period: string | null;
  /** True when the sentence states the period (去年, 到2025年); false when it is the document's date. */
  periodExplicit: boolean;
  status: FigureStatus;
  /** 核心产业 / 关联产业 when the indicator says so. */
  scope: string | null;
}

export interface Context {
  /** Region of the document or draft (canonical), or null. */
  region: string | null;
  /** `YYYY-MM-DD`, `YYYY-MM`, `YYYY` or null. */
  date: string | null;
}

// ---------------------------------------------------------------------------------------------
// Periods

// `去年`, `今年一季度`, `截至去年底`, `到明年底`, `2018年的`, `到2025年`, `截至今年6月份`, `今年1-7月份`.
// Groups by number, not by name: named groups build a `groups` object for every match (each
// time word of every line of a 1 MB draft). 1 prefix, 2 word, 3 year digits, 4 底/末, 5 quarter,
// 6 上/下 half, 7 first month, 8 last month.
export const TIME_RE =
  /(截至|截止到|截止|到|至|于|从|在)?(去年|今年|明年|前年|上年|本年|当年|((?:19|20)\d\d)年)(底|末|年底)?(?:([一二三四1-4])季度|(上|下)半年|前三季度|(\d{1,2})(?:-(\d{1,2}))?月(?:份|底|末)?)?/g;
const NOW_RE = /截至目前|截止目前|目前|当前|现阶段/g;
/** TIME_RE tried at one position (see nextTimeMention). */
const TIME_AT = new RegExp(TIME_RE.source, 'y');
/**
 * How far before its 年 a time mention can start: the longest prefix (截止到, 3) and a year (4
 * digits). Every mention holds a 年 (every alternative of group 2 ends in it).
 */
const YEAR_REACH = 7;
/**
 * The characters a TIME_RE match can start with: a prefix word's first (截至 到 至 于 从 在), else a
 * time word's (去年 今年 明年 前年 上年 本年 当年) or a year's (19xx, 20xx). The regex is tried only
 * at those of the seven positions before a 年.
 */
const TIME_FIRST = new Set([...'截到至于从在去今明前上本当12'].map((c) => c.charCodeAt(0)));

/**
 * The first TIME_RE match starting at or after `from`, as `TIME_RE.exec` would find it, but
 * tried only at the few positions before each 年 (a regex that opens with an optional group of
 * alternatives was tried at every position of every line; two lines in three of a draft hold no
 * 年 at all). A match starting at s holds its 年 in [s+1, s+7]: so for each 年 at p, in order,
 * the starts [p-7, p) not yet tried are tried, leftmost first, as the global regex would.
 */
function nextTimeMention(text: string, from: number): RegExpExecArray | null {
  let tried = from;
  for (let p = text.indexOf('年', from + 1); p !== -1; p = text.indexOf('年', p + 1)) {
    for (let s = Math.max(tried, p - YEAR_REACH); s < p; s++) {
      if (!TIME_FIRST.has(text.charCodeAt(s))) continue;
      TIME_AT.lastIndex = s;
      const m = TIME_AT.exec(text);
      if (m !== null) return m;
    }
    // No match starts before p: none can start before a later 年 either, except within its reach.
    tried = p;
  }
  return null;
}

export interface TimeMention {
  start: number;
  end: number;
  period: string | null;
  /** The year is after the reference date's year (`到2025年`, `明年`): a target horizon. */
  future: boolean;
  /** `到…`/`至…` in front: a horizon rather than a point. */
  horizon: boolean;
  past: boolean;
}

function refYear(date: string | null): number | null {
  return date ? Number(date.slice(0, 4)) : null;
}

/**
 * The time mentions of `text[start, end)` (a sentence of a line), from those of the whole line:
 * the same as timeMentions of the sentence alone, offsets in the sentence. A mention consists of
 * time words, digits and `-` only, so none crosses what separates sentences (sentence-ending
 * punctuation, a comma where a long sentence is cut, spaces), and the scan of the line reaches
 * each sentence's start at no mention.
 */
export function timeMentionsIn(lineTimes: TimeMention[], start: number, end: number): TimeMention[] {
  const out: TimeMention[] = [];
  for (const t of lineTimes) {
    if (t.start < start || t.end > end) continue;
    // A sentence at the line's start has the line's offsets: the mention itself serves (nothing
    // changes a TimeMention). Otherwise field by field: a spread is a generic copy per mention.
    out.push(start === 0 ? t : { start: t.start - start, end: t.end - start, period: t.period, future: t.future, horizon: t.horizon, past: t.past });
  }
  return out;
}

export function timeMentions(sentence: string, date: string | null): TimeMention[] {
  const out: TimeMention[] = [];
  const ry = refYear(date);
  let m: RegExpExecArray | null;
  for (let from = 0; (m = nextTimeMention(sentence, from)) !== null; from = m.index + m[0].length) {
    const word = m[2];
    let year: number | null = null;
    const y = m[3];
    const q = m[5];
    const h = m[6];
    const m1 = m[7];
    const m2 = m[8];
    if (y) year = Number(y);
    else if (ry !== null) {
      year = { 去年: ry - 1, 上年: ry - 1, 前年: ry - 2, 今年: ry, 本年: ry, 当年: ry, 明年: ry + 1 }[word] ?? null;
    }
    // A bare 2023年 directly followed by 月 is a date (2023年3月), handled the same: year only.
    let period: string | null = year === null ? null : String(year);
    if (period && q) period += `-Q${'一二三四'.indexOf(q) >= 0 ? '一二三四'.indexOf(q) + 1 : q}`;
    else if (period && h) period += h === '上' ? '-H1' : '-H2';
    else if (period && m1) {
      const a = m1.padStart(2, '0');
      period += m2 ? `-${a}..${m2.padStart(2, '0')}` : `-${a}`;
    }
    out.push({
      start: m.index,
      end: m.index + m[0].length,
      period,
      future: year !== null && ry !== null && year > ry,
      horizon: m[1] === '到' || m[1] === '至',
      past: year !== null && ry !== null && year < ry,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Status: achieved vs target

// Words that make a clause a goal. `不少于` is a goal only in a future-facing clause: 000_…
// `今年新建5G基站不少于1万个` is a plan for 2023, stated in April 2023. Not listed on purpose:
// 要 (要素资源保障10条 is not a goal), 计划 (三年行动计划 is a programme's name), 目标 alone
// (目标思路), 拟 alone (虚拟现实 contains it).
const TARGET_RE = /力争|争取|确保|目标是|目标为|预计|将(?!工业|其|这|该|此)|拟(?:于|在|建|投|新建|实施)|力求|到(?:20\d\d|明年|今年底|年底)|年内|全年|今年新建|每年|下一步|加紧|计划(?:到|新建|培育|实施|完成)/;
const ACHIEVED_RE = /已经|已|累计|截至|截止|达到了|突破了|超过了|完成了|实现了|增长了|提高到了|了|去年|上年|前年|目前|现有|共有/;
// Action verbs that open a plan item: 003_… `五是实施创新平台赋能行动…培育50个创新实验室`.
const PLAN_OPENERS = /^(?:[一二三四五六七八九十]+是)?(?:实施|培育|打造|建设|举办|推动|开展|组织|新建|新增|建立|布局|引进|推进|加快|支持|鼓励|发布|出台|创建|培养|带动)/;

export type ParagraphTense = 'past' | 'future' | null;

/**
 * The tense of a paragraph as a weak default: 003_…'s `五是实施科技型企业梯次培育…2022年对1.1万家…
 * 电子信息类项目230余项` is a list of 2022 results although its sentences open with 实施/组织,
 * while `五是实施创新平台赋能行动…力争到2025年…` is a plan.
 */
export function paragraphTense(paragraph: string, date: string | null, times = timeMentions(paragraph, date)): ParagraphTense {
  if (times.some((t) => t.future || t.horizon) || /力争|争取|预计|下一步|将(?!工业|其|这|该|此)/.test(paragraph)) return 'future';
  if (times.some((t) => t.past)) return 'past';
  return null;
}

export function figureStatus(clause: string, sentence: string, time: TimeMention | undefined, tense: ParagraphTense = null): FigureStatus {
  return statusByTime(time) ?? statusByClause(clause) ?? statusBySentence(sentence, tense);
}

/** The status a figure's time mention decides, or null. */
function statusByTime(time: TimeMention | undefined): FigureStatus | null {
  if (time?.future || (time?.horizon && !time.past)) return 'target';
  if (time?.past) return 'achieved';
  return null;
}

/**
 * The status the words of the clause up to the figure decide, or null. Apart from statusByTime and
 * statusBySentence so that meaningOf slices the clause only when the time mention does not decide
 * (`去年…`, `到2025年…`), and the sentence only when the clause does not either.
 */
function statusByClause(clause: string): FigureStatus | null {
  const cTarget = TARGET_RE.test(clause);
  const cAchieved = ACHIEVED_RE.test(clause);
  if (cTarget && !cAchieved) return 'target';
  if (cAchieved && !cTarget) return 'achieved';
  return null;
}

/** Sentence-level markers (the sentence up to the clause's end) apply when the clause has none of its own (or both). */
function statusBySentence(sentence: string, tense: ParagraphTense): FigureStatus {
  const sTarget = TARGET_RE.test(sentence);
  const sAchieved = ACHIEVED_RE.test(sentence);
  if (sTarget && !sAchieved) return 'target';
  if (sAchieved && !sTarget) return 'achieved';
  if (tense === 'past') return 'achieved';
  if (tense === 'future' || PLAN_OPENERS.test(sentence.trim())) return 'target';
  return 'achieved';
}

// ---------------------------------------------------------------------------------------------
// Indicator

// STRONG verbs delimit an indicator: the noun phrase sits between the last strong verb and the
// number (`今年新建5G基站不少于1万个` -> 5G基站), or follows the number after a verb (`培育50个创新
// 实验室`). Verbs that are just as often nouns (服务, 应用, 连接, 发展, 创新, 建设…) are NOT listed:
// 001_… `服务的工业企业数量超过40万家` must keep 服务 inside the indicator. Longer forms come first
// so 达到 wins over 达.
const STRONG_VERBS =
  '新培育|培育|打造|建成开通|建成|开通|举办|实施|推动|开展|组织|新建|新增|建立|布局|引进|推进|发布|出台|创建|培养|带动|促成|落实|部署|认定|完成|形成|吸引|征集|遴选|入选|获批|拥有|达到|突破|超过|增长|下降|提高|提升|降低|减少|增加|扩容|倍增|猛增|选取|梳理提出|梳理|提出|明确|培训|安排|贡献|印发|围绕|保持|共有|计有|累计应用|位居|居|列|占|达|(?<![作成认因行])为|(?<![还就都但或也一二三四五六七八九十])是|有(?!影响|效|力|关|序|机|所|利|益|限|的)';
/** The regex the verb functions below answer for (see verbAt); the tests hold them to it. */
export const VERB_RE = new RegExp(`(?:${STRONG_VERBS})(?:了|到|至)?`, 'g');

/**
 * STRONG_VERBS as data: each word with its guards, by first character, in the regex's order.
 * lastVerb ran VERB_RE over the text before every figure, one exec per verb found (5,600 calls
 * and as many match arrays in a 100k-character draft's check) to keep the last; verbAt does what
 * the regex does at one position with a few string comparisons.
 */
interface VerbForm {
  word: string;
  /** `(?<![…])word`: characters that must not precede it (UTF-16 codes). */
  notAfter: number[];
  /** `word(?!a|b…)`: what must not follow it. */
  notBefore: string[];
}
/**
 * The forms by the UTF-16 code of their first character: an index into VERB_LISTS, -1 for none.
 * By code, not by character: `s[i]` of a Chinese character is a new string, hashed again by a
 * Map lookup, at every position of every text scanned (which made this slower than the regex).
 */
const VERB_FIRST = new Int16Array(0x10000).fill(-1);
const VERB_LISTS: VerbForm[][] = [];
{
  // The alternatives of STRONG_VERBS: `|` at the top level only (a guard holds `|` too).
  const alts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i <= STRONG_VERBS.length; i++) {
    const c = STRONG_VERBS[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if ((c === '|' && depth === 0) || c === undefined) {
      alts.push(STRONG_VERBS.slice(from, i));
      from = i + 1;
    }
  }
  for (const alt of alts) {
    const m = /^(?:\(\?<!\[([^\]]+)\]\))?([\u4e00-\u9fff]+)(?:\(\?!([^()]+)\))?$/.exec(alt);
    if (!m) throw new Error(`STRONG_VERBS: cannot read the alternative ${alt}`);
    const form: VerbForm = { word: m[2], notAfter: [...(m[1] ?? '')].map((c) => c.charCodeAt(0)), notBefore: m[3] ? m[3].split('|') : [] };
    const first = form.word.charCodeAt(0);
    if (VERB_FIRST[first] < 0) VERB_FIRST[first] = VERB_LISTS.push([]) - 1;
    VERB_LISTS[VERB_FIRST[first]].push(form);
  }
}

/**
 * The end of VERB_RE's match starting exactly at `i` of `s`, or -1: the first word (in the
 * regex's order) that stands there with its guards holding, then 了, 到 or 至 if one follows. This
 * is what the regex matches there: what follows the words is optional, so the first word that
 * matches is the one it takes.
 */
export function verbAt(s: string, i: number): number {
  if (i >= s.length) return -1;
  const li = VERB_FIRST[s.charCodeAt(i)];
  if (li < 0) return -1;
  const list = VERB_LISTS[li];
  for (let k = 0; k < list.length; k++) {
    const f = list[k];
    if (!s.startsWith(f.word, i)) continue;
    if (f.notAfter.length > 0 && i > 0 && f.notAfter.includes(s.charCodeAt(i - 1))) continue;
    const end = i + f.word.length;
    let blocked = false;
    for (let b = 0; b < f.notBefore.length; b++) if (s.startsWith(f.notBefore[b], end)) blocked = true;
    if (blocked) continue;
    // In bounds only (see the note before isAttributive): `达到` ends many clauses.
    const c = end < s.length ? s.charCodeAt(end) : -1;
    return c === 0x4e86 /* 了 */ || c === 0x5230 /* 到 */ || c === 0x81f3 /* 至 */ ? end + 1 : end;
  }
  return -1;
}
// Where a noun phrase AFTER the number ends: `企业开展小范围验证试点`, `县(市),分…`.
const RIGHT_STOP = /[、\d]|累计|共同|落实|[和及与并](?=\d|[一二三四五六七八九十两]+[个家项名])|开展|实施|达到|实现|落地|进入|提供|参与|通过|完成|覆盖|先行先试|上市|入库|在|挂帅|树立|为|是|,/;

// Fillers stripped from both ends of an indicator before matching.
const LEAD_FILLER =
  /^(?:[,，、:;\s]|其中|全省|全市|全国|我省|我国|本省|全年|累计|已经|已|共|总计|目前|截至目前|如今|但是|但|而|同时|此外|以及|并且|和|及|并|的|年内|今年|去年|明年|当年|省级层面|力争|争取|确保|预计|计划|持续|继续|进一步|大力|加快|积极|另外|建设|创建|大幅|显著|稳步|快速|同比|环比|江西|山东|在|对|由|从|向|面向|为)+/;
export const TRAIL_FILLER = /(?:[,，、:;\s]|的|已经|已|了|达到|达|为|是|有|共|约|近|超过|超|突破|不少于|不低于|分别|累计|数量|总数|总量|规模达|继续|保持|都|由|从|大幅|显著|稳步|同比|环比)+$/;

// Words too generic to be an indicator on their own; the sentence's subject is prepended.
// 000_…: `电子信息是我省数字产业的“领头羊”,去年产业规模已突破6000亿元` -> 电子信息产业规模.
// A set, not an anchored regex: tested on every figure's indicator (and on the previous one's),
// 2,000 regex calls in a 100k-character draft's check.
const GENERIC = new Set(['产业规模', '规模', '营业收入', '营收', '收入', '增加值', '产值', '总量', '数量', '比重', '占比', '比例', '增速', '额度']);

/**
 * Memoised pure string functions. A draft or corpus states the same phrases over and over
 * (`去年产业规模已突破`, `5G基站`); the filler regexes ran on each again, a third of findIndicator.
 * Bounded: cleared when full, and by clearPhraseMemo.
 */
const memos: Map<string, string>[] = [];

/**
 * Forget the memoised phrases. A new figure matcher (a new language service) starts with none, so
 * that its first check costs what its own draft costs, whatever the process checked before (the
 * benchmark's cold check); its re-checks keep them (an edited line repeats most of its phrases).
 */
export function clearPhraseMemo(): void {
  for (const m of memos) m.clear();
}

function memoised(f: (s: string) => string): (s: string) => string {
  const memo = new Map<string, string>();
  memos.push(memo);
  return (s) => {
    let r = memo.get(s);
    if (r === undefined) {
      if (memo.size >= 20_000) memo.clear();
      memo.set(s, (r = f(s)));
    }
    return r;
  };
}

const stripTimeMemo = memoised((s) => s.replace(TIME_RE, '').replace(NOW_RE, ''));

/**
 * The text without time words (TIME_RE, NOW_RE). Every TIME_RE match holds 年 and every NOW_RE
 * match 前 or 阶: a text with none of them is returned as it is, without the memo's lookup (a
 * hash of a new string for the text before every figure).
 */
export function stripTime(s: string): string {
  if (s.indexOf('年') === -1 && s.indexOf('前') === -1 && s.indexOf('阶') === -1) return s;
  return stripTimeMemo(s);
}

const cleanIndicator = memoised((s) => {
  let t = stripTime(s);
  // Quoted names inside an indicator keep their text, not their marks: “数字化车间” -> 数字化车间.
  t = t.replace(/[“”《》"'（）]/g, '').replace(/\([^()]*\)/g, '');
  let prev: string;
  do {
    prev = t;
    t = t.replace(LEAD_FILLER, '').replace(TRAIL_FILLER, '');
  } while (t !== prev);
  return t;
});

/** The matching key: indicator text without 的 and spaces. */
export function indicatorKey(indicator: string): string {
  // Most indicators hold neither (5G基站, 电子信息产业规模): then the key is the indicator itself,
  // without a regex replace building a new string per figure.
  for (let i = 0; i < indicator.length; i++) {
    const c = indicator.charCodeAt(i);
    if (c === 0x7684 /* 的 */ || isSpace(c)) return indicator.replace(/[的\s]/g, '');
  }
  return indicator;
}

/**
 * Whether `chars` holds the UTF-16 code `c`. For a test of one character of a text: `s[i]` of a
 * Chinese character is a new one-character string (only Latin-1 ones are shared), made for each
 * figure only to be searched for.
 */
export function hasCode(chars: string, c: number): boolean {
  for (let i = 0; i < chars.length; i++) if (chars.charCodeAt(i) === c) return true;
  return false;
}

/** `,，;；:：。!！?？`: a character code test, not a regex per character (a tenth of meaningOf). */
function isClauseBoundary(c: number): boolean {
  switch (c) {
    case 0x2c: // ,
    case 0xff0c: // ，
    case 0x3b: // ;
    case 0xff1b: // ；
    case 0x3a: // :
    case 0xff1a: // ：
    case 0x3002: // 。
    case 0x21: // !
    case 0xff01: // ！
    case 0x3f: // ?
    case 0xff1f: // ？
      return true;
    default:
      return false;
  }
}

/** Start of the clause containing `i` (after the previous `,` `;` `:` or sentence start). */
function clauseStart(s: string, i: number): number {
  let k = i;
  while (k > 0 && !isClauseBoundary(s.charCodeAt(k - 1))) k--;
  return k;
}

function clauseEnd(s: string, i: number): number {
  let k = i;
  while (k < s.length && !isClauseBoundary(s.charCodeAt(k))) k++;
  return k;
}

/**
 * [start, end) of the last strong verb in `s`, or null: the last match of VERB_RE's scan, which
 * goes on after each match's end (建成开通 is one verb, not 建成 and then 开通).
 */
export function lastVerb(s: string): [number, number] | null {
  let start = -1;
  let end = -1;
  for (let i = 0; i < s.length; ) {
    if (VERB_FIRST[s.charCodeAt(i)] < 0) {
      i++;
      continue;
    }
    const e = verbAt(s, i);
    if (e < 0) {
      i++;
      continue;
    }
    start = i;
    end = e;
    i = e;
  }
  return start < 0 ? null : [start, end];
}

/** Remove verbs (and fillers) at the end: `数字经济核心产业增加值扩容倍增到` -> `数字经济核心产业增加值`. */
function stripTrailingVerbs(s: string): string {
  let t = stripTrailFiller(s);
  for (let k = 0; k < 6; k++) {
    const v = lastVerb(t);
    if (!v || v[1] !== t.length) break;
    t = stripTrailFiller(t.slice(0, v[0]));
  }
  return t;
}

/**
 * The last characters of TRAIL_FILLER's words (besides spaces). The regex is anchored at the end
 * only, so it is tried at every position of the string; a string whose last character ends none
 * of its words cannot match, and most noun phrases end so (基站, 规模, 企业).
 */
const TRAIL_LAST = new Set([...',，、:;的经已了到达为是有共约近过超破于别计量数续持都由从幅著步比'].map((c) => c.charCodeAt(0)));

/** s.replace(TRAIL_FILLER, ''). */
export function stripTrailFiller(s: string): string {
  const n = s.length;
  if (n === 0 || (!TRAIL_LAST.has(s.charCodeAt(n - 1)) && !isSpace(s.charCodeAt(n - 1)))) return s;
  return s.replace(TRAIL_FILLER, '');
}

/*
 * Anchored prefixes, tested with string comparisons: each was a regex call per figure (1,750 each
 * in a 100k-character draft), where the answer needs at most the first four characters.
 *
 * These read only characters that exist (`i < s.length`), although charCodeAt past the end just
 * gives NaN: TurboFan compiles charCodeAt for in-bounds indices, and the first index past the end
 * (an empty `rightFull` at the end of a clause, 1,376 times in a 100k-character draft) threw away
 * the optimised code of findIndicator, rightNounPhrase and isPrepositional, for a second compile
 * of 20–40 ms on a background thread during the first checks and builds (`--trace-deopt`: out of
 * bounds). A test in meaning-fast.test.ts fails on any such read during a check.
 */

/** /^(?:以上|左右|多|余)?的/.test(s): the figure modifies what follows it. */
export function isAttributive(s: string): boolean {
  const n = s.length;
  if (n === 0) return false;
  const c = s.charCodeAt(0);
  if (c === 0x7684 /* 的 */) return true;
  if (c === 0x591a /* 多 */ || c === 0x4f59 /* 余 */) return n > 1 && s.charCodeAt(1) === 0x7684;
  return n > 2 && (s.startsWith('以上') || s.startsWith('左右')) && s.charCodeAt(2) === 0x7684;
}

/** /^(?:在|对|由|从|向|围绕|面向|于)/.test(s.trim()). */
export function isPrepositional(s: string): boolean {
  let k = 0;
  while (k < s.length && isSpace(s.charCodeAt(k))) k++;
  if (k === s.length) return false;
  switch (s.charCodeAt(k)) {
    case 0x5728: // 在
    case 0x5bf9: // 对
    case 0x7531: // 由
    case 0x4ece: // 从
    case 0x5411: // 向
    case 0x4e8e: // 于
      return true;
    default:
      return s.startsWith('围绕', k) || s.startsWith('面向', k);
  }
}

/** /^新(增|建|培育|开通|认定)/.test(s.slice(from, to)): a verb of flow (新增, 新建…). */
export function isNewVerb(s: string, from: number, to: number): boolean {
  if (to - from < 2 || s.charCodeAt(from) !== 0x65b0 /* 新 */) return false;
  const c = s.charCodeAt(from + 1);
  if (c === 0x589e /* 增 */ || c === 0x5efa /* 建 */) return true;
  return to - from >= 3 && (s.startsWith('培育', from + 1) || s.startsWith('开通', from + 1) || s.startsWith('认定', from + 1));
}

/**
 * The length of /^(?:以上|左右|之多|多|余)?(?:的|之)?/ at the start of s: the first alternative of
 * the first group that is there (or none), then 的 or 之 if it follows.
 */
export function rightLead(s: string): number {
  const n = s.length;
  if (n === 0) return 0;
  let k = 0;
  const c0 = s.charCodeAt(0);
  if (s.startsWith('以上') || s.startsWith('左右') || s.startsWith('之多')) k = 2;
  else if (c0 === 0x591a /* 多 */ || c0 === 0x4f59 /* 余 */) k = 1;
  if (k === n) return k;
  const c = s.charCodeAt(k);
  return c === 0x7684 /* 的 */ || c === 0x4e4b /* 之 */ ? k + 1 : k;
}

/** The sentence's subject: text before the first 是/也/的/, (e.g. 电子信息, VR产业, 物联网产业). */
function sentenceSubject(sentence: string): string {
  const m = /^(?:[一二三四五六七八九十]+是)?([^,，:;是也的]{2,12}?)(?:是|也|的|,|，)/.exec(sentence);
  return m ? cleanIndicator(m[1]) : '';
}

function rightNounPhrase(rightFull: string): string {
  const r = rightFull.slice(rightLead(rightFull));
  // `42亿元猛增到去年的604亿元`: what follows is a verb, not a noun phrase. (At the start only,
  // where the global VERB_RE searched the whole rest of the clause for its first verb.)
  if (verbAt(r, 0) >= 0) return '';
  const stop = RIGHT_STOP.exec(r);
  const np = cleanIndicator(stop ? r.slice(0, stop.index) : r);
  return np.length > 16 ? np.slice(0, 16) : np;
}

/** Whether `s` ends as `/(年|月|季度|底|末|时)的$/` matches: `2018年的`, `一季度的`, `去年底的`. */
export function endsWithTimeDe(s: string): boolean {
  const n = s.length;
  if (n < 2 || s.charCodeAt(n - 1) !== 0x7684 /* 的 */) return false;
  const c = s.charCodeAt(n - 2);
  return hasCode('年月底末时', c) || (c === 0x5ea6 /* 度 */ && n >= 3 && s.charCodeAt(n - 3) === 0x5b63 /* 季 */);
}

/** Last characters of 增长 下降 增幅 增速 降低 提高 提升. */
const GROWTH_LAST = '长降幅速低高升';

/**
 * Whether `s` can end as `(同比|环比)?(增长|…|提升)(?:为|了)?` does: its last character ends a
 * growth word, or it is 为/了 after one. A necessary condition, tested before the regex.
 */
export function endsLikeGrowth(s: string): boolean {
  const n = s.length;
  if (n < 2) return false;
  const c = s.charCodeAt(n - 1);
  if (hasCode(GROWTH_LAST, c)) return true;
  return (c === 0x4e3a /* 为 */ || c === 0x4e86 /* 了 */) && n >= 3 && hasCode(GROWTH_LAST, s.charCodeAt(n - 2));
}

export interface IndicatorResult {
  indicator: string;
  side: 'left' | 'right' | 'inherited' | 'none';
}

/**
 * The indicator of quantity `q` in `sentence`. `prev` is the indicator of the previous figure in
 * the same sentence (for `同比增长8.6%` after `收入达到了4.2万亿元`).
 */
export function findIndicator(
  sentence: string,
  q: Pick<Quantity, 'start' | 'end' | 'kind'>,
  prev: string | null,
  prevEnd = 0,
  clauseFrom = clauseStart(sentence, q.start),
  clauseTo = clauseEnd(sentence, q.end),
): IndicatorResult {
  const cs = Math.max(clauseFrom, prevEnd);
  // trimEnd removes exactly what /\s+$/ matches (WhiteSpace and LineTerminator), without a
  // regex that tries every position of the clause.
  const rawLeft = sentence.slice(cs, q.start).trimEnd();
  const left = stripTime(rawLeft).trimEnd();
  const rightFull = sentence.slice(q.end, clauseTo);
  const rate = q.kind === 'percent' || q.kind === 'points';

  // `高于全国2.5个百分点`: a difference from the national rate, about the previous figure.
  // (Only a clause ending in 于, 出, 国, 省 or 市 can end so: a regex anchored at the end is still
  // tried at every position of the clause.)
  const cmp = left.length > 0 && hasCode('于出国省市', left.charCodeAt(left.length - 1)) ? /(高于|低于|快于|慢于|超出)(全国|全省|全市)?$/.exec(left) : null;
  if (cmp && rate) {
    const base = beforeNp(left.slice(0, cmp.index), sentence, prev) || prev || sentenceSubject(sentence);
    return { indicator: `${base.replace(/增长$/, '增速')}${cmp[1]}${cmp[2] ?? ''}`, side: prev ? 'inherited' : 'left' };
  }
  // Growth rates: `增长7.1%`, `同比增长8.6%`, `下降5.2%`; but `占比提高到23.4%` is a level.
  // (Anchored at the end, the regex is still tried at every position of the clause: only a clause
  // ending in the growth word's last character, or in it and 为/了, is handed to it.)
  const growth = endsLikeGrowth(left) ? /(同比|环比)?(增长|下降|增幅|增速|降低|提高|提升)(?:为|了)?$/.exec(left) : null;
  if (growth && rate) {
    const dir = growth[2] === '下降' || growth[2] === '降低' ? '下降' : '增长';
    const base = beforeNp(left.slice(0, growth.index), sentence, prev) || prev || sentenceSubject(sentence);
    return { indicator: base + dir, side: base === prev ? 'inherited' : 'left' };
  }
  // `确保信息技术产业营收继续保持10%以上增长`: the growth word follows the figure.
  if (rate && /^(?:以上|左右)?的?(增长|增速|下降)/.test(rightFull)) {
    const dir = /^(?:以上|左右)?的?下降/.test(rightFull) ? '下降' : '增长';
    const base = beforeNp(left, sentence, prev) || prev || '';
    if (base) return { indicator: base + dir, side: 'left' };
  }
  // Ranks: `居全国第7位、中部第1位` -> 电子信息产业规模全国排名 / 中部排名.
  if (q.kind === 'rank') {
    const scope = /(全国|全省|中部|西部|东部|东北)?(?:第|前)?$/.exec(left.replace(/第$/, ''))?.[1] ?? '';
    const v = lastVerb(left);
    const base = (v ? beforeNp(left.slice(0, v[0]), sentence, prev) : '') || prev || sentenceSubject(sentence);
    return { indicator: `${base}${scope || '全国'}排名`, side: 'left' };
  }
  // Multiples: `四年长大了14倍`, `是2018年时的三倍`: a growth multiple of the previous figure.
  if (q.kind === 'multiple') {
    const base = prev || beforeNp(left, sentence, prev) || sentenceSubject(sentence);
    return { indicator: `${base}倍数`, side: prev ? 'inherited' : 'left' };
  }

  const v = lastVerb(left);
  const afterVerb = v ? left.slice(v[1]) : left;
  const leftNp = cleanIndicator(afterVerb);
  // The figure modifies what follows: `约80%的数字经济核心产业增加值`, `不少于2亿元的财政资金`.
  const attributive = isAttributive(rightFull);
  // A list continues or ends before the figure: `培育50个创新实验室、300个创新中心`, `电子五所等5个…`.
  // (`2018年的42亿元` is a time attribute, not a relative clause.)
  // (`left` ends in no space, so its last character is that of `left.trim()`: a test of that
  // character, where the end-anchored regexes were tried at every position of the clause.)
  const listed = left.length > 0 && hasCode('、和及与的等', left.charCodeAt(left.length - 1)) && !endsWithTimeDe(rawLeft);
  // A prepositional phrase is not a subject: `在300家企业开展…`, `在宜春樟树…3个县(市)`.
  const prepositional = isPrepositional(afterVerb);
  const verbBefore = v !== null && v[1] === left.length;

  let indicator = '';
  let side: IndicatorResult['side'] = 'none';
  // Only here: rates, ranks and multiples returned above never read the phrase after the figure.
  const right = rightNounPhrase(rightFull);
  if (right.length >= 2 && (attributive || listed || prepositional || verbBefore || leftNp.length < 2)) {
    indicator = right;
    side = 'right';
  } else if (leftNp.length >= 2) {
    indicator = leftNp;
    side = 'left';
  } else {
    const np = beforeNp(left, sentence, prev);
    if (np.length >= 2) [indicator, side] = [np, 'left'];
    else if (prev) [indicator, side] = [prev, 'inherited'];
  }
  // A flow is not a stock: `今年一季度新增上云企业13282家` must never confirm or contradict
  // `上云企业突破了10万家`.
  if (v && isNewVerb(left, v[0], v[1]) && indicator && !indicator.startsWith('新增')) indicator = '新增' + indicator;
  // `每万人拥有5G基站数不少于16个` is a density, not a count of base stations: keep the modifier.
  // (Only a clause holding 每 or 人均 can match; the regex alone is tried at every position.)
  const per = left.includes('每') || left.includes('人均') ? /(每万人|每千人|每百人|每万户|人均)(?:拥有)?[^,，]*$/.exec(left) : null;
  if (per && !indicator.startsWith(per[1])) indicator = per[1] + indicator;
  return { indicator: withSubject(indicator, sentence, prev), side };
}

function withSubject(base: string, sentence: string, prev: string | null): string {
  if (!GENERIC.has(base)) return base;
  // `电子信息类项目230余项,占比提高到23.4%`: a generic word belongs to the previous figure's thing.
  if (prev && !GENERIC.has(prev)) return prev + base;
  const subj = sentenceSubject(sentence);
  if (!subj || base.startsWith(subj)) return base;
  return subj.endsWith('产业') && base.startsWith('产业') ? subj + base.slice(2) : subj + base;
}

/** The noun phrase of `s`, the text before a figure, without trailing verbs and fillers. */
function beforeNp(s: string, sentence: string, prev: string | null): string {
  return withSubject(cleanIndicator(stripTrailingVerbs(s)), sentence, prev);
}

/**
 * `企业数字化研发设计工具普及率和关键工序数控化率分别达到了71.5%和51.1%`: n figures sharing one
 * verb and an indicator made of n coordinated parts get one part each. A part missing the shared
 * head borrows it (`开展网络化协同和服务型制造的企业比例` -> 开展网络化协同的企业比例).
 */
export function splitCoordinated(indicator: string, n: number): string[] | null {
  // 及 only as a conjunction: 普及率 (001_… `研发设计工具普及率和关键工序数控化率`) must stay whole.
  const parts = indicator.split(/和|与|、|以及|(?<![普涉以企波触])及(?!时|早)/).filter((x) => x.length > 0);
  if (parts.length !== n || n < 2) return null;
  const last = parts[n - 1];
  const de = last.lastIndexOf('的');
  const tail = de >= 0 ? last.slice(de) : '';
  return parts.map((p, i) => (i < n - 1 && tail && !p.includes('的') && !/(率|比例|占比|比重)$/.test(p) ? p + tail : p));
}

// ---------------------------------------------------------------------------------------------
// Region

// `居全国第7位`, `高于全国2.5个百分点`: 全国 is the yardstick, not the region of the figure.
const COMPARATIVE_NATIONAL = /(居|位居|位列|高于|低于|超过|领跑|领先|比|较|占|全国首|全国前)$/;

/**
 * The region mentions of a sentence that can name a figure's region, latest first. Once per
 * sentence: a sentence of a 1 MB draft holds several figures, and scanning it for all provinces
 * per figure was a sixth of meaningOf.
 */
export function regionMentions(sentence: string): RegionMention[] {
  const provinces = provinceMentions(sentence);
  const national = nationalMentions(sentence);
  // Most sentences name no region: no copies, filter and sort for them.
  if (provinces.length === 0 && national.length === 0) return provinces;
  return (
    [...provinces, ...national]
      .filter((m) => !(m.region === NATIONAL && COMPARATIVE_NATIONAL.test(sentence.slice(Math.max(0, m.start - 3), m.start))))
      .sort((a, b) => b.start - a.start)
  );
}

/**
 * `mentions`: regionMentions(sentence), when the caller has them; `cs`: the start of the figure's
 * clause, when the caller has it (meaningOf: the walk back to it was run three times per figure).
 */
export function figureRegion(sentence: string, q: Pick<Quantity, 'start' | 'kind'>, ctx: Context, mentions = regionMentions(sentence), cs?: number): string | null {
  if (q.kind === 'rank') return ctx.region;
  cs ??= clauseStart(sentence, q.start);
  // Mentions in the figure's own clause win; then the nearest mention earlier in the sentence.
  // The first mention before the figure is the nearest (latest first); if it is not in the
  // figure's clause, none is.
  const nearest = mentions.find((m) => m.end <= q.start);
  if (nearest && nearest.start >= cs) return nearest.region;
  return ctx.region;
}

// ---------------------------------------------------------------------------------------------

/** Everything about one quantity in one sentence. */
export function meaningOf(
  sentence: string,
  q: Quantity,
  ctx: Context,
  prev: { indicator: string; end: number } | null,
  times?: TimeMention[],
  tense: ParagraphTense = null,
  regions?: RegionMention[],
): FigureMeaning {
  const tm = times ?? timeMentions(sentence, ctx.date);
  // The nearest time expression to the LEFT in the sentence (`从2018年的42亿元猛增到去年的604亿元`
  // gives 42亿元 -> 2018 and 604亿元 -> 2022), else a horizon to the right in the same clause
  // (`…不少于16个` has none; `培育50家左右数字经济总部,到2025年` is rare).
  let time: TimeMention | undefined;
  for (const t of tm) if (t.end <= q.start) time = t;
  const cs = clauseStart(sentence, q.start);
  const ce = clauseEnd(sentence, q.end);
  const { indicator } = findIndicator(sentence, q, prev?.indicator ?? null, prev ? Math.min(prev.end, q.start) : 0, cs, ce);
  const status = statusByTime(time) ?? statusByClause(sentence.slice(cs, q.end)) ?? statusBySentence(sentence.slice(0, ce), tense);
  let period = time?.period ?? null;
  let periodExplicit = !!time;
  if (!period) {
    period = ctx.date ? ctx.date.slice(0, 4) : null;
    periodExplicit = false;
  }
  const core = indicator.includes('核心产业');
  const related = indicator.includes('关联产业');
  const scope = core ? (related ? '核心及关联产业' : '核心产业') : related ? '关联产业' : null;
  return {
    indicator,
    key: indicatorKey(indicator),
    region: figureRegion(sentence, q, ctx, regions, cs),
    period,
    periodExplicit,
    status,
    scope,
  };
}

