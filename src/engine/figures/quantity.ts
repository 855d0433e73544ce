// Qualified-quantity parser for Chinese policy text.
//
// Finds every *stated figure* (a number that carries a unit, %, 个百分点, 倍, a rank or a fraction)
// and turns it into the interval of true values the sentence allows, so that a draft's "6万多个"
// can be compared with a press release's "6.2万个" without false alarms, and "超过40万家" is not
// reported as contradicting "42万家".
//
// Design:
// - ONE precompiled regex (SCAN) drives a single left-to-right pass. Each match is either a
//   span to skip wholesale (quoted names, 《titles》, document numbers) or a maximal number token with
//   its optional tail (多/余, magnitude, range, unit, 以上/左右 ...). Because every match consumes the
//   whole token, the scan never restarts inside "2023" or "十四五", and the only work per ordinary
//   Chinese character is one table lookup (SCAN_START): the regex is tried only where a match can
//   start.
// - Everything the regex cannot decide (qualifier words before the number, 第 ordinals, Latin-letter
//   names like 5G, gating of idiomatic Chinese numerals) is done with a few charCode comparisons on
//   the matched token only.
// - Values are kept as mantissa × 10^exponent until the last moment so that 45.2% gives exactly the
//   doubles 45.15 / 45.25 and 100场左右 gives exactly 90 / 110 (no 110.00000000000001).
//
// Input is assumed to be Simplified or Traditional Chinese with pinyin already stripped; full-width
// digits, ．and ％ are folded internally while keeping offsets 1:1 with the input.

export type QuantityKind = 'count' | 'money' | 'percent' | 'points' | 'multiple' | 'rank' | 'fraction' | 'measure';
export type Qualifier = 'exact' | 'more' | 'atLeast' | 'above' | 'nearly' | 'about' | 'atMost' | 'range';

export interface Quantity {
  /** Span of the whole figure incl. qualifier words and unit, e.g. `超4亿次`, `6万多个`, `100场左右`. */
  start: number;
  end: number;
  /** Span of just the number (+ magnitude), e.g. `6万` in `6万多个`; for ranges `2-3` in `2-3个`. */
  numStart: number;
  numEnd: number;
  text: string;
  /** Stated central value in base units (6万 -> 60000; 45.2% -> 45.2; 三分之一 -> 0.333..). */
  value: number;
  low: number;
  high: number;
  lowInclusive: boolean;
  highInclusive: boolean;
  /** Canonical unit without magnitude: '元','个','家','台套','%','个百分点','倍','位','分之', ... */
  unit: string;
  kind: QuantityKind;
  qualifier: Qualifier;
  /** Base-unit value of the last stated digit: 2.17万 -> 100, 206 -> 1, 45.2% -> 0.1. */
  precision: number;
}

// ---------------------------------------------------------------------------------------------
// The scanning regex

const D = '[0-9\\uFF10-\\uFF19]';
// An Arabic number must not continue a digit run, a Latin name (IPv6, G20), a decimal or a
// slash date (2020/3/19). `21,732` is read as one number only with exact 3-digit groups, because
// the corpus also uses an ASCII comma as the Chinese comma (`338家,约占1.56%`).
const AR =
  `(?<![0-9\\uFF10-\\uFF19A-Za-z\\uFF21-\\uFF3A\\uFF41-\\uFF5A.\\uFF0E/])` +
  `(?:${D}{1,3}(?:,${D}{3})+(?!${D})|${D}+)(?:[.\\uFF0E]${D}+)?`;
// A Chinese numeral must START with a digit, 十 or 几: 百/千/万/亿 alone are idioms (千行百业,
// 万企, 百城, 每万人), never numbers.
const CN = '[〇零一二两兩三四五六七八九十几幾][〇零一二两兩三四五六七八九十百千万萬亿億几幾]*(?:[点點][〇零一二三四五六七八九]+)?';
const NUM = `(?:${AR}|${CN})`;
// 千 is a magnitude after Arabic digits (5千万) except in kilo-units (10千瓦, 3千米).
const MAG = '万亿|萬億|[千百](?:万|萬|亿|億)|万|萬|亿|億|千(?![瓦米克伏卡兆])';
const MORE = '[多余餘]';
const SEP = '[-\\uFF0D\\u2013\\u2014~\\uFF5E\\u301C至到]';
// Longest first: 个百分点 before 个, 台(套) before 台, 家次 before 家, 千瓦时 before 千瓦 ...
const UNIT =
  '[个個]百分[点點]|百分[点點]|[个個]月|[个個]小[时時]|[台臺][(（]套[)）]|[台臺]套|家次|人次|[户戶]次|' +
  '平方公里|平方千米|平方米|公里|千米|公[顷頃]|[千兆]瓦[时時]|[千兆]瓦|小[时時]|[%％]|倍|[美欧歐港日]?元|' +
  '[个個]|家|[台臺]|套|[项項]|名|次|[场場]|[户戶]|[条條]|人|件|款|座|所|[种種]|[类類]|支|位|批|[张張]|篇|' +
  '[辆輛]|架|艘|[颗顆]|份|例|[笔筆]|[处處]|[亩畝]|[吨噸]|米|天';
// 上下 is "about" only when it does not start 上下游 / 上下级 / 上下联动 ...
const SFX = '以上|以下|以内|以內|左右|上下(?![游级級文同一联聯贯貫功班齐齊])|之多';

export const SCAN = new RegExp(
  // 1 skip: names in quotes and titles are never figures (“2+6+N”, “5351”, 《…(2023-2025)》), nor
  //   document numbers 赣发〔2022〕4号 / [2022] (the trailing 4号 has no unit and falls out anyway).
  `(“[^”\\n]{0,200}”|《[^》\\n]{0,160}》|"[^"\\n]{0,80}"|[〔［\\[【]${D}{4}[〕］\\]】])` +
  // 2 首位 (rank 1; accepted only after 居/列/排, checked in code)
  `|(首位)` +
  // 3 百分之  4 n1  5 分之-numerator  6 /denominator
  `|(百分之)?(${NUM})(?:分之(${NUM})|/(${D}+)(?![0-9\\uFF10-\\uFF19/.\\uFF0E]))?` +
  // 7 多 before magnitude  8 magnitude  9 多 after magnitude
  `(${MORE})?(${MAG})?(${MORE})?` +
  // range: 10 unit of the first end  11 separator  12 n2  13 多  14 magnitude  15 多
  `(?:(${UNIT})?(${SEP})(${NUM})(${MORE})?(${MAG})?(${MORE})?)?` +
  // 16 one space  17 unit  18 suffix
  `([ \\u3000])?(${UNIT})?(${SFX})?`,
  'g',
);

// ---------------------------------------------------------------------------------------------
// Units

type UnitInfo = { unit: string; kind: QuantityKind };
const UNITS = new Map<string, UnitInfo>();
function defUnits(kind: QuantityKind, list: string, canon?: string): void {
  for (const u of list.split(' ')) UNITS.set(u, { unit: canon ?? u, kind });
}
defUnits('percent', '%', '%');
// 个百分点 is a DIFFERENCE of two rates ("高于全国2.5个百分点"), never a rate itself, so it gets its
// own kind and unit and can never be compared with a % figure.
defUnits('points', '个百分点 百分点', '个百分点');
defUnits('multiple', '倍');
defUnits('money', '元 美元 欧元 港元 日元');
defUnits('count', '台(套) 台套', '台套');
defUnits('count', '个 家 台 套 项 名 次 场 户 条 人 件 款 座 所 种 类 支 位 批 张 篇 辆 架 艘 颗 份 例 笔 处 家次 人次 户次');
defUnits('measure', '公里 千米', '公里');
defUnits('measure', '平方公里 平方千米', '平方公里');
// 个月 is its own unit: 3个月 is a duration and must never be compared with a count of 3个.
defUnits('measure', '平方米 米 公顷 亩 吨 千瓦 千瓦时 兆瓦 兆瓦时 小时 天 个月');
UNITS.set('个小时', { unit: '小时', kind: 'measure' });

// Traditional / full-width characters that can occur in units, numbers and magnitudes.
const FOLD: Record<string, string> = {
  個: '个', 點: '点', 時: '时', 臺: '台', 項: '项', 場: '场', 戶: '户', 條: '条', 種: '种', 類: '类',
  張: '张', 輛: '辆', 顆: '颗', 筆: '笔', 處: '处', 畝: '亩', 噸: '吨', 頃: '顷', 歐: '欧', '％': '%',
  '（': '(', '）': ')', 萬: '万', 億: '亿', 兩: '两', 幾: '几', 餘: '余', '．': '.', 內: '内',
};
function fold(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xff10 && c <= 0xff19) out += String.fromCharCode(c - 0xff10 + 48);
    else out += FOLD[s[i]] ?? s[i];
  }
  return out;
}

function unitInfo(raw: string): UnitInfo | undefined {
  return UNITS.get(raw) ?? UNITS.get(fold(raw));
}

// ---------------------------------------------------------------------------------------------
// Exact decimal arithmetic: a number is m × 10^e with integer m.

const POW10: number[] = [];
for (let i = 0, p = 1; i <= 22; i++, p *= 10) POW10.push(p);
function pow10(e: number): number {
  return e >= 0 ? (e <= 22 ? POW10[e] : Math.pow(10, e)) : 1 / (e >= -22 ? POW10[-e] : Math.pow(10, -e));
}
/** m × 10^e, correctly rounded (one multiplication or one division by an exact power of ten). */
function dec(m: number, e: number): number {
  if (e >= 0) return m * (e <= 22 ? POW10[e] : Math.pow(10, e));
  return m / (e >= -22 ? POW10[-e] : Math.pow(10, -e));
}

const MAG_EXP: Record<string, number> = {
  万亿: 12, 萬億: 12, 千万: 7, 千萬: 7, 百万: 6, 百萬: 6, 千亿: 11, 千億: 11, 百亿: 10, 百億: 10,
  万: 4, 萬: 4, 亿: 8, 億: 8, 千: 3,
};

/** A parsed number token. `ji*` describe a 几 placeholder (十几, 几十万). */
interface Num {
  m: number;
  e: number;
  chinese: boolean;
  /** Exponent of a magnitude written inside a Chinese numeral (两万 -> 4), for 两到三万. */
  tailMag: number;
  hasMag: boolean;
  /**
   * A 几 placeholder: jiLow/jiHigh bound the value (NaN when there is no 几). Trailing 几 (十几 =
   * [10, 20)) reads like 多; leading 几 (几十 = [20, 100), 几万) is a vague range.
   */
  jiLow: number;
  jiHigh: number;
  jiLead: boolean;
  leadingZero: boolean;
}

function isAsciiOrWideDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 0xff10 && c <= 0xff19);
}

function parseArabic(s: string, from: number, to: number): Num {
  let m = 0;
  let decimals = 0;
  let inFrac = false;
  let intDigits = 0;
  const first = s.charCodeAt(from);
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) m = m * 10 + (c - 48);
    else if (c >= 0xff10 && c <= 0xff19) m = m * 10 + (c - 0xff10);
    else if (c === 46 || c === 0xff0e) {
      inFrac = true;
      continue;
    } else continue; // thousands separator
    if (inFrac) decimals++;
    else intDigits++;
  }
  // 03专项, 0519-85129558: an integer part with a leading zero is a code, not a quantity.
  const leadingZero = intDigits >= 2 && (first === 48 || first === 0xff10);
  return { m, e: -decimals, chinese: false, tailMag: 0, hasMag: false, jiLow: NaN, jiHigh: NaN, jiLead: false, leadingZero };
}

function cnDigit(c: number): number {
  switch (c) {
    case 0x3007: case 0x96f6: return 0; // 〇 零
    case 0x4e00: return 1; // 一
    case 0x4e8c: case 0x4e24: case 0x5169: return 2; // 二 两 兩
    case 0x4e09: return 3; case 0x56db: return 4; case 0x4e94: return 5; case 0x516d: return 6;
    case 0x4e03: return 7; case 0x516b: return 8; case 0x4e5d: return 9;
    case 0x51e0: case 0x5e7e: return -2; // 几 幾
    default: return -1;
  }
}
function cnUnit(c: number): number {
  switch (c) {
    case 0x5341: return 10; case 0x767e: return 100; case 0x5343: return 1000; // 十 百 千
    case 0x4e07: case 0x842c: return 1e4; // 万 萬
    case 0x4ebf: case 0x5104: return 1e8; // 亿 億
    default: return 0;
  }
}

/**
 * Value of the Chinese integer numeral s[from, to) with 几 read as `ji`, or NaN when the run is
 * not a well-formed numeral (十四五, 一一, 三四十 are rejected rather than guessed).
 */
function cnInt(s: string, from: number, to: number, ji: number): number {
  // Positional form 二〇二三 (only digits, at least two): read digit by digit.
  let positional = to - from >= 2;
  for (let i = from; i < to && positional; i++) if (cnDigit(s.charCodeAt(i)) < 0) positional = false;
  if (positional) {
    let v = 0;
    for (let i = from; i < to; i++) v = v * 10 + cnDigit(s.charCodeAt(i));
    return v;
  }
  let yi = 0;
  let yiSet = false;
  let wan = 0;
  let wanSet = false;
  let sec = 0;
  let pend = -1;
  let lastUnit = 1e5;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    let d = cnDigit(c);
    if (d === -2) d = ji;
    if (d >= 0) {
      if (d === 0 && cnDigit(c) === 0) {
        pend = -1; // 零 is a place holder: 一百零五
        continue;
      }
      if (pend >= 0) return NaN;
      pend = d;
      continue;
    }
    const u = cnUnit(c);
    if (u === 0) return NaN;
    if (u < 1e4) {
      if (u >= lastUnit) return NaN;
      if (pend < 0) {
        if (u === 10 && sec === 0 && i === from) pend = 1; // 十四 = 14
        else if (u === 10 && sec === 0 && (wanSet || yiSet)) pend = 1; // 两万十 (rare)
        else return NaN;
      }
      sec += pend * u;
      pend = -1;
      lastUnit = u;
    } else if (u === 1e4) {
      if (pend >= 0) sec += pend;
      pend = -1;
      if (wanSet || sec === 0) return NaN;
      wan = sec;
      wanSet = true;
      sec = 0;
      lastUnit = 1e5;
    } else {
      if (pend >= 0) sec += pend;
      pend = -1;
      const part = wan * 1e4 + sec;
      if (yiSet || part === 0) return NaN;
      yi = part;
      yiSet = true;
      wan = 0;
      wanSet = false;
      sec = 0;
      lastUnit = 1e5;
    }
  }
  if (pend >= 0) sec += pend;
  return yi * 1e8 + wan * 1e4 + sec;
}

function parseChinese(s: string, from: number, to: number): Num | null {
  let dot = -1;
  let jis = 0;
  let hasMag = false;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x70b9 || c === 0x9ede) dot = i; // 点 點
    else if (c === 0x51e0 || c === 0x5e7e) jis++;
    else if (c === 0x4e07 || c === 0x842c || c === 0x4ebf || c === 0x5104) hasMag = true;
  }
  const intEnd = dot >= 0 ? dot : to;
  if (jis > 1 || (jis === 1 && dot >= 0)) return null;
  const jiLead = jis === 1 && cnDigit(s.charCodeAt(from)) === -2;
  const v = cnInt(s, from, intEnd, jiLead ? 2 : 0);
  if (!(v === v)) return null;
  let m = v;
  let e = 0;
  if (dot >= 0) {
    for (let i = dot + 1; i < to; i++) {
      m = m * 10 + cnDigit(s.charCodeAt(i));
      e--;
    }
  } else if (m > 0) {
    // Chinese numerals never write trailing zeros: 一千二百 states its last digit in the 百 place.
    while (m % 10 === 0) {
      m /= 10;
      e++;
    }
  }
  let tailMag = 0;
  const last = s.charCodeAt(intEnd - 1);
  if (dot < 0 && cnUnit(last) >= 1e4) {
    tailMag = cnUnit(last) === 1e4 ? 4 : 8;
    if (tailMag === 8 && intEnd - 2 >= from && cnUnit(s.charCodeAt(intEnd - 2)) === 1e4) tailMag = 12;
  }
  const jiLow = jis === 1 ? v : NaN;
  const jiHigh = jis === 1 ? cnInt(s, from, intEnd, 10) : NaN;
  if (jis === 1 && !(jiHigh > jiLow)) return null;
  return { m, e, chinese: true, tailMag, hasMag, jiLow, jiHigh, jiLead, leadingZero: false };
}

function parseNum(s: string, from: number, to: number): Num | null {
  const c = s.charCodeAt(from);
  return isAsciiOrWideDigit(c) ? parseArabic(s, from, to) : parseChinese(s, from, to);
}

/** m, e with the magnitude suffix applied. */
function withMag(n: Num, mag: string | undefined): void {
  if (mag) n.e += MAG_EXP[fold(mag)] ?? MAG_EXP[mag] ?? 0;
}

// ---------------------------------------------------------------------------------------------
// Qualifier words before the number (checked backwards from the number with charCode compares).

type Bound = { q: Qualifier; inc: boolean };
const B = (q: Qualifier, inc: boolean): Bound => ({ q, inc });

// Longest first where one word ends with another (不超过/超过, 不少于/少于, 将近/近, 大约/约).
const PREFIXES: [string, Bound][] = [
  ['不超过', B('atMost', true)], ['不超過', B('atMost', true)], ['不少于', B('atLeast', true)], ['不少於', B('atLeast', true)],
  ['不低于', B('atLeast', true)], ['不低於', B('atLeast', true)], ['不高于', B('atMost', true)], ['不高於', B('atMost', true)],
  ['不多于', B('atMost', true)], ['不多於', B('atMost', true)],
  ['超过', B('above', false)], ['超過', B('above', false)], ['超出', B('above', false)], ['多于', B('above', false)],
  ['多於', B('above', false)], ['高于', B('above', false)], ['高於', B('above', false)], ['大于', B('above', false)],
  ['大於', B('above', false)],
  ['至少', B('atLeast', true)], ['最少', B('atLeast', true)], ['突破', B('atLeast', true)],
  ['将近', B('nearly', true)], ['將近', B('nearly', true)], ['接近', B('nearly', true)],
  ['大约', B('about', true)], ['大約', B('about', true)], ['约占', B('about', true)], ['約占', B('about', true)],
  ['約佔', B('about', true)],
  ['不到', B('atMost', false)], ['不足', B('atMost', false)], ['低于', B('atMost', false)], ['低於', B('atMost', false)],
  ['少于', B('atMost', false)], ['少於', B('atMost', false)], ['小于', B('atMost', false)], ['小於', B('atMost', false)],
  ['最多', B('atMost', true)],
  ['超', B('above', false)], ['逾', B('above', false)], ['近', B('nearly', true)], ['约', B('about', true)], ['約', B('about', true)],
];
// Words allowed between 约 and the number: 约占1.56%, 约为, 约有, 约达.
const ABOUT_GAP = ['达到', '達到', '占', '佔', '为', '為', '有', '达', '達', '计', '計'];
const GAP_LAST = new Set(ABOUT_GAP.map((g) => g.charCodeAt(g.length - 1)));
// Only unambiguous multi-character qualifiers may govern a number across "…的": 超过GDP的1/3.
const FAR_PREFIXES = new Set(['不超过', '不超過', '不少于', '不少於', '不低于', '不低於', '不高于', '不高於', '超过', '超過', '超出', '接近', '将近', '將近', '不到', '不足', '约占', '約占', '約佔']);

/**
 * PREFIXES (in their order) by the code of their last character: only words ending with the
 * character before a number can end there. Trying all 45 words at every number, and at each of up
 * to 13 characters before a `…的` number, was a twentieth of a cold check.
 */
function byLastChar(words: [string, Bound][]): Map<number, [string, Bound][]> {
  const m = new Map<number, [string, Bound][]>();
  for (const e of words) {
    const c = e[0].charCodeAt(e[0].length - 1);
    const list = m.get(c);
    if (list) list.push(e);
    else m.set(c, [e]);
  }
  return m;
}
const PREFIX_BY_LAST = byLastChar(PREFIXES);
const FAR_BY_LAST = byLastChar(PREFIXES.filter(([w]) => FAR_PREFIXES.has(w)));

function endsAt(s: string, pos: number, w: string): boolean {
  const n = w.length;
  if (pos - n < 0) return false;
  for (let i = 0; i < n; i++) if (s.charCodeAt(pos - n + i) !== w.charCodeAt(i)) return false;
  return true;
}

// Characters that end a backward search for a qualifier (punctuation, digits, spaces).
function isStop(c: number): boolean {
  return (
    c < 0x80 ||
    (c >= 0xff10 && c <= 0xff19) ||
    c === 0xff0c || c === 0x3002 || c === 0xff1b || c === 0xff1a || c === 0x3001 || c === 0xff01 || c === 0xff1f ||
    c === 0x201c || c === 0x201d || c === 0x300a || c === 0x300b || c === 0xff08 || c === 0xff09 || c === 0x3000
  );
}

let pfxStart = 0;
/** The qualifier word that ends exactly at `pos` (start in pfxStart), with its false-friend guards. */
function prefixEndingAt(s: string, pos: number, floor: number): Bound | null {
  const words = pos > 0 ? PREFIX_BY_LAST.get(s.charCodeAt(pos - 1)) : undefined;
  if (words === undefined) return null;
  for (let k = 0; k < words.length; k++) {
    const w = words[k][0];
    if (pos - w.length < floor || !endsAt(s, pos, w)) continue;
    const before = pos - w.length > 0 ? s[pos - w.length - 1] : '';
    // 最近/附近 mean "recent"/"nearby"; 节约/制约/预约 are verbs, not "about".
    if (w === '近' && '最附靠邻鄰亲親贴貼临臨逼'.includes(before || '\u0000')) continue;
    if ((w === '约' || w === '約') && '节節制签簽预預契邀违違履婚'.includes(before || '\u0000')) continue;
    if (w === '超' && '赶趕高'.includes(before || '\u0000')) continue;
    pfxStart = pos - w.length;
    return words[k][1];
  }
  return null;
}

function findPrefix(s: string, numStart: number, floor: number): Bound | null {
  let p = numStart;
  // 突破了10万家 / 超过了200个
  if (p - 1 >= floor && s.charCodeAt(p - 1) === 0x4e86 /* 了 */) p--;
  const direct = prefixEndingAt(s, p, floor);
  if (direct) return direct;
  // 约占1.56% / 约为 / 约有 / 约达 (only where the character before the number ends a gap word)
  if (numStart > 0 && GAP_LAST.has(s.charCodeAt(numStart - 1))) for (const g of ABOUT_GAP) {
    if (!endsAt(s, numStart, g)) continue;
    const q = numStart - g.length;
    if (q - 1 < floor) continue;
    for (const w of ['大约', '大約', '约', '約']) {
      if (q - w.length >= floor && endsAt(s, q, w)) {
        pfxStart = q - w.length;
        return B('about', true);
      }
    }
  }
  // 超过GDP的1/3: a strong qualifier up to 12 characters before "的".
  if (numStart - 1 >= floor && s.charCodeAt(numStart - 1) === 0x7684 /* 的 */) {
    const lim = Math.max(floor, numStart - 14);
    for (let j = numStart - 1; j > lim; j--) {
      const c = s.charCodeAt(j);
      // Latin words may sit in between (超过GDP的1/3); punctuation and digits may not.
      if (j < numStart - 1 && (isAsciiOrWideDigit(c) || (isStop(c) && !isLatin(c)))) break;
      const far = FAR_BY_LAST.get(s.charCodeAt(j - 1));
      if (far === undefined) continue;
      for (let k = 0; k < far.length; k++) {
        const w = far[k][0];
        if (j - w.length >= lim && endsAt(s, j, w)) {
          pfxStart = j - w.length;
          return far[k][1];
        }
      }
    }
  }
  return null;
}

/** 居全国首位 / 位居第七位 / 排名首位: a rank needs 居, 列 or 排 shortly before. */
function rankContext(s: string, pos: number, floor: number): boolean {
  for (let j = pos - 1, n = 0; j >= floor && n < 8; j--, n++) {
    const c = s.charCodeAt(j);
    if (c === 0x5c45 || c === 0x5217 || c === 0x6392) return true; // 居 列 排
    if (isStop(c)) return false;
  }
  return false;
}

function isLatin(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xff21 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a);
}

// ---------------------------------------------------------------------------------------------
// Building the interval

/**
 * A quantity before its text is sliced from the input (`text` is ''). It becomes the emitted
 * quantity itself: copying it into a new object per figure was a fifth of what parsing a draft's
 * figures allocated. Its fields are in the order of Quantity (see blank).
 */
type Draft = Quantity;

function emit(out: Quantity[], s: string, d: Draft): void {
  d.text = s.slice(d.start, d.end);
  if (d.low < 0) {
    d.low = 0;
    d.lowInclusive = true;
  }
  out.push(d);
}

/** Fill value/low/high/qualifier for a single number m×10^e under a bound (or exact). */
function applyBound(d: Draft, m: number, e: number, bound: Bound | null): void {
  const v = dec(m, e);
  d.value = v;
  d.precision = pow10(e);
  // exact: the rounding interval of the last stated digit (statcheck): 206 -> [205.5, 206.5)
  d.low = dec(2 * m - 1, e) / 2;
  d.high = dec(2 * m + 1, e) / 2;
  d.lowInclusive = true;
  d.highInclusive = false;
  d.qualifier = 'exact';
  if (!bound) return;
  d.qualifier = bound.q;
  switch (bound.q) {
    case 'above':
    case 'atLeast':
      d.low = v;
      d.lowInclusive = bound.inc;
      d.high = Infinity;
      d.highInclusive = false;
      break;
    case 'atMost':
      d.low = 0;
      d.lowInclusive = true;
      d.high = v;
      d.highInclusive = bound.inc;
      break;
    case 'nearly':
      // 近10亿元: just short of the value, at most 10% below.
      d.low = dec(9 * m, e - 1);
      d.high = v;
      d.lowInclusive = true;
      d.highInclusive = true;
      break;
    case 'about': {
      // 100场左右: ±10%, but never narrower than what the digits themselves state (约6万 covers
      // [5.4万, 6.6万], and 约1万 keeps its rounding interval [0.5万, 1.5万)).
      const lo = dec(9 * m, e - 1);
      const hi = dec(11 * m, e - 1);
      if (lo <= d.low) d.low = lo;
      if (hi >= d.high) {
        d.high = hi;
        d.highInclusive = true;
      }
      break;
    }
    default:
      break;
  }
}

// ---------------------------------------------------------------------------------------------
// The scan

/**
 * The characters a SCAN match can start with: the openers of group 1 (“ 《 " 〔 ［ [ 【), 首, 百 and
 * the first character of a number (an Arabic or full-width digit, or a Chinese numeral's first).
 * The global SCAN was tried at every position of every sentence, and fewer than one character in
 * ten of a draft's prose can start a match: parseQuantities tries the sticky SCAN_AT only where
 * one of these stands, which finds the same matches in the same order (a sticky match at a
 * position is the global regex's match there, and the global regex fails wherever none of these
 * stands).
 */
const SCAN_START = new Uint8Array(0x10000);
for (const c of '“《"〔［[【首百0123456789〇零一二两兩三四五六七八九十几幾') SCAN_START[c.charCodeAt(0)] = 1;
for (let c = 0xff10; c <= 0xff19; c++) SCAN_START[c] = 1;
const SCAN_AT = new RegExp(SCAN.source, 'y');

/** Whether a SCAN match can start with this UTF-16 code unit (for the tests). */
export function canStartScan(c: number): boolean {
  return SCAN_START[c] === 1;
}

/**
 * Characters that can follow the digits of a number inside a SCAN match: more digits, a decimal
 * point or digit group, 分之 and /, 多/余, a magnitude, a range separator, the space before a unit,
 * the first character of a unit or a suffix, 点 of a Chinese decimal. A number followed by none of
 * them is a bare number (2022 in 2022年, 一 in 统一), which SCAN matches with every other group
 * empty and parseQuantities passes over: half of a draft's SCAN matches, each an exec and an
 * array of 19 captures.
 */
const NUM_CONT = new Uint8Array(0x10000);
for (const c of '0123456789０１２３４５６７８９.．,分/多余餘万萬亿億千百-－–—~～〜至到 \u3000个個台臺家人户戶平公兆小%％倍美欧歐港日元套项項名次场場条條件款座所种種类類支位批张張篇辆輛架艘颗顆份例笔筆处處亩畝吨噸米天以左上之点點') NUM_CONT[c.charCodeAt(0)] = 1;
const CN_FIRST = new Uint8Array(0x10000);
for (const c of '〇零一二两兩三四五六七八九十几幾') CN_FIRST[c.charCodeAt(0)] = 1;
const CN_REST = new Uint8Array(0x10000);
for (const c of '〇零一二两兩三四五六七八九十百千万萬亿億几幾') CN_REST[c.charCodeAt(0)] = 1;

/**
 * The end of the number at `p` when it is bare (see NUM_CONT), else -1. SCAN matches such a
 * number as a whole, with no group but the number's set, or (an Arabic number after a letter or
 * a digit: the look-behind) not at all, and then at no digit of it either: in both cases its
 * scan goes on at the end of the number, without a match to act on.
 */
export function bareNumberEnd(text: string, p: number): number {
  const n = text.length;
  const c = text.charCodeAt(p);
  let j = p + 1;
  if (isAsciiOrWideDigit(c)) {
    while (j < n && isAsciiOrWideDigit(text.charCodeAt(j))) j++;
  } else if (CN_FIRST[c] === 1) {
    while (j < n && CN_REST[text.charCodeAt(j)] === 1) j++;
  } else return -1;
  return j === n || NUM_CONT[text.charCodeAt(j)] === 0 ? j : -1;
}

export function parseQuantities(text: string): Quantity[] {
  const out: Quantity[] = [];
  const re = SCAN_AT;
  const n = text.length;
  let floor = 0; // end of the previous figure: qualifier look-back never crosses it
  let m: RegExpExecArray | null;
  for (let p = 0; p < n; ) {
    if (SCAN_START[text.charCodeAt(p)] === 0) {
      p++;
      continue;
    }
    const bare = bareNumberEnd(text, p);
    if (bare >= 0) {
      p = bare;
      continue;
    }
    re.lastIndex = p;
    m = re.exec(text);
    if (m === null) {
      p++;
      continue;
    }
    // As the global regex: the next search starts where the match ends (never on the same
    // position: n1 is mandatory, so a match is never empty), unless handleNumber says otherwise.
    p = re.lastIndex > p ? re.lastIndex : p + 1;
    if (m[1] !== undefined) continue; // quoted name / title / document number
    const at = m.index;
    if (m[2] !== undefined) {
      if (rankContext(text, at, floor)) {
        const d = blank(at, at + 2);
        d.numStart = at;
        d.numEnd = at + 1;
        applyBound(d, 1, 0, null);
        d.unit = '位';
        d.kind = 'rank';
        emit(out, text, d);
        floor = d.end;
      }
      continue;
    }
    // Fast path: a bare number (一 in 统一, 2023 in 2023年) with no unit, range, fraction or 百分之.
    if (m[17] === undefined && m[11] === undefined && m[3] === undefined && m[5] === undefined && m[6] === undefined) continue;
    const r = handleNumber(text, m, at, floor, out);
    if (r.resume >= 0) p = r.resume;
    if (r.floor >= 0) floor = r.floor;
  }
  return out;
}

function blank(start: number, end: number): Draft {
  return {
    start, end, numStart: start, numEnd: end, text: '', value: 0, low: 0, high: 0, lowInclusive: true,
    highInclusive: false, unit: '', kind: 'count', qualifier: 'exact', precision: 1,
  };
}

const len = (x: string | undefined): number => (x === undefined ? 0 : x.length);
const NO = { resume: -1, floor: -1 };

/**
 * Interpret one number token. Returns where to resume scanning (-1: after the token) and the new
 * look-back floor (-1: unchanged).
 */
function handleNumber(s: string, m: RegExpExecArray, at: number, floor: number, out: Quantity[]): { resume: number; floor: number } {
  const pof = m[3];
  const n1s = m[4];
  const fracNum = m[5];
  const fracDen = m[6];
  const a1 = m[7], g1 = m[8], b1 = m[9];
  const u1 = m[10], sep = m[11], n2s = m[12], a2 = m[13], g2 = m[14], b2 = m[15];
  const sp = m[16], u = m[17], sfx = m[18];

  // Offsets of the contiguous pieces.
  const n1Start = at + len(pof);
  const n1End = n1Start + n1s.length;
  const fracEnd = n1End + (fracNum !== undefined ? 2 + fracNum.length : fracDen !== undefined ? 1 + fracDen.length : 0);
  const head1End = fracEnd + len(a1) + len(g1) + len(b1); // end of number+magnitude+多
  // The number's own span: `6万` in 6万多个, `1600多亿` in 1600多亿元, `600` in 600余场.
  const numEnd1 = g1 !== undefined ? fracEnd + len(a1) + g1.length : fracEnd;
  const u1End = head1End + len(u1);
  const rangeEnd = sep === undefined ? head1End : u1End + sep.length + n2s.length + len(a2) + len(g2) + len(b2);
  const unitStart = rangeEnd + len(sp);
  const unitEnd = unitStart + len(u);
  const sfxEnd = unitEnd + len(sfx);

  const n1 = parseNum(s, n1Start, n1End);
  if (!n1 || n1.leadingZero) return NO;
  // 5G, 4G, 3D: a number glued to a Latin letter is part of a name.
  if (!n1.chinese && isLatin(s.charCodeAt(n1End))) return NO;
  const before = n1Start > 0 ? s.charCodeAt(n1Start - 1) : 0;
  const ordinal = pof === undefined && before === 0x7b2c; /* 第 */
  // 数十家 / 数十万 = "several tens (of thousands)", read like 几十: [20, 100).
  const shu = n1.chinese && pof === undefined && (before === 0x6570 || before === 0x6578) && s.charCodeAt(n1Start) === 0x5341 && n1.m === 1;
  if (shu) {
    const v = dec(n1.m, n1.e);
    n1.jiLow = 2 * v;
    n1.jiHigh = 10 * v;
    n1.jiLead = true;
  }

  // ---- fractions: 1/3, 三分之一, 百分之五十
  if (fracNum !== undefined || fracDen !== undefined) {
    if (ordinal || pof !== undefined) return NO;
    const numer = fracNum !== undefined ? parseNum(s, n1End + 2, fracEnd) : parseNum(s, n1End + 1, fracEnd);
    if (!numer || numer.leadingZero || numer.jiLow === numer.jiLow || n1.jiLow === n1.jiLow) return NO;
    const top = fracNum !== undefined ? numer : n1;
    const bot = fracNum !== undefined ? n1 : numer;
    const nv = dec(top.m, top.e);
    const dv = dec(bot.m, bot.e);
    if (!(dv > 0) || nv > dv || (fracDen !== undefined && (dv > 1000 || isLatin(s.charCodeAt(fracEnd))))) return NO;
    if (fracDen !== undefined && n1.e !== 0) return NO; // 1.5/3 is not how fractions are written
    const d = blank(at, fracEnd);
    d.numStart = n1Start;
    d.numEnd = fracEnd;
    const v = nv / dv;
    d.value = v;
    // A fraction is exact as written; 1/3 compares as 33.33…%.
    d.precision = 0;
    d.low = v;
    d.high = v;
    d.lowInclusive = true;
    d.highInclusive = true;
    d.unit = '分之';
    d.kind = 'fraction';
    const bound = findPrefix(s, at, floor);
    if (bound) {
      d.start = pfxStart;
      d.qualifier = bound.q;
      if (bound.q === 'above' || bound.q === 'atLeast') {
        d.high = Infinity;
        d.highInclusive = false;
        d.lowInclusive = bound.inc;
      } else if (bound.q === 'atMost') {
        d.low = 0;
        d.highInclusive = bound.inc;
      } else if (bound.q === 'nearly') d.low = v * 0.9;
      else if (bound.q === 'about') {
        d.low = v * 0.9;
        d.high = v * 1.1;
      }
    }
    emit(out, s, d);
    return { resume: fracEnd, floor: fracEnd };
  }

  // ---- magnitudes and 多/余 on the first number
  withMag(n1, g1);
  const more1 = a1 !== undefined || b1 !== undefined;
  const hasMag1 = g1 !== undefined || n1.hasMag;

  // The three readings below (a range, 百分之…, a single figure) were inner functions: each call
  // of handleNumber, one per number with a tail in a draft, made their three closures and a
  // context for the variables they shared, and V8 optimised `single` anew a dozen times in a
  // cold check's first runs (--trace-opt). They are blocks of this one function now.
  let unitRaw: string | undefined;
  let suffix: string | undefined;
  let endAll: number;
  if (sep !== undefined) {
    // ---- ranges: 2-3个, 两到三个, 10%-15%, 1-2万个, 2万元至3万元
    range: {
      const rangeUnit = u;
      if (rangeUnit === undefined || ordinal || pof !== undefined || more1) break range;
      if (u1 !== undefined && unitInfo(u1)?.unit !== unitInfo(rangeUnit)?.unit) break range;
      if (before === 0x4ece || before === 0x7531) break range; // 从 / 由: a change, not a range
      const info = unitInfo(rangeUnit);
      if (!info || info.kind === 'rank') break range;
      const n2Start = u1End + sep.length;
      const n2 = parseNum(s, n2Start, n2Start + n2s!.length);
      if (!n2 || n2.leadingZero || n2.jiLow === n2.jiLow || n1.jiLow === n1.jiLow) break range;
      if (!n2.chinese && isLatin(s.charCodeAt(n2Start + n2s!.length))) break range;
      if (a2 !== undefined || b2 !== undefined) break range;
      withMag(n2, g2);
      // 1-2万个: the magnitude written once applies to both ends, unless that would invert them.
      const mag2 = g2 !== undefined ? MAG_EXP[fold(g2)] ?? 0 : n2.tailMag;
      let lo = dec(n1.m, n1.e);
      const hi = dec(n2.m, n2.e);
      if (!hasMag1 && u1 === undefined && mag2 > 0) {
        const scaledLo = dec(n1.m, n1.e + mag2);
        if (scaledLo <= hi) lo = scaledLo;
      }
      if (!(lo < hi)) break range;
      const d = blank(at, sfxEnd);
      d.numStart = n1Start;
      d.numEnd = rangeEnd;
      d.value = (lo + hi) / 2;
      d.low = lo;
      d.high = hi;
      d.lowInclusive = true;
      d.highInclusive = true;
      d.precision = pow10(n2.e);
      d.unit = info.unit;
      d.kind = info.kind;
      d.qualifier = 'range';
      emit(out, s, d);
      return { resume: sfxEnd, floor: sfxEnd };
    }
    // Not a range (no unit, 从5%到10% is a change, 3家到2025年 ...): take the first part alone and
    // rescan from the separator so the second number is seen on its own.
    if (pof === undefined) {
      if (u1 === undefined) return { resume: head1End, floor: -1 };
      unitRaw = u1;
      endAll = u1End;
    }
  } else if (pof === undefined) {
    if (u === undefined) return NO; // a bare number is not a figure
    unitRaw = u;
    suffix = sfx;
    endAll = sfxEnd;
  }

  if (unitRaw === undefined) {
    // ---- 百分之五十 = 50%: the prefix is the unit; 百分之五十以上 takes a suffix only when nothing
    // else follows the number.
    if (n1.jiLow === n1.jiLow) return NO;
    const useSfx = sep === undefined && u === undefined && sp === undefined && sfx !== undefined;
    const end = useSfx ? sfxEnd : head1End;
    const d = blank(at, end);
    d.numStart = at;
    d.numEnd = numEnd1;
    d.unit = '%';
    d.kind = 'percent';
    let bound = findPrefix(s, at, floor);
    if (bound) d.start = pfxStart;
    else if (useSfx) bound = suffixBound(sfx!);
    if (more1) moreInterval(d, n1);
    else applyBound(d, n1.m, n1.e, bound);
    emit(out, s, d);
    return { resume: end, floor: end };
  }

  // ---- a single figure: 206家, 超过40万家, 6万多个, 第7位, 100场左右
  const info = unitInfo(unitRaw);
  if (!info) return NO;
  let kind = info.kind;
  const unit = info.unit;
  let bound: Bound | null = null;
  let start = at;
  if (ordinal) {
    // 第7位 is a rank; 第一阶段 / 第三届 / 第二十三次会议 / 第10个 are ordinals, not quantities.
    if (unit !== '位' || pof !== undefined || more1 || n1.jiLow === n1.jiLow) return NO;
    if (n1.chinese && !rankContext(s, n1Start - 1, floor)) return NO;
    kind = 'rank';
  } else if (unit === '位' && before === 0x524d /* 前 */ && !n1.chinese) {
    kind = 'rank'; // 居全国前10位: rank 1..10
    bound = B('atMost', true);
  }
  // Chinese numerals: only 倍 / 分之 / magnitudes / 个百分点 / 百分之, or >= 10 with a measure word.
  // Below ten they are structure and idiom (三个方面, 七个新, 两个“一号工程”, 一批).
  if (n1.chinese && kind !== 'multiple' && kind !== 'points' && kind !== 'rank' && !hasMag1) {
    const v = dec(n1.m, n1.e);
    if (v < 10) return NO;
  }

  const d = blank(start, endAll!);
  d.numStart = n1Start;
  d.numEnd = numEnd1;
  d.unit = unit;
  d.kind = kind;

  if (!bound && !ordinal) {
    bound = findPrefix(s, at, floor);
    if (bound) start = pfxStart;
  }
  // In 高于2个百分点 / 低于2个百分点 the comparison word introduces a gap between two rates; the gap
  // itself is stated exactly (高于全国2.5个百分点 never reaches here: 全国 separates the words).
  if (bound && kind === 'points' && (bound.q === 'above' || bound.q === 'atMost') && isComparisonWord(s, pfxStart)) {
    bound = null;
    start = at;
  }
  if (!bound && suffix !== undefined) bound = suffixBound(suffix);
  d.start = start;
  if (shu) {
    d.numStart = n1Start - 1;
    if (d.start > d.numStart) d.start = d.numStart;
  }

  if (n1.jiLow === n1.jiLow) {
    // 几: 十几家 = [10, 20) like 十多家; 几十家 = [20, 100).
    d.low = n1.jiLow;
    d.high = n1.jiHigh;
    d.lowInclusive = true;
    d.highInclusive = false;
    d.qualifier = n1.jiLead ? 'range' : 'more';
    d.value = n1.jiLead ? (d.low + d.high) / 2 : d.low;
    d.precision = (d.high - d.low) / (n1.jiLead ? 8 : 10);
  } else if (more1 && kind !== 'rank') {
    moreInterval(d, n1);
  } else {
    applyBound(d, n1.m, n1.e, bound);
  }
  if (kind === 'rank') {
    // The figure is 第7位 / 前10位, not just 7位 (which would read as "7 people").
    d.start = n1Start - 1;
    if (bound && bound.q === 'atMost') d.low = 1;
  }
  emit(out, s, d);
  return { resume: endAll!, floor: endAll! };
}

function suffixBound(suffix: string): Bound | null {
  if (suffix === '以上') return B('atLeast', true); // 以上 includes the number by Chinese convention
  if (suffix === '以下' || suffix === '以内' || suffix === '以內') return B('atMost', true);
  if (suffix === '左右' || suffix === '上下') return B('about', true);
  return null; // 之多 only stresses the size: 15条之多 is exactly 15
}

/**
 * 多/余 means "and then some" below the next unit of the last non-zero stated digit:
 * 6万多 = [6万, 7万), 1600多亿 = [1600亿, 1700亿), 230余项 = [230, 240), 20多项 = [20, 30).
 * Stepping by the last NON-ZERO digit is what makes 1600多亿 step by 100亿: the trailing zeros are
 * there only to reach the magnitude, nobody writes 1600多亿 for 1600.5亿.
 */
function moreInterval(d: Draft, n: Num): void {
  let mm = n.m;
  let ee = n.e;
  while (mm > 0 && mm % 10 === 0) {
    mm /= 10;
    ee++;
  }
  applyBound(d, n.m, n.e, null);
  d.low = dec(mm, ee);
  d.high = dec(mm + 1, ee);
  d.lowInclusive = true;
  d.highInclusive = false;
  d.qualifier = 'more';
}

function isComparisonWord(s: string, pos: number): boolean {
  const c = s.charCodeAt(pos);
  return c === 0x9ad8 /* 高 */ || c === 0x4f4e /* 低 */ || c === 0x5927 /* 大 */ || c === 0x5c0f; /* 小 */
}

// ---------------------------------------------------------------------------------------------
// Interval overlap and formatting

type Interval = Pick<Quantity, 'low' | 'high' | 'lowInclusive' | 'highInclusive'>;

/** Whether two statements can both be true of one value. */
export function intervalsOverlap(a: Interval, b: Interval): boolean {
  // Plain assignments: `[lo, loInc] = [a.low, a.lowInclusive]` allocated two arrays per call, and
  // a check calls this for every draft figure against its slot's first statement.
  let lo: number;
  let loInc: boolean;
  if (a.low > b.low) {
    lo = a.low;
    loInc = a.lowInclusive;
  } else if (b.low > a.low) {
    lo = b.low;
    loInc = b.lowInclusive;
  } else {
    lo = a.low;
    loInc = a.lowInclusive && b.lowInclusive;
  }
  let hi: number;
  let hiInc: boolean;
  if (a.high < b.high) {
    hi = a.high;
    hiInc = a.highInclusive;
  } else if (b.high < a.high) {
    hi = b.high;
    hiInc = b.highInclusive;
  } else {
    hi = a.high;
    hiInc = a.highInclusive && b.highInclusive;
  }
  if (lo < hi) return true;
  return lo === hi && loInc && hiInc;
}

const MAGS: [number, string][] = [[1e12, '万亿'], [1e8, '亿'], [1e4, '万']];

/** Number in the largest magnitude that keeps at most two decimals (21732 stays 21732, 2.17万). */
function fmtNum(v: number, precision: number): { text: string; mag: number } {
  for (const [mv, name] of MAGS) {
    if (v >= mv && precision >= mv / 100) return { text: fixed(v / mv, precision / mv) + name, mag: mv };
  }
  return { text: fixed(v, precision), mag: 1 };
}
function fixed(x: number, p: number): string {
  const digits = p > 0 && p < 1 ? Math.min(10, Math.round(-Math.log10(p))) : 0;
  return x.toFixed(digits);
}

/** Short human form for messages: '6万多个', '≥40万家', '>40万家', '206家', '45.2%', '约100场'. */
export function formatValue(q: Quantity): string {
  const u = q.unit === '分之' ? '' : q.unit;
  if (q.kind === 'fraction') {
    const t = fold(q.text.slice(q.numStart - q.start, q.numEnd - q.start));
    return prefixSymbol(q) + t;
  }
  if (q.kind === 'rank') {
    if (q.qualifier === 'atMost') return `前${fixed(q.high, 1)}位`;
    return `第${fixed(q.value, 1)}位`;
  }
  if (q.qualifier === 'range') {
    const a = fmtNum(q.low, q.precision);
    const b = fmtNum(q.high, q.precision);
    return `${a.text}–${b.text}${u}`;
  }
  if (q.qualifier === 'more') {
    const step = q.high - q.low;
    const n = fmtNum(q.value, Math.min(q.precision, step));
    const name = MAGS.find(([mv]) => mv === n.mag)?.[1] ?? '';
    // 多 precedes the magnitude when the step is a multiple of ten of it (1600多亿, 2000多万),
    // and follows it otherwise (6万多).
    if (name && step >= n.mag * 10) return n.text.slice(0, n.text.length - name.length) + '多' + name + u;
    return n.text + '多' + u;
  }
  return prefixSymbol(q) + fmtNum(q.value, q.precision).text + u;
}

function prefixSymbol(q: Quantity): string {
  switch (q.qualifier) {
    case 'above': return '>';
    case 'atLeast': return '≥';
    case 'atMost': return q.highInclusive ? '≤' : '<';
    case 'nearly': return '近';
    case 'about': return '约';
    default: return '';
  }
}
