// The programme-name registry: named initiatives (工赋山东, 一号发展工程), document titles
// (《…实施意见》) and quoted phrases (“领头羊”) harvested from corpus passages, with a
// programme-ness score so completion can offer the names a drafter is most likely to cite.
//
// Names are harvested ONLY from passages, never from a document's raw text: passages already
// exclude debris, so the consultancy advert at the end of 001_… (瑞策咨询, “服务创造价值、…”,
// 项目管理体系) and the mojibake runs of 004_… can never become names.

import { pinyin } from 'pinyin-pro';
import { isCjk, toSimplifiedConverter, traditionalForms } from './normalize';
import { isCloseQuote, isOpenQuote } from './passages';
import type { IndexedDoc, NameKind, Passage, ProgrammeName } from './types';

// ---------------------------------------------------------------------------------------------
// Vocabulary. Each list names the seed case it exists for.

/**
 * Name endings that mark a programme. Strong ones almost always name an initiative
 * (000: 实施产业基础再造工程; 002: 集成电路强芯工程; 004: 制造业创新能力提升三年行动计划;
 * 000: 产业链链长工作制).
 * Weak ones (平台/清单/体系) also end ordinary nouns (000: 政策体系, 000: 任务清单), so on their own
 * they do not make a programme. Longest first so 行动计划 wins over 计划 and 专项行动 over 行动.
 */
const STRONG_SUFFIXES = ['专项行动', '行动计划', '工作制', '工程', '行动', '计划'];
const WEAK_SUFFIXES = ['平台', '清单', '体系'];
const SUFFIX_RE = /专项行动|行动计划|工作制|工程|行动|计划|平台|清单|体系/g;

/**
 * Heads that follow a quoted programme name: 003 “工赋山东”专项行动, “数字经济总部”培育行动,
 * “百城牵手万项”系列活动; 000 智能制造“万千百十”工程, 5G应用“扬帆”行动计划.
 */
const HEAD_AFTER_RE = /^(?:专项行动|行动计划|系列活动|专项活动|培育行动|行动|工程|计划|活动|工作制)/;

/**
 * Verbs that launch a programme, right before its name: 003 实施“云行齐鲁”, 002 推进“工赋山东”,
 * 打造“数字领航”企业, 建设“产业大脑”; 000 推进“万企上云上平台”, 入选全国首批“千兆城市”,
 * 启动“千人入万企”, 发布“机会清单”; 004 开展“特色产业集群服务行”. Not 构建/搭建: they take
 * concepts (004 构建现代化产业体系, 000 搭建沟通交流平台), not named initiatives.
 */
const LAUNCH_VERBS = ['实施', '推进', '打造', '开展', '建设', '培育', '启动', '创建', '组织', '组建', '入选', '首批', '举办', '发布'];
const LAUNCH_BEFORE_RE = new RegExp(`(?:${LAUNCH_VERBS.join('|')})$`);
const LAUNCH_IN_CLAUSE_RE = new RegExp(`(?:${LAUNCH_VERBS.join('|')})[^,，。;；:：!?！？、的]{0,10}$`);

/**
 * Figurative and evaluative words that get quoted but are never programmes, however often they
 * occur: 000 “领头羊”, “未来星”, “引爆点”, “一把手”工程 (followed by 工程, still not a programme);
 * 001 “扣合点”; 003/004 “卡脖子” (in two documents and followed by 攻关清单); 003 “国家队”,
 * “军令状”; 004 “点石成金”, “四梁八柱”.
 */
const EVALUATIVE = new Set([
  '卡脖子', '领头羊', '未来星', '排头兵', '主力军', '生力军', '风向标', '压舱石', '顶梁柱', '助推器', '加速器',
  '稳定器', '金名片', '金钥匙', '牛鼻子', '硬骨头', '试金石', '扣合点', '引爆点', '增长点', '制高点', '突破口',
  '着力点', '闪亮点', '国家队', '军令状', '一把手', '家底', '点石成金', '四梁八柱', '最后一公里', '放管服',
  '成长中的烦恼', '关键一步', '无中生有', '有中创优', '项目为王', '以点带面',
]);
/**
 * Evaluative heads of unquoted pattern names: 000 的头号工程、奠基工程 and 004 工业经济头号工程
 * (a priority, not an initiative), 004 惠当前利长远的务实行动.
 */
const EVALUATIVE_END_RE = /(?:头号|奠基|务实|一把手)(?:工程|行动)$/;

/**
 * Counting slogans: 003 “三个走在前”, 000 “七个新”, “三个不”, “四大问题”, 001 “四个一批”,
 * 004 “两大重点”, “四类资源”. Exempt when the name ends in a programme suffix (004 “十大工程”).
 */
const COUNTING_RE = /^[一二两三四五六七八九十百千万几]+[个大类项条种]/;
/** A coordination, not a name: 004 深化产业基础再造和重大技术装备攻关两大工程. */
const COORDINATED_RE = /.[两三四五六七八九十]大(?:工程|行动)$/;
/** Plan periods: 000/003 “十四五”, “十三五” (quoted in two documents, yet not a programme). */
const PERIOD_RE = /^十[一二三四五六七八九十]五$/;
/** Separators inside a quote make it a list or a sentence: 000 “不想转、不敢转、不会转”. */
const SEPARATOR_RE = /[,，、;；:：。!！?？\s'"‘’'\-—]/;

/**
 * Words that end the left context of an unquoted pattern name (verbs, adverbs, quantifiers,
 * function characters): 000 实施|产业基础再造工程, 002 加快实施|集成电路强芯工程,
 * 002 实施一系列|数字赋能行动, 004 聚焦聚力|工业经济头号工程.
 */
const STRONG_STOPS = [
  '实施', '推进', '打造', '开展', '启动', '创建', '组织', '组建', '入选', '首批', '举办', '发布', '推动', '深化',
  '落实', '加快', '完善', '形成', '建立', '健全', '出台', '印发', '制定', '编制', '用好', '谋划', '部署', '聚焦',
  '聚力', '围绕', '建好', '支持', '引导', '鼓励', '利用', '依托', '通过', '作为', '加强', '探索', '纵深', '持续',
  '积极', '大力', '全面', '深入', '着力', '扎实', '坚持', '以下', '一批', '一个', '一套', '一支', '一系列', '一揽子',
  '各类', '多个', '抓好', '加力', '使用', '加入', '吸纳', '叫', '的', '和', '与', '及', '等', '或', '在', '把', '将', '是', '了', '并', '即',
].sort((a, b) => b.length - a.length);
/**
 * Verbs that also occur INSIDE names, so they end a name only when the strong stops leave it too
 * long: 004 未来产业培育发展行动 and 003 创新主体梯次培育工程 contain 培育; 004 中小企业特色产业集群
 * 跨越提升行动 contains 提升.
 */
const WEAK_STOPS = ['培育', '建设', '构建', '搭建', '提升', '优化', '升级', '强化', '为', '以', '对', '向', '从'].sort(
  (a, b) => b.length - a.length,
);
const ALL_STOPS = [...STRONG_STOPS, ...WEAK_STOPS].sort((a, b) => b.length - a.length);
/** Stems that are only a count: 003 以下六项行动, 000 两个“一号工程”. */
const COUNT_STEM_RE = /^[一二两三四五六七八九十百千万几]+[项个批类]$/;

const MAX_QUOTE = 40;
const MAX_TITLE = 80;
const MAX_PATTERN = 18;
/** Names up to this long read as names (一号发展工程 6, 数字经济总部 6); longer ones lose points. */
const NAME_LEN_OK = 12;

// ---------------------------------------------------------------------------------------------

interface Candidate {
  name: string;
  via: ProgrammeName['via'];
}

interface Stats {
  name: string;
  via: ProgrammeName['via'];
  /** Best (max) context score over all mentions. */
  context: number;
  /** Some mention was followed by a programme head. */
  headed: boolean;
  passages: Set<number>;
  docs: Set<number>;
  firstPassage: number;
  /** Index (in the passages array) of the last passage that counted a mention. */
  seenIn: number;
}

/** Trim marks and trailing punctuation: 000 “2+6+N ” -> 2+6+N. */
export function cleanName(raw: string): string {
  return raw
    .replace(/^[\s《》“”「」『』"'‘’()（）\[\]【】]+/, '')
    .replace(/[\s《》“”「」『』"'‘’,，。;；:：、!！?？.…\-—]+$/, '');
}

function endsWithAny(name: string, list: string[]): string | undefined {
  return list.find((s) => name.endsWith(s) && name.length > s.length);
}

const TITLE_RE = /《([^《》]{1,80})》/g;
const QUOTE_RE = /[“「『]([^“”「」『』《》]{1,40})[”」』]/g;
const MASK_RE = /《[^《》]*》|[“「『][^“”「」『』]*[”」』]/g;

/** Candidates of one passage, appended to `out`: titles, quotes, then suffix patterns outside those spans. */
function candidatesOf(text: string, out: Candidate[]): void {
  // Most passages have no title and no quote: the three regexes, and the masked copy, only run
  // where they can match (on a 10 MB corpus every passage was split into an array of characters
  // and joined again).
  const titled = text.includes('《');
  const quoted = text.includes('“') || text.includes('「') || text.includes('『');
  let mtext = text;
  if (titled) {
    for (const m of text.matchAll(TITLE_RE)) {
      const name = cleanName(m[1]);
      if (name.length >= 2 && name.length <= MAX_TITLE) out.push({ name, via: 'title' });
    }
  }
  if (quoted) {
    // Quotes inside titles (003 《山东省“十四五”科技创新规划》) still count as quotes.
    for (const m of text.matchAll(QUOTE_RE)) {
      const name = cleanName(m[1]);
      if (name.length >= 2 && name.length <= MAX_QUOTE) out.push({ name, via: 'quote' });
    }
  }
  if (titled || quoted) {
    // Titles and quotes masked with NULs (same length), so no pattern name reaches into one.
    const parts: string[] = [];
    let at = 0;
    for (const m of text.matchAll(MASK_RE)) {
      parts.push(text.slice(at, m.index), '\u0000'.repeat(m[0].length));
      at = m.index + m[0].length;
    }
    if (parts.length) {
      parts.push(text.slice(at));
      mtext = parts.join('');
    }
  }
  SUFFIX_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SUFFIX_RE.exec(mtext))) {
    const end = m.index + m[0].length;
    if (!rightOk(mtext, end)) continue;
    const name = leftScan(mtext, m.index, end);
    if (name) out.push({ name, via: 'pattern' });
  }
}

/**
 * Extend a suffix leftwards to the name's start: stop at punctuation, a quote (003 “工赋山东”专项行动
 * is harvested as the quote, not as 专项行动) or a stop word. Undetermined starts are dropped.
 */
function leftScan(text: string, suffixStart: number, end: number): string | undefined {
  // Weak-suffix names (平台/清单/体系) never contain a programme verb worth keeping, so every stop
  // applies: 000 支持龙头企业建设|一体化数字平台.
  const weak = WEAK_SUFFIXES.some((w) => text.startsWith(w, suffixStart));
  let s = weak
    ? scanTo(text, suffixStart, end, ALL_STOP_SET, NAME_LEN_OK)
    : (scanTo(text, suffixStart, end, STRONG_STOP_SET) ?? scanTo(text, suffixStart, end, ALL_STOP_SET));
  if (s === undefined) return undefined;
  // A weak stop verb left at the start belongs to the clause: 004 着力构建|现代化产业体系.
  const lead = WEAK_STOPS.find((w) => w.length > 1 && text.startsWith(w, s!) && suffixStart - s! - w.length >= 2);
  if (lead) s += lead.length;
  const name = text.slice(s, end);
  const stem = name.slice(0, suffixStart - s);
  if (stem.length < 2 || COUNT_STEM_RE.test(stem)) return undefined;
  return name;
}

function isNameChar(c: number): boolean {
  return isCjk(c) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/**
 * Whether a name may end at `end`: the text ends there, or what follows is punctuation (anything
 * but CJK, Latin or digits) or 的/和/与/及/等/为/建设 (004 在政策体系上 is NOT a name end), read as
 * code units, not as /^(?:$|[^\u3400-\u9fffA-Za-z0-9]|的|和|与|及|等|为|建设)/ on a two-character
 * slice (a slice per suffix match and per mention showed up on a 10 MB corpus; the test compares
 * the two).
 */
export function rightOk(text: string, end: number): boolean {
  if (end >= text.length) return true;
  const c = text.charCodeAt(end);
  if (!((c >= 0x3400 && c <= 0x9fff) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a))) return true;
  // 的 和 与 及 等 为, or 建设
  if (c === 0x7684 || c === 0x548c || c === 0x4e0e || c === 0x53ca || c === 0x7b49 || c === 0x4e3a) return true;
  return c === 0x5efa && text.charCodeAt(end + 1) === 0x8bbe;
}

/**
 * A stop list as lookups by the code units before a position: `endsWithStop` runs for every
 * character a pattern name's left scan passes, and testing ~100 stops with `endsWith` there was
 * most of candidate harvesting. Stops are 1–3 code units (一系列, 一揽子).
 */
export interface StopSet {
  one: Uint8Array;
  two: Set<number>;
  three: Set<number>;
}

export function stopSet(words: string[]): StopSet {
  const set: StopSet = { one: new Uint8Array(65536), two: new Set(), three: new Set() };
  for (const w of words) {
    if (w.length === 1) set.one[w.charCodeAt(0)] = 1;
    else if (w.length === 2) set.two.add(w.charCodeAt(0) * 65536 + w.charCodeAt(1));
    else if (w.length === 3) set.three.add(w.charCodeAt(0) * 4294967296 + w.charCodeAt(1) * 65536 + w.charCodeAt(2));
    else throw new Error(`stop word of ${w.length} code units: ${w}`);
  }
  return set;
}

/** Whether text[0, at) ends with one of the stops. */
export function endsWithStop(text: string, at: number, stops: StopSet): boolean {
  if (at < 1) return false;
  const c1 = text.charCodeAt(at - 1);
  if (stops.one[c1]) return true;
  if (at < 2) return false;
  const c2 = text.charCodeAt(at - 2);
  if (stops.two.has(c2 * 65536 + c1)) return true;
  return at >= 3 && stops.three.has(text.charCodeAt(at - 3) * 4294967296 + c2 * 65536 + c1);
}

const STRONG_STOP_SET = stopSet(STRONG_STOPS);
const ALL_STOP_SET = stopSet(ALL_STOPS);

/** Start of the name ending at `end`, or undefined (after a quote, or longer than MAX_PATTERN). */
function scanTo(text: string, suffixStart: number, end: number, stops: StopSet, max = MAX_PATTERN): number | undefined {
  let s = suffixStart;
  while (s > 0) {
    const c = text.charCodeAt(s - 1);
    if (c === 0) return undefined; // right after a quote/title: the quote is the name
    if (!isNameChar(c)) break;
    if (endsWithStop(text, s, stops)) break;
    s--;
    if (end - s > max) return undefined;
  }
  return s;
}

/**
 * Whether a bare mention stands as a word: 000 支持互联网平台 must not be counted inside every
 * 工业互联网平台, nor 004 政策体系 inside 在政策体系上.
 */
function boundedMention(text: string, at: number, len: number): boolean {
  const leftOk = at === 0 || !isNameChar(text.charCodeAt(at - 1)) || endsWithStop(text, at, ALL_STOP_SET);
  return leftOk && rightOk(text, at + len);
}

// ” 」 』 (a quotation's end; 》 ends a title)
function isCloseQuotation(c: number): boolean {
  return c === 0x201d || c === 0x300d || c === 0x300f;
}
const ALL_SUFFIXES = [...STRONG_SUFFIXES, ...WEAK_SUFFIXES];

/** Programme-ness of one mention from its context (the text around it in the passage). */
function mentionContext(text: string, at: number, len: number): { score: number; headed: boolean } {
  let b = at;
  let e = at + len;
  const quoted = b > 0 && isOpenQuote(text.charCodeAt(b - 1));
  if (quoted) b--;
  if (e < text.length && isCloseQuote(text.charCodeAt(e))) e++;
  // An adjacent chain of quotes shares its verb: 004 扎实推进“工赋山东”“工赋百景”.
  let chain = b;
  while (quoted && chain > 0 && isCloseQuotation(text.charCodeAt(chain - 1))) {
    const open = text.lastIndexOf('“', chain - 1);
    if (open < 0) break;
    chain = open;
  }
  const before = text.slice(Math.max(0, chain - 14), chain);
  const after = text.slice(e, e + 16);
  let score = 0;
  let headed = false;
  if (LAUNCH_BEFORE_RE.test(before)) {
    score += 2; // 003 实施“云行齐鲁”
  } else if (LAUNCH_IN_CLAUSE_RE.test(before)) {
    score += 1; // 000 推进做优做强数字经济“一号发展工程”
  }
  if (HEAD_AFTER_RE.test(after)) {
    score += 3; // 003 “工赋山东”专项行动
    headed = true;
  } else {
    // The noun phrase after the quote ends in a suffix: 003 “5351”数字经济创新平台体系.
    // Also through 等: 001 利用“企业微课”等线上平台.
    const np = /^[^,，。;；:：!?！？、“”]{1,12}/.exec(after)?.[0] ?? '';
    const trimmed = np.replace(/^等/, '').replace(/[的和与及等].*$/, '');
    if (trimmed && ALL_SUFFIXES.some((s) => trimmed.endsWith(s))) {
      score += 1.5;
      headed = true;
    }
  }
  // Predicate nouns and metaphors: 000 是我省数字产业的“领头羊”; 004 技术改造的“点石成金”作用.
  if (/[的是]$/.test(before)) score -= 2;
  if (/^(?:作用|问题)/.test(after)) score -= 2;
  return { score, headed };
}

/** Intrinsic programme-ness of a name, or `null` when it can never be a programme (a phrase). */
function intrinsic(name: string): number | null {
  const strong = endsWithAny(name, STRONG_SUFFIXES);
  const weak = strong ? undefined : endsWithAny(name, WEAK_SUFFIXES);
  if (SEPARATOR_RE.test(name)) return null;
  if (EVALUATIVE.has(name) || PERIOD_RE.test(name)) return null;
  // 2–3 character quotes ending in 点 are figurative (000 “引爆点”, 001 “扣合点”).
  if (name.length <= 3 && name.endsWith('点') && !/\d/.test(name)) return null;
  if (COUNTING_RE.test(name) && !strong) return null;
  if (EVALUATIVE_END_RE.test(name) || COORDINATED_RE.test(name)) return null;
  // An ABAC slogan: 000 “一企一策”, “一道一策”, 004 “一业一策”, “一企一技术”.
  if (/^一.一/.test(name)) return null;
  let p = strong ? 3 : weak ? 1.5 : 0;
  if (name.includes('的')) p -= 2; // 000 “成长中的烦恼”
  if (name.length > NAME_LEN_OK) p -= (name.length - NAME_LEN_OK) * 0.5;
  return p;
}

interface TrieNode<T> {
  next: Map<number, TrieNode<T>> | null;
  value: T | undefined;
}

/**
 * A trie of names by UTF-16 code unit, scanned over every passage once, so counting mentions costs
 * O(text × longest name) instead of O(text × names). `first` and `pairs` reject, without a Map
 * lookup, the positions whose character (or pair of characters) starts no name: with 15k names on
 * the 10 MB benchmark corpus most CJK characters start some name, but few pairs do.
 */
export class NameTrie<T> {
  private readonly root = new Map<number, TrieNode<T>>();
  private readonly first = new Uint8Array(65536);
  /** The first two code units of the names of two or more, hashed (a collision only costs a lookup). */
  private readonly pairs = new Uint8Array(65536);
  /** Whether a one-unit name was added (then `pairs` cannot reject). */
  private single = false;

  add(word: string, value: T): void {
    // A name with an astral character (a surrogate pair) is never found: the trie this replaces
    // added names by code point but looked passages up by code unit. Kept so the index is unchanged.
    if (/[\ud800-\udbff][\udc00-\udfff]/.test(word) || word.length === 0) return;
    let map = this.root;
    let node: TrieNode<T> | undefined;
    for (let i = 0; i < word.length; i++) {
      const c = word.charCodeAt(i);
      node = map.get(c);
      if (!node) map.set(c, (node = { next: null, value: undefined }));
      if (i < word.length - 1) map = node.next ??= new Map();
    }
    node!.value = value;
    this.first[word.charCodeAt(0)] = 1;
    if (word.length === 1) this.single = true;
    else this.pairs[pairHash(word.charCodeAt(0), word.charCodeAt(1))] = 1;
  }

  /** Calls `found(at, value)` for every occurrence in text, overlapping included, by start then length. */
  scan(text: string, found: (at: number, value: T) => void): void {
    const n = text.length;
    const first = this.first;
    const pairs = this.pairs;
    const single = this.single;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (!first[c]) continue;
      if (!single && (i + 1 >= n || !pairs[pairHash(c, text.charCodeAt(i + 1))])) continue;
      let node = this.root.get(c);
      for (let j = i + 1; node; j++) {
        if (node.value !== undefined) found(i, node.value);
        if (j >= n || !node.next) break;
        node = node.next.get(text.charCodeAt(j));
      }
    }
  }
}

/**
 * One NameTrie that is never dropped, made by the first harvest (a process that never builds,
 * such as the engine worker checking drafts against the prebuilt index, makes none). V8 gives a
 * class instance its fields through map transitions, and the class's initial map holds those only
 * weakly: when every NameTrie of a build is garbage, a collection frees their map and the next
 * build's tries get a new one. Optimised `scan` checks `this` against the map it was compiled for,
 * so every collection between two builds threw its code away (`--trace-deopt`: "weak objects", in
 * 40 of 50 seed builds) and it was compiled again: 5–13 ms of CPU per build on a V8 thread, taken
 * from jieba's worker on 2 cores. Holding one instance keeps the map (two 64 KB tables).
 */
const kept: { trie?: NameTrie<never> } = {};

function pairHash(a: number, b: number): number {
  return ((a * 31) ^ b) & 0xffff;
}

/** Pinyin initials and full pinyin, lower case; digits and Latin kept, other symbols dropped. */
export function pinyinKeys(name: string): { initials: string; pinyin: string } {
  // One pinyin-pro call, not one per pattern: pinyin-pro's `first` pattern is the first letter of
  // every syllable of the same reading (non-Chinese characters whole, one per item), and taking it
  // from the toneless reading gives the same letter. Half of name harvesting was these two calls.
  const full = pinyin(name, { toneType: 'none', type: 'array' }) as string[];
  let first = '';
  for (const item of full) {
    if (!item.includes(' ')) first += item.charAt(0);
    else for (const syllable of item.split(' ')) first += syllable.charAt(0);
  }
  return { initials: keep(first), pinyin: keep(full.join('')) };
}

function keep(s: string): string {
  return s.toLowerCase().replace(/ü/g, 'v').replace(/[^a-z0-9]/g, '');
}

/**
 * What a name needs beyond the passages, per distinct name: its tw→cn form (for merging) and its
 * pinyin keys (its Traditional form is remembered by traditionalForms). Pure functions of the name, remembered across the builds
 * of a process (a rebuild after editing one document, the benchmark's repeated builds): on the
 * 1 MB benchmark corpus these were a third of harvesting. Bounded: dropped whole past MAX_FORMS.
 */
interface NameForms {
  cn?: string;
  keys?: { initials: string; pinyin: string };
}
const MAX_FORMS = 200_000;
const forms = new Map<string, NameForms>();

function formsOf(name: string): NameForms {
  let f = forms.get(name);
  if (!f) {
    if (forms.size >= MAX_FORMS) forms.clear();
    forms.set(name, (f = {}));
  }
  return f;
}

const round = (x: number) => Math.round(x * 100) / 100;

/**
 * Harvest names from passages, sorted by score, descending.
 *
 * Programme-ness P (quotes and patterns):
 *   intrinsic: +3 strong suffix (工程/行动/计划/工作制), +1.5 weak suffix (平台/清单/体系),
 *     −2 for an inner 的, −0.5 per character beyond 12; a phrase outright for separators, the
 *     evaluative list, counting slogans, plan periods, ABAC slogans.
 *   context (best quoted mention; bare mentions for pattern names): +2 launch verb right before,
 *     +1 launch verb earlier in the clause, +3 programme head right after, +1.5 the following noun
 *     phrase ends in a suffix, −2 after 的/是, −2 before 作用/问题.
 *   spread: +1 when in two documents, +0.5 per further document.
 * Kind: titles are documents (P = 3); quotes are programmes when P ≥ 2 (two characters also need
 * a suffix or head); patterns are programmes when they end in a strong suffix.
 * Score = P + 1.5·log2(1 + count) for programmes and documents; phrases get min(P, 0) plus half
 * that frequency term, so they sort below every programme and document.
 */
export function harvestNames(docs: IndexedDoc[], passages: Passage[], toTw: (s: string) => string = traditionalForms()): ProgrammeName[] {
  // 1. Candidates, keyed by name. A title wins over a quote of the same text, a quote over a pattern.
  const rank = { title: 0, quote: 1, pattern: 2 } as const;
  const via = new Map<string, ProgrammeName['via']>();
  const found: Candidate[] = [];
  for (const p of passages) {
    found.length = 0;
    candidatesOf(p.text, found);
    for (const c of found) {
      const prev = via.get(c.name);
      if (!prev || rank[c.via] < rank[prev]) via.set(c.name, c.via);
    }
  }
  // Passages are Simplified, but a user corpus may mix in Traditional that escaped detection:
  // 工賦山東 and 工赋山东 must be one entry. Only names with a character tw->cn changes are merged.
  if (via.size > 0) {
    const toCn = toSimplifiedConverter();
    for (const [name, v] of [...via]) {
      const f = formsOf(name);
      const cn = (f.cn ??= toCn(name));
      if (cn !== name && cn.length === name.length) {
        via.delete(name);
        const prev = via.get(cn);
        if (!prev || rank[v] < rank[prev]) via.set(cn, v);
      }
    }
  }

  // 2. Mentions: every occurrence, quoted or not (000 万企上云上平台 appears once in quotes and once
  // bare; both count).
  const stats: Stats[] = [];
  kept.trie ??= new NameTrie<never>();
  const trie = new NameTrie<Stats>();
  for (const [name, v] of via) {
    const s: Stats = { name, via: v, context: -Infinity, headed: false, passages: new Set(), docs: new Set(), firstPassage: -1, seenIn: -1 };
    stats.push(s);
    trie.add(name, s);
  }
  for (let k = 0; k < passages.length; k++) {
    const p = passages[k];
    const text = p.text;
    trie.scan(text, (at, s) => {
      const quoted = at > 0 && isOpenQuote(text.charCodeAt(at - 1));
      // Pattern names count only where they stand as a word (see boundedMention).
      if (s.via === 'pattern' && !quoted && !boundedMention(text, at, s.name.length)) return;
      if (s.seenIn !== k) {
        // Once per passage: further mentions in it add nothing to these.
        s.seenIn = k;
        if (s.firstPassage < 0) s.firstPassage = p.id;
        s.passages.add(p.id);
        s.docs.add(p.doc);
      }
      // A quote's context is read where it is quoted: the bare 专精特新 in 004 培育专精特新中小企业
      // says nothing about the quoted “专精特新” (a designation, not an initiative).
      if (s.via !== 'pattern' && !quoted) return;
      const ctx = mentionContext(text, at, s.name.length);
      s.context = Math.max(s.context, ctx.score);
      s.headed ||= ctx.headed;
    });
  }

  // 3. Score and classify. Traditional forms come from toTw (normalize.ts traditionalForms): it
  // builds cn→tw only for a name not met before, and the build's figure texts share it.
  const out: ProgrammeName[] = [];
  for (const s of stats) {
    if (s.firstPassage < 0) continue;
    const count = s.passages.size;
    // Frequency: 一号发展工程 is in 19 passages of 000; log keeps one chatty document from
    // burying names stated once (数字领航 in 002).
    const freq = 1.5 * Math.log2(1 + count);
    // Spread: quoted in several documents (工赋山东 in 002/003/004, 产业大脑 in 000/002).
    const spread = s.docs.size >= 2 ? 1 + 0.5 * (s.docs.size - 2) : 0;
    let kind: NameKind;
    let p: number;
    if (s.via === 'title') {
      kind = 'document';
      p = 3; // a formal title is always citable
    } else {
      const base = intrinsic(s.name);
      if (base === null) {
        kind = 'phrase';
        p = -2;
      } else {
        p = base + Math.max(s.context, -2) + spread;
        const suffixed = base >= 1.5 || s.headed;
        if (s.via === 'pattern') {
          // Unquoted names ending in 工程/行动/计划/工作制 are initiatives (002 集成电路强芯工程).
          // Unquoted ones ending in 平台/清单/体系 are, on every seed, ordinary nouns, even right
          // after a launch verb: 000 形成任务清单, 建设一体化数字平台, 004 推进现代化产业体系建设,
          // 000 政策体系. Named platforms and lists are quoted (002 “齐鲁农超”农产品交易平台,
          // 000 发布“机会清单”, 003 打造“5351”数字经济创新平台体系), and the quote is the name.
          kind = endsWithAny(s.name, STRONG_SUFFIXES) ? 'programme' : 'phrase';
        } else {
          // Quotes: any positive evidence suffices (002 打造“数字领航”企业: one launch verb), except
          // for two characters, which are abbreviations unless a suffix or head says otherwise
          // (002 推进“双碳”数字化驱动 is a goal; 000 “扬帆”行动计划 is a programme).
          kind = p >= 2 && (s.name.length > 2 || suffixed) ? 'programme' : 'phrase';
        }
      }
    }
    const score = kind === 'phrase' ? round(Math.min(p, 0) + freq * 0.5) : round(p + freq);
    const f = formsOf(s.name);
    const keys = (f.keys ??= pinyinKeys(s.name));
    out.push({
      name: s.name,
      traditional: toTw(s.name),
      kind,
      initials: keys.initials,
      pinyin: keys.pinyin,
      region: docs[passages[firstIndex(passages, s.firstPassage)].doc]?.meta.region ?? null,
      count,
      score,
      firstPassage: s.firstPassage,
      via: s.via,
    });
  }
  // Ties: more mentions first, then the name, so the order is stable across runs.
  out.sort((a, b) => b.score - a.score || b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return out;
}

/** Position of passage id in the array (ids are usually the index; tolerate a slice). */
function firstIndex(passages: Passage[], id: number): number {
  if (passages[id]?.id === id) return id;
  return passages.findIndex((p) => p.id === id);
}
