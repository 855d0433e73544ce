// Synthetic programme-name registries (10,000 and 100,000 names) and the prefixes typed against
// them, for completion latency. Built from a fixed syllable table, so pinyin keys need no pinyin
// library and every run produces the same names.

import type { ProgrammeName } from '../src/engine/types';
import { prng } from './generate';

// [Simplified, Traditional, pinyin]. Some differ between scripts (东/東, 数/數, 业/業...), so the
// Traditional path of the matcher is exercised too.
const SYLLABLES: [string, string, string][] = [
  ['数', '數', 'shu'], ['字', '字', 'zi'], ['经', '經', 'jing'], ['济', '濟', 'ji'], ['工', '工', 'gong'], ['赋', '賦', 'fu'],
  ['山', '山', 'shan'], ['东', '東', 'dong'], ['云', '雲', 'yun'], ['行', '行', 'xing'], ['齐', '齊', 'qi'], ['鲁', '魯', 'lu'],
  ['智', '智', 'zhi'], ['能', '能', 'neng'], ['制', '製', 'zhi'], ['造', '造', 'zao'], ['产', '產', 'chan'], ['业', '業', 'ye'],
  ['链', '鏈', 'lian'], ['创', '創', 'chuang'], ['新', '新', 'xin'], ['平', '平', 'ping'], ['台', '臺', 'tai'], ['领', '領', 'ling'],
  ['航', '航', 'hang'], ['星', '星', 'xing'], ['火', '火', 'huo'], ['千', '千', 'qian'], ['百', '百', 'bai'], ['万', '萬', 'wan'],
  ['企', '企', 'qi'], ['上', '上', 'shang'], ['绿', '綠', 'lv'], ['色', '色', 'se'], ['低', '低', 'di'], ['碳', '碳', 'tan'],
  ['网', '網', 'wang'], ['络', '絡', 'luo'], ['安', '安', 'an'], ['全', '全', 'quan'], ['人', '人', 'ren'], ['才', '才', 'cai'],
  ['强', '強', 'qiang'], ['芯', '芯', 'xin'], ['大', '大', 'da'], ['脑', '腦', 'nao'], ['扬', '揚', 'yang'], ['帆', '帆', 'fan'],
  ['金', '金', 'jin'], ['融', '融', 'rong'], ['服', '服', 'fu'], ['务', '務', 'wu'], ['开', '開', 'kai'], ['放', '放', 'fang'],
];
// [Simplified, Traditional, pinyin, initials]
type Part = [string, string, string, string];
const NONE: Part = ['', '', '', ''];
const PLACES: Part[] = [
  ['江西', '江西', 'jiangxi', 'jx'], ['山东', '山東', 'shandong', 'sd'], ['浙江', '浙江', 'zhejiang', 'zj'], ['河南', '河南', 'henan', 'hn'],
  ['齐鲁', '齊魯', 'qilu', 'ql'], ['赣鄱', '贛鄱', 'ganpo', 'gp'], NONE, NONE,
];
const PROGRAMME_SUFFIX: Part[] = [
  ['工程', '工程', 'gongcheng', 'gc'], ['行动', '行動', 'xingdong', 'xd'], ['专项行动', '專項行動', 'zhuanxiangxingdong', 'zxxd'],
  ['计划', '計劃', 'jihua', 'jh'], ['行动计划', '行動計劃', 'xingdongjihua', 'xdjh'], NONE,
];
const DOCUMENT_SUFFIX: Part[] = [
  ['实施意见', '實施意見', 'shishiyijian', 'ssyj'], ['行动方案', '行動方案', 'xingdongfangan', 'xdfa'],
  ['发展规划', '發展規劃', 'fazhanguihua', 'fzgh'], ['若干措施', '若干措施', 'ruoganchuoshi', 'rgcs'],
];
const REGIONS = ['江西', '山东', '全国', null];

/**
 * `n` distinct names: 70% programmes, 20% document titles, 10% phrases. `passages` is the number of
 * passages the names may point at (their firstPassage).
 */
export function syntheticNames(n: number, passages: number, seed = 7): ProgrammeName[] {
  const rnd = prng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const seen = new Set<string>();
  const out: ProgrammeName[] = [];
  while (out.length < n) {
    const r = rnd();
    const kind: ProgrammeName['kind'] = r < 0.7 ? 'programme' : r < 0.9 ? 'document' : 'phrase';
    const coreLen = 2 + Math.floor(rnd() * 3);
    const core = Array.from({ length: coreLen }, () => pick(SYLLABLES));
    const place = kind === 'phrase' ? NONE : pick(PLACES);
    const suffix = kind === 'programme' ? pick(PROGRAMME_SUFFIX) : kind === 'document' ? pick(DOCUMENT_SUFFIX) : NONE;
    const name = place[0] + core.map((c) => c[0]).join('') + suffix[0];
    if (seen.has(name)) continue;
    seen.add(name);
    const pinyin = place[2] + core.map((c) => c[2]).join('') + suffix[2];
    const initials = place[3] + core.map((c) => c[2][0]).join('') + suffix[3];
    out.push({
      name,
      traditional: place[1] + core.map((c) => c[1]).join('') + suffix[1],
      kind,
      initials,
      pinyin,
      region: pick(REGIONS),
      count: 1 + Math.floor(rnd() * 20),
      score: Math.round(rnd() * 1000) / 100,
      firstPassage: Math.floor(rnd() * passages),
      via: kind === 'document' ? 'title' : kind === 'phrase' ? 'quote' : rnd() < 0.5 ? 'quote' : 'pattern',
    });
  }
  return out;
}

/**
 * Lines before the cursor, as a drafter types them: after an opening quote or title mark, bare CJK
 * runs, pinyin initials and full pinyin, Traditional text, and misses.
 */
export function typedPrefixes(names: ProgrammeName[], count: number, seed = 11): string[] {
  const rnd = prng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const out: string[] = [];
  const leads = ['推进', '加快实施', '深入开展', '全面落实', '印发', ''];
  while (out.length < count) {
    const n = pick(names);
    const k = 1 + Math.floor(rnd() * Math.max(1, n.name.length - 1));
    const lead = pick(leads);
    switch (out.length % 8) {
      case 0:
        out.push(`${lead}“${n.name.slice(0, k)}`);
        break;
      case 1:
        out.push(`${lead}《${n.name.slice(0, k)}`);
        break;
      case 2:
        out.push(`${lead}${n.name.slice(0, Math.max(2, k))}`);
        break;
      case 3:
        out.push(`${lead}${n.initials.slice(0, 2 + Math.floor(rnd() * 3))}`);
        break;
      case 4:
        out.push(`${lead}${n.pinyin.slice(0, 2 + Math.floor(rnd() * 6))}`);
        break;
      case 5:
        out.push(`${lead}“${n.traditional.slice(0, k)}`);
        break;
      case 6:
        out.push(`${lead}“`); // nothing typed yet: the best names
        break;
      default:
        out.push(`${lead}“量子通信卫星${pick(['星座', '网络', '中心'])}`); // no such name: a miss
    }
  }
  return out;
}
