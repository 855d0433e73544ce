// Original text -> normalised Simplified text + an offset map back to the original.
//
// Why an offset map rather than "normalise and forget": a reviewer must be able to open the exact
// place in the ORIGINAL file a figure came from. 004_… is Traditional with pinyin glued after ~890
// characters (`數(shù)字`), so normalised index 100 may be original offset 400.
//
// Order matters: pinyin must be stripped BEFORE OpenCC, because OpenCC alone leaves `數(shù)字經(jīng)濟`
// unsearchable (数字经济 is still not found: the annotations split the word).

import { twToCnConverter, type OpenCCModule } from './twToCn';
import type { ExcludedSpan, OffsetMap, Script, SourcePos } from './types';

export interface Normalized {
  text: string;
  map: OffsetMap;
  script: Script;
}

// Tone-marked vowels (and ü) that only pinyin uses. One of them must appear for a parenthesised
// Latin run to count as pinyin, so `(APP)` or `(套)` are never eaten.
const TONE_MARKS = 'āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ';
const TONE_RE = new RegExp(`[${TONE_MARKS}]`);
// A pinyin syllable in ASCII or full-width parentheses, right after a CJK character.
const PINYIN_RE = new RegExp(`[(（]([a-z${TONE_MARKS}]{1,7})[)）]`, 'y');

export function isCjk(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff);
}

type Converter = (s: string) => string;
let twToCn: Converter | undefined;
let cnToTw: Converter | undefined;

/**
 * OpenCC converters, built on first use (construction costs 12–35 ms and the tables are large;
 * nothing may build them at extension activation). `tw→cn` rather than `t→cn` because on these
 * seeds `t→cn` leaves 著力 unconverted in 11 places.
 */
export function toSimplifiedConverter(): Converter {
  if (!twToCn) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const OpenCC = require('opencc-js') as OpenCCModule & { Converter(o: { from: string; to: string }): Converter };
    // The same conversion over OpenCC's own tries, 2× cheaper (see twToCn.ts); OpenCC's converter
    // if this opencc-js is laid out differently.
    twToCn = twToCnConverter(OpenCC) ?? OpenCC.Converter({ from: 'tw', to: 'cn' });
  }
  return twToCn;
}

/** How often cn→tw was asked for and built in this process (tests: a check must ask for none). */
const cnToTwUses = { requested: 0, built: 0 };
export function traditionalConverterUses(): Readonly<typeof cnToTwUses> {
  return { ...cnToTwUses };
}

/**
 * cn→tw, for index BUILDS only: names' Traditional forms (harvestNames) and official figures'
 * (OfficialFigure.traditional, see corpusIndex.ts). A check must never call it: its tables hold
 * ~40–56 MB, and in the editor the check runs in the engine worker inside the extension host,
 * where building it for the first Traditional draft's quick-fix texts (`20.2萬個`) put the host's
 * RSS growth over its 100 MB target; the index stores those texts instead.
 * `keep = false` (the default): the cached converter if there is one, else a new one that is not
 * kept, so a process that builds (the CLI, repeated builds) does not keep ~40 MB alive for every
 * later garbage collection to walk.
 */
export function toTraditionalConverter(keep = false): Converter {
  cnToTwUses.requested++;
  if (cnToTw) return cnToTw;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const OpenCC = require('opencc-js') as { Converter(o: { from: string; to: string }): Converter };
  const converter = OpenCC.Converter({ from: 'cn', to: 'tw' });
  cnToTwUses.built++;
  if (keep) cnToTw = converter;
  return converter;
}

/**
 * Traditional forms of short texts (programme names, figure texts), remembered for the process so
 * that a rebuild of the same corpus (an edit of one document, the benchmark's repeated builds)
 * builds no cn→tw converter. Each returned function is one build's: it builds the converter (not
 * kept, see toTraditionalConverter) on its first text not seen before, once, and the name harvest
 * and the figures of a build share it (each building its own cost a cold build 150–330 ms).
 * Bounded: dropped whole past MAX_TRADITIONAL.
 */
const traditionalMemo = new Map<string, string>();
const MAX_TRADITIONAL = 300_000;

export function traditionalForms(): (s: string) => string {
  let convert: Converter | undefined;
  return (s) => {
    let t = traditionalMemo.get(s);
    if (t === undefined) {
      t = (convert ??= toTraditionalConverter(false))(s);
      if (traditionalMemo.size >= MAX_TRADITIONAL) traditionalMemo.clear();
      traditionalMemo.set(s, t);
    }
    return t;
  };
}

/**
 * Decide the script from a sample: Traditional if more than 2% of its CJK characters change under
 * tw→cn. (Simplified text has a handful of characters OpenCC touches, e.g. 著; a Traditional
 * document changes 20–40% of them.)
 */
export function detectScript(text: string): Script {
  // join, not `+`: `+` makes a cons string, and both OpenCC's per-character loop and the count
  // below ran several times slower on it (350 ms of a 10 MB build); join returns a flat string.
  const sample = text.length > 4000 ? [text.slice(0, 2000), text.slice(text.length / 2, text.length / 2 + 2000)].join('') : text;
  const bounded = boundedScript(sample);
  if (bounded) return bounded;
  const converted = toSimplifiedConverter()(sample);
  let cjk = 0;
  let changed = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (!isCjk(c)) continue;
    cjk++;
    if (converted.charCodeAt(i) !== c) changed++;
  }
  return cjk > 0 && changed / cjk > 0.02 ? 'traditional' : 'simplified';
}

/**
 * What tw→cn can do to a text, read from OpenCC's own dictionaries (the `tw2s` configuration that
 * Converter({ from: 'tw', to: 'cn' }) runs: a normalisation pass, then TWVariantsRev(Phrases), then
 * TSPhrases/TSCharacters, each pass a longest-match replacement with entries `key value`):
 * - `changing[c]`: some entry replaces code unit c by a different one at the same place;
 * - `always[c]`: every way the conversion can meet c changes it: no entry of the first two passes
 *   has c in its key, the last pass maps c alone to another code unit, and no phrase of the last
 *   pass keeps c (or changes the length);
 * - per pass, the entries that change the length, and the entries that produce new code units.
 * An entry can only match where all its key's code units are in the text. So if, pass by pass, no
 * length-changing entry has all its code units available (in the sample, or produced by an earlier
 * pass from code units that are), conversion keeps every position, and detectScript's `changed` is
 * at most the number of `changing` characters and at least the number of `always` ones.
 */
interface ScriptPass {
  /**
   * 1 for the code units some key of `lengthKeys` or `producers` starts with: most characters of a
   * sample start none, and this read is cheaper than two Map misses (the per-unit lookups were
   * most of boundedScript's time).
   */
  starts: Uint8Array;
  /** Keys (as code units) of the entries that change the length, by their first code unit. */
  lengthKeys: Map<number, Uint16Array[]>;
  /**
   * Entries that replace code units (their key, and the code units they write), by first code unit;
   * empty for the last pass.
   */
  producers: Map<number, { key: Uint16Array; made: Uint16Array }[]>;
}

function pushTo<T>(m: Map<number, T[]>, k: number, v: T): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
interface ScriptBound {
  changing: Uint8Array;
  always: Uint8Array;
  passes: ScriptPass[];
}
let scriptBoundCache: ScriptBound | null | undefined;

function units(s: string): Uint16Array {
  const u = new Uint16Array(s.length);
  for (let i = 0; i < s.length; i++) u[i] = s.charCodeAt(i);
  return u;
}

function scriptBound(): ScriptBound | null {
  if (scriptBoundCache !== undefined) return scriptBoundCache;
  scriptBoundCache = null;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const OpenCC = require('opencc-js') as { Locale?: { configs?: Record<string, { normalizationChain?: unknown[][]; conversionChain?: unknown[][] }> } };
    const cfg = OpenCC.Locale?.configs?.tw2s;
    // Only the layout this analysis was written against; anything else takes the exact path.
    if (cfg?.normalizationChain?.length !== 1 || cfg.conversionChain?.length !== 2) return null;
    const groups = [...cfg.normalizationChain, ...cfg.conversionChain];
    if (!groups.every((g) => Array.isArray(g) && g.every((d) => typeof d === 'string'))) return null;
    const changing = new Uint8Array(65536);
    const passes: ScriptPass[] = [];
    // For `always`: code units in any key of the first two passes; the last pass's single-unit
    // mappings as its trie holds them (loadDictGroup loads a group's dictionaries last to first, a
    // later line replacing an earlier one); code units some phrase of the last pass keeps.
    const early = new Uint8Array(65536);
    const single = new Int32Array(65536).fill(-1);
    const kept = new Uint8Array(65536);
    (groups as string[][]).forEach((group, g) => {
      const last = g === groups.length - 1;
      for (const dict of [...group].reverse()) {
        for (const line of dict.split('|')) {
          const [k, v] = line.split(' ');
          if (typeof k !== 'string' || typeof v !== 'string') continue;
          for (let i = 0; i < k.length; i++) {
            const c = k.charCodeAt(i);
            if (!last) early[c] = 1;
            else if (k.length === 1) single[c] = v.length === 1 ? v.charCodeAt(0) : -2;
            else if (v.length !== k.length || v.charCodeAt(i) === c) kept[c] = 1;
          }
        }
      }
    });
    const always = new Uint8Array(65536);
    for (let c = 0; c < 65536; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      if (!early[c] && !kept[c] && single[c] >= 0 && single[c] !== c) always[c] = 1;
    }
    for (const [g, group] of (groups as string[][]).entries()) {
      // What the last pass writes is read by no later pass: its producers (the ~50k entries of
      // TSPhrases/TSCharacters, most of this table's construction and of boundedScript's time
      // when they were scanned) are never needed.
      const last = g === groups.length - 1;
      const pass: ScriptPass = { starts: new Uint8Array(65536), lengthKeys: new Map(), producers: new Map() };
      for (const dict of group) {
        for (const line of dict.split('|')) {
          const [k, v] = line.split(' ');
          if (typeof v !== 'string') return null;
          if (k.length === 0) return null;
          if (k.length !== v.length) {
            pushTo(pass.lengthKeys, k.charCodeAt(0), units(k));
            if (!last) pushTo(pass.producers, k.charCodeAt(0), { key: units(k), made: units(v) });
            continue;
          }
          const made: number[] = [];
          for (let i = 0; i < k.length; i++) {
            if (k.charCodeAt(i) !== v.charCodeAt(i)) {
              changing[k.charCodeAt(i)] = 1;
              made.push(v.charCodeAt(i));
            }
          }
          if (made.length && !last) pushTo(pass.producers, k.charCodeAt(0), { key: units(k), made: Uint16Array.from(made) });
        }
      }
      for (const k of pass.lengthKeys.keys()) pass.starts[k] = 1;
      for (const k of pass.producers.keys()) pass.starts[k] = 1;
      passes.push(pass);
    }
    scriptBoundCache = { changing, always, passes };
  } catch {
    scriptBoundCache = null;
  }
  return scriptBoundCache;
}

/**
 * detectScript's answer when the dictionary bounds decide it without running OpenCC, else null:
 * 'simplified' when at most 2% of the sample's CJK characters could change, 'traditional' when
 * more than 2% must. Converting 4000-character samples with OpenCC was a third of normalising a
 * 10 MB corpus; undecidable samples (near 2%, or where a length-changing entry could match) take
 * the exact path.
 */
export function boundedScript(sample: string): Script | null {
  const b = scriptBound();
  if (!b) return null;
  let cjk = 0;
  let upper = 0;
  let lower = 0;
  let ids = false;
  // The code units available: a stamp per code unit rather than a Set (4000 Set.add per document
  // cost more than the OpenCC call this avoids).
  const stamp = ++availableStamp;
  // The distinct code units available, in the order first seen.
  const units: number[] = [];
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (available[c] !== stamp) {
      available[c] = stamp;
      units.push(c);
    }
    // An ideographic description sequence (U+2FF0–U+2FFF) is skipped whole by OpenCC when
    // unmatched, so characters after one may escape conversion.
    if (c >= 0x2ff0 && c <= 0x2fff) ids = true;
    if (!isCjk(c)) continue;
    cjk++;
    if (b.changing[c]) upper++;
    if (b.always[c]) lower++;
  }
  // detectScript: 'traditional' only when cjk > 0 and changed / cjk > 0.02.
  if (cjk === 0) return 'simplified';
  const answer: Script | null = upper / cjk <= 0.02 ? 'simplified' : !ids && lower / cjk > 0.02 ? 'traditional' : null;
  if (!answer) return null;
  const all = (key: Uint16Array) => {
    for (let i = 1; i < key.length; i++) if (available[key[i]] !== stamp) return false;
    return true;
  };
  for (const pass of b.passes) {
    // Entries are indexed by their key's first code unit: only those of available units can match.
    const made: Uint16Array[] = [];
    for (const u of units) {
      if (!pass.starts[u]) continue;
      for (const key of pass.lengthKeys.get(u) ?? []) if (all(key)) return null;
      for (const p of pass.producers.get(u) ?? []) if (all(p.key)) made.push(p.made);
    }
    // What this pass may write becomes available to the next (added after the whole pass: the
    // entries of one pass match the text as it was before the pass).
    for (const m of made) {
      for (let i = 0; i < m.length; i++) {
        if (available[m[i]] !== stamp) {
          available[m[i]] = stamp;
          units.push(m[i]);
        }
      }
    }
  }
  return answer;
}
const available = new Uint32Array(65536);
let availableStamp = 0;

/** Full-width ASCII forms (U+FF01–U+FF5E) and the ideographic space fold to ASCII, 1:1. */
function foldWidth(c: number): number {
  if (c >= 0xff01 && c <= 0xff5e) return c - 0xfee0;
  if (c === 0x3000) return 0x20;
  return c;
}

/**
 * Normalise one text. Every output character maps to exactly one original UTF-16 offset.
 * The result has the same line structure as the original (newlines are kept), so paragraph
 * detection can run on it.
 */
export function normalize(original: string, script?: Script): Normalized {
  const n = original.length;
  // One UTF-16 buffer, decoded to a string in one call: pushing every character into a JS array
  // and String.fromCharCode-ing 8k slices of it cost 3× as much on a 10 MB corpus.
  const out = new Uint16Array(n);
  let len = 0;
  const norm: number[] = [];
  const orig: number[] = [];
  let lastOrig = -2;
  for (let i = 0; i < n; i++) {
    const c = original.charCodeAt(i);
    if ((c === 0x28 || c === 0xff08) && i > 0 && isCjk(original.charCodeAt(i - 1))) {
      PINYIN_RE.lastIndex = i;
      const m = PINYIN_RE.exec(original);
      if (m && TONE_RE.test(m[1])) {
        i += m[0].length - 1;
        continue;
      }
    }
    if (i !== lastOrig + 1) {
      norm.push(len);
      orig.push(i);
    }
    out[len++] = foldWidth(c);
    lastOrig = i;
  }
  const folded = utf16ToString(out, len);
  const sc = script ?? detectScript(folded);
  const text = sc === 'traditional' ? convertKeepingLength(folded, toSimplifiedConverter()) : folded;
  return { text, map: { norm, orig }, script: sc };
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The first `len` code units of `units` as a string (lone surrogates kept, as fromCharCode does). */
function utf16ToString(units: Uint16Array, len: number): string {
  if (LITTLE_ENDIAN && typeof Buffer !== 'undefined') return Buffer.from(units.buffer, units.byteOffset, len * 2).toString('utf16le');
  // Chunks: String.fromCharCode(...all) overflows the stack on large files.
  let s = '';
  for (let i = 0; i < len; i += 8192) s += String.fromCharCode(...units.subarray(i, Math.min(len, i + 8192)));
  return s;
}

/**
 * Convert line by line; OpenCC's tw→cn is almost always 1:1 in characters, but a phrase rule may
 * change a length, which would break the offset map. Such a line is converted character by
 * character instead (losing only phrase-level disambiguation on that one line).
 */
export function convertKeepingLength(text: string, convert: Converter): string {
  const lines = text.split('\n');
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li];
    if (line === '') continue;
    const converted = convert(line);
    if (converted.length === line.length) {
      lines[li] = converted;
      continue;
    }
    let s = '';
    for (const ch of line) {
      const cc = convert(ch);
      s += cc.length === ch.length ? cc : ch;
    }
    lines[li] = s;
  }
  return lines.join('\n');
}

/** Original UTF-16 offset of a normalised index (index == text.length maps past the last char). */
export function toOriginalOffset(map: OffsetMap, index: number): number {
  const { norm, orig } = map;
  if (norm.length === 0) return index;
  let lo = 0;
  let hi = norm.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (norm[mid] <= index) lo = mid;
    else hi = mid - 1;
  }
  return orig[lo] + (index - norm[lo]);
}

export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 1-based line and UTF-16 column of an offset, given the line starts of that text. */
export function positionAt(lineStarts: number[], offset: number): SourcePos {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - lineStarts[lo] + 1 };
}

// ---------------------------------------------------------------------------------------------
// Debris and corruption. Rules are per line of the normalised (Simplified, ASCII-folded) text;
// each names the seed case it exists for.

interface DebrisRule {
  reason: string;
  test: (line: string) => boolean;
}

const DEBRIS_RULES: DebrisRule[] = [
  // 001_…: `电话/传真:0519-85129558  18961125658`, `电子邮件:jjl@…`.
  {
    reason: 'contact',
    test: (l) =>
      /(电话|传真|手机|邮箱|电子邮件|E-?mail|QQ|微信号)\s*[/:]/i.test(l) ||
      /[\w.-]+@[\w-]+\.[\w.]+/.test(l) ||
      /(^|\D)(0\d{2,3}-\d{7,8}|1[3-9]\d{9})(\D|$)/.test(l),
  },
  // 001_…: the consultancy's self-description and `欢迎垂询:`.
  {
    reason: 'advert',
    test: (l) =>
      /^(欢迎(垂询|咨询|来电|致电)|联系我们|扫码关注|长按识别)/.test(l.trim()) ||
      (/有限公司是一家/.test(l) && /(服务|咨询|专业)/.test(l)),
  },
  // 001_…: `中华人民共和国物权法 2020-03-19 目录 第一编…` — a site's list of unrelated links:
  // a title, a date in the middle of the line, a teaser ending in an ellipsis.
  {
    reason: 'link-list',
    test: (l) =>
      /^\s*(文章分类|最新资讯|相关阅读|相关文章|相关新闻|热门推荐|推荐阅读|上一篇|下一篇|猜你喜欢|返回顶部)\s*[:]?\s*$/.test(l) ||
      // Both date patterns contain a bare date: looked for first, so that the backtracking
      // patterns run only on the few lines with one (they were a quarter of debris detection).
      (/20\d\d-\d\d-\d\d/.test(l) &&
        ((/\S\s+20\d\d-\d\d-\d\d\s+\S/.test(l) && /(\.\.\.|…)\s*$/.test(l)) || /^\S.{2,60}\s20\d\d-\d\d-\d\d\s+\S.{2,80}$/.test(l.trim()))),
  },
  // 002_…: `免责声明:本网转载自其它媒体的文章…`.
  {
    reason: 'disclaimer',
    test: (l) => /^\s*(免责声明|版权声明|声明)\s*[:]/.test(l) || /(不代表本网|版权归原作者|侵犯了您的版权|仅代表作者本人)/.test(l),
  },
  // 004_…: `昵称 验证码 请输入正确验证码`, `所有评论仅代表网友意见,与本站立场无关`.
  {
    reason: 'comment-box',
    test: (l) => /(昵称|验证码|发表评论|网友评论|所有评论仅代表|我要评论|评论\s*\d+\s*条)/.test(l),
  },
  // 000_…: `图文转载于网络`; 001_…: `转贴`; 003_…: `发布:2023-01-14  阅读:717`, `行业新闻`.
  {
    reason: 'page-meta',
    test: (l) => {
      const t = l.trim();
      return (
        /^(图文)?转(载|贴)(于|自)?(网络)?$/.test(t) ||
        /^(发布|来源|作者|编辑|责任编辑|阅读|浏览|点击)\s*[:]/.test(t) ||
        /(阅读|浏览|点击)(量|数|次数)?\s*[:]\s*\d+\s*$/.test(t) ||
        /^20\d\d-\d\d-\d\d(\s+\d\d:\d\d(:\d\d)?)?$/.test(t) ||
        /^20\d\d$/.test(t) ||
        /^(行业新闻|新闻中心|首页|当前位置.*|字号\s*[:].*|打印|关闭|分享到.*)$/.test(t) ||
        /^[^\s]{2,20}网站$/.test(t)
      );
    },
  },
  // 003_…: `图片` placeholders; 000_…: `新闻发布会现场(文颖 摄)` photo captions.
  {
    reason: 'image',
    test: (l) => /^\s*(图片)+\s*$/.test(l) || /\([^()]{1,12}\s*摄\)\s*$/.test(l) || /^\s*\[?图\]?\s*$/.test(l),
  },
];

/** Detect debris line by line and corrupted spans; offsets index `text`. */
export function findExcluded(text: string): Omit<ExcludedSpan, 'preview'>[] {
  const spans: Omit<ExcludedSpan, 'preview'>[] = [];
  const seen = new Set<string>();
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end).replace(/\r$/, '');
    const trimmed = line.trim();
    if (trimmed) {
      const rule = DEBRIS_RULES.find((r) => r.test(line));
      if (rule) {
        spans.push({ start, end: start + line.length, kind: 'debris', reason: rule.reason });
      } else if (seen.has(trimmed) && trimmed.length < 200) {
        // 000_… repeats its title line before every photo; a repeated short line is layout, not text.
        spans.push({ start, end: start + line.length, kind: 'debris', reason: 'repeated-line' });
      } else {
        for (const c of findCorrupt(line)) spans.push({ start: start + c.start, end: start + c.end, kind: 'corrupt', reason: 'mojibake' });
      }
      seen.add(trimmed);
    }
    start = end + 1;
  }
  return spans;
}

// A `?` is corruption (a byte sequence some site mis-decoded) rather than a question mark when it
// touches another `?`, a `;`, or Latin letters: 004_… has `創新能力??萍紕?創新是` (should read
// `能力。科技創新是`), `規?;咧祷茫衲炅?爭` and `領域?qū)W科`. A real question mark is followed by
// the next sentence: `有哪些?目前这些赛道…`.
const CORRUPT_AT = /\?(?=[?;A-Za-z\u00c0-\u024f])|(?<=[?;])\?|\ufffd/g;
// Clause boundaries for quarantine. `?` and `;` are deliberately absent: they occur inside the
// mojibake itself.
const CLAUSE_END = /[,，。!！；\n]/;

export function findCorrupt(line: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  // Every match has a `?` or a U+FFFD: most lines have neither.
  if (!line.includes('?') && !line.includes('\ufffd')) return out;
  CORRUPT_AT.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CORRUPT_AT.exec(line))) {
    let s = m.index;
    while (s > 0 && !CLAUSE_END.test(line[s - 1])) s--;
    let e = m.index + 1;
    while (e < line.length && !CLAUSE_END.test(line[e])) e++;
    if (e < line.length) e++; // include the clause's own punctuation
    const last = out[out.length - 1];
    if (last && s <= last.end) last.end = Math.max(last.end, e);
    else out.push({ start: s, end: e });
    CORRUPT_AT.lastIndex = e;
  }
  return out;
}
