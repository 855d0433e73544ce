// Regions: canonical names and the words that point at them in normalised Simplified text.
// `全国` is the national level. A figure's region is its document's region unless its sentence
// names another one (`全国有21732家企业通过贯标,江西有338家` has two regions in one sentence).

export const NATIONAL = '全国';

const PROVINCES: [string, string[]][] = [
  ['北京', ['北京市', '北京']],
  ['天津', ['天津市', '天津']],
  ['河北', ['河北省', '河北', '冀']],
  ['山西', ['山西省', '山西', '晋']],
  ['内蒙古', ['内蒙古自治区', '内蒙古']],
  ['辽宁', ['辽宁省', '辽宁']],
  ['吉林', ['吉林省', '吉林']],
  ['黑龙江', ['黑龙江省', '黑龙江']],
  ['上海', ['上海市', '上海']],
  ['江苏', ['江苏省', '江苏']],
  ['浙江', ['浙江省', '浙江']],
  ['安徽', ['安徽省', '安徽']],
  ['福建', ['福建省', '福建']],
  ['江西', ['江西省', '江西', '赣']],
  ['山东', ['山东省', '山东', '齐鲁', '鲁']],
  ['河南', ['河南省', '河南', '豫']],
  ['湖北', ['湖北省', '湖北']],
  ['湖南', ['湖南省', '湖南']],
  ['广东', ['广东省', '广东', '粤']],
  ['广西', ['广西壮族自治区', '广西']],
  ['海南', ['海南省', '海南']],
  ['重庆', ['重庆市', '重庆']],
  ['四川', ['四川省', '四川']],
  ['贵州', ['贵州省', '贵州']],
  ['云南', ['云南省', '云南']],
  ['西藏', ['西藏自治区', '西藏']],
  ['陕西', ['陕西省', '陕西']],
  ['甘肃', ['甘肃省', '甘肃']],
  ['青海', ['青海省', '青海']],
  ['宁夏', ['宁夏回族自治区', '宁夏']],
  ['新疆', ['新疆维吾尔自治区', '新疆']],
  ['香港', ['香港特别行政区', '香港']],
  ['澳门', ['澳门特别行政区', '澳门']],
  ['台湾', ['台湾省', '台湾']],
];

const NATIONAL_WORDS = ['全国', '我国', '中国', '国家级', '国家', '全球'];

const CANON = new Map<string, string>();
for (const [canon, aliases] of PROVINCES) {
  CANON.set(canon, canon);
  for (const a of aliases) CANON.set(a, canon);
}
for (const w of ['全国', '国家', '中国', '我国', 'national', 'China', 'CN']) CANON.set(w, NATIONAL);
CANON.set('Jiangxi', '江西');
CANON.set('Shandong', '山东');

/** Canonical region name for user input (`山东省`, `Shandong`, `鲁`, `national`), or null. */
export function canonicalRegion(name: string | null | undefined): string | null {
  if (!name) return null;
  const t = name.trim();
  return CANON.get(t) ?? CANON.get(t.replace(/(省|市|自治区)$/, '')) ?? null;
}

export const PROVINCE_NAMES = PROVINCES.map(([c]) => c);

// Full province names only (single-character abbreviations like 鲁 or 赣 appear inside ordinary
// words and document numbers such as 鲁科字〔2022〕81号, so they never mark a sentence's region).
const MENTION_NAMES = PROVINCES.flatMap(([, a]) => a.filter((x) => x.length >= 2 && x !== '齐鲁'));
const MENTION_RE = new RegExp(
  [...MENTION_NAMES].sort((a, b) => b.length - a.length).join('|'),
  'g',
);

export interface RegionMention {
  region: string;
  start: number;
  end: number;
}

/** MENTION_RE's pattern, for the tests' reference scan. */
export const MENTION_PATTERN = MENTION_RE.source;

// The same alternation tried at one position, and the characters a mention can start with.
const MENTION_AT = new RegExp(MENTION_RE.source, 'y');
const MENTION_FIRST = new Uint8Array(65536);
for (const a of MENTION_NAMES) MENTION_FIRST[a.charCodeAt(0)] = 1;

/**
 * Province mentions in a sentence, in order: MENTION_RE's matches (leftmost, first alternative,
 * then on after the match), tried only where a name can start. The global regex tried its 70
 * alternatives at every character; a draft without a region in its front matter or title has all
 * its text scanned on every check (dominantRegion), 4 ms of a 1 MB draft.
 */
export function provinceMentions(text: string): RegionMention[] {
  const out: RegionMention[] = [];
  for (let i = 0; i < text.length; i++) {
    if (MENTION_FIRST[text.charCodeAt(i)] === 0) continue;
    MENTION_AT.lastIndex = i;
    const m = MENTION_AT.exec(text);
    if (!m) continue;
    out.push({ region: CANON.get(m[0])!, start: i, end: i + m[0].length });
    i += m[0].length - 1;
  }
  return out;
}

const NATIONAL_RE = /全国|我国|全球/g;

/** National mentions (`全国`, `我国`) in a sentence. `国家级` is a rank of a programme, not a region. */
export function nationalMentions(text: string): RegionMention[] {
  const out: RegionMention[] = [];
  NATIONAL_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = NATIONAL_RE.exec(text))) out.push({ region: NATIONAL, start: m.index, end: m.index + m[0].length });
  return out;
}

/** The region a whole text is mostly about (for documents and drafts without metadata). */
export function dominantRegion(text: string): string | null {
  const counts = new Map<string, number>();
  for (const m of provinceMentions(text)) counts.set(m.region, (counts.get(m.region) ?? 0) + 1);
  let best: string | null = null;
  let bestN = 0;
  for (const [r, n] of counts) if (n > bestN) [best, bestN] = [r, n];
  if (best && bestN >= 2) return best;
  if (/国务院|工业和信息化部|工信部新闻发言人|国家发展和改革委员会/.test(text.slice(0, 3000))) return NATIONAL;
  return best;
}

export { NATIONAL_WORDS };
