import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CorpusIndex } from '../../src/engine/corpusIndex';
import { checkDraft, indicatorScore, parseFrontMatter, type CheckedFigure } from '../../src/engine/figures/check';
import { figuresInSentence } from '../../src/engine/figures/official';
import { loadCorpus } from '../../src/engine/load';
import { ROOT } from './seeds';

const FIX = path.join(ROOT, 'test', 'fixtures', 'drafts');
let index: CorpusIndex;
const draft = (name: string) => fs.readFileSync(path.join(FIX, name), 'utf8');
const find = (figs: CheckedFigure[], text: string, nth = 0) => {
  const hits = figs.filter((f) => f.text === text);
  assert.ok(hits.length > nth, `no figure ${text} (have: ${figs.map((f) => f.text).join(' ')})`);
  return hits[nth];
};

before(() => {
  index = loadCorpus({ noCache: true }).index;
});

describe('figure meaning on real seed sentences', () => {
  const JX = { region: '江西', date: '2023-04-13' };
  const SD24 = { region: '山东', date: '2024-03-08' };
  const one = (sentence: string, ctx: { region: string | null; date: string | null }, text: string) => {
    const f = figuresInSentence(sentence, ctx).find((x) => x.text === text);
    assert.ok(f, `no ${text} in ${sentence}`);
    return f!.meaning;
  };

  it('000: 电子信息 去年产业规模 -> 电子信息产业规模, 2022, achieved, ranks 全国/中部', () => {
    const s = '二是数字产业扩张之势强劲迅猛。电子信息是我省数字产业的“领头羊”,去年产业规模已突破6000亿元、达到6688亿元,居全国第7位、中部第1位。';
    const sentence = s.slice(s.indexOf('电子信息'));
    const m = one(sentence, JX, '6688亿元');
    assert.equal(m.indicator, '电子信息产业规模');
    assert.equal(m.period, '2022');
    assert.equal(m.periodExplicit, true);
    assert.equal(m.status, 'achieved');
    assert.equal(m.region, '江西');
    assert.equal(one(sentence, JX, '第7位').indicator, '电子信息产业规模全国排名');
    assert.equal(one(sentence, JX, '第1位').indicator, '电子信息产业规模中部排名');
    // 居全国 is a yardstick, not the region.
    assert.equal(one(sentence, JX, '第7位').region, '江西');
  });

  it('000: 从2018年的42亿元猛增到去年的604亿元 gives each figure its own period', () => {
    const s = 'VR产业是我省数字产业的“未来星”,产业规模从2018年的42亿元猛增到去年的604亿元,四年长大了14倍。';
    assert.deepEqual([one(s, JX, '42亿元').indicator, one(s, JX, '42亿元').period], ['VR产业规模', '2018']);
    assert.deepEqual([one(s, JX, '604亿元').indicator, one(s, JX, '604亿元').period], ['VR产业规模', '2022']);
  });

  it('000: targets vs achievements in the same paragraph', () => {
    const s = '今年新建5G基站不少于1万个,到明年底每万人拥有5G基站数不少于16个。';
    assert.deepEqual([one(s, JX, '不少于1万个').indicator, one(s, JX, '不少于1万个').status, one(s, JX, '不少于1万个').period], ['新增5G基站', 'target', '2023']);
    const density = one(s, JX, '不少于16个');
    assert.equal(density.status, 'target');
    assert.equal(density.period, '2024');
    assert.match(density.indicator, /^每万人/);
    const a = '全省两化融合不断提速,5G基站6万多个,泛物联网连接数2000多万个。';
    assert.equal(one(a, JX, '6万多个').status, 'achieved');
  });

  it('000: 全国有21732家企业通过贯标,江西有338家 gives two regions in one sentence', () => {
    const s = '截至目前,全国有21732家企业通过贯标,江西有338家,约占1.56%。';
    assert.equal(one(s, JX, '21732家').region, '全国');
    assert.equal(one(s, JX, '338家').region, '江西');
  });

  it('000: a flow (新增) never shares a slot with a stock', () => {
    const s = '今年一季度新增上云企业13282家,全省“5G+工业互联网”在建项目已经超过200个。';
    const m = one(s, JX, '13282家');
    assert.equal(m.indicator, '新增上云企业');
    assert.equal(m.period, '2023-Q1');
  });

  it('000: 分别 pairs get their own indicators', () => {
    const s = '开展网络化协同和服务型制造的企业比例分别达到了40%和28.8%。';
    assert.equal(one(s, JX, '40%').indicator, '开展网络化协同的企业比例');
    assert.equal(one(s, JX, '28.8%').indicator, '服务型制造的企业比例');
  });

  it('000: the figure modifies what follows (约80%的…增加值)', () => {
    const s = '工业和信息化领域是数字经济的主战场,贡献了我省约80%左右的数字经济核心产业增加值。';
    const m = one(s, JX, '约80%左右');
    assert.equal(m.indicator, '数字经济核心产业增加值');
    assert.equal(m.scope, '核心产业');
  });

  it('003: list items take the noun phrase after each number', () => {
    const s = '培育50个创新实验室、300个创新中心、50个创新服务机构和100个创新人才基地,打造“5351”数字经济创新平台体系。';
    const figs = figuresInSentence(s, { region: '山东', date: '2023-01-14' });
    assert.deepEqual(figs.map((f) => [f.text, f.meaning.indicator]), [
      ['50个', '创新实验室'],
      ['300个', '创新中心'],
      ['50个', '创新服务机构'],
      ['100个', '创新人才基地'],
    ]);
  });

  it('003: 力争到2025年 makes a target with period 2025', () => {
    const s = '力争到2025年,不少于10000家规上工业企业实施“云行齐鲁”数据赋能专项行动,新增数字化改造设备超过50万台套。';
    const m = one(s, { region: '山东', date: '2023-01-14' }, '不少于10000家');
    assert.deepEqual([m.status, m.period, m.region], ['target', '2025', '山东']);
  });

  it('004 (Traditional, normalised): 截至去年底 resolves against 2024-03-08 and 高于全国 is a difference', () => {
    const s = '数字基建持续完善,截至去年底,累计建成开通5G基站20.2万个、确定性网络1.18万公里。';
    assert.deepEqual([one(s, SD24, '20.2万个').indicator, one(s, SD24, '20.2万个').period, one(s, SD24, '20.2万个').status], ['5G基站', '2023', 'achieved']);
    const g = '2023年,全省规上工业增长值增长7.1%、高于全国2.5个百分点。';
    assert.equal(one(g, SD24, '7.1%').indicator, '规上工业增长值增长');
    const pp = one(g, SD24, '2.5个百分点');
    assert.equal(pp.region, '山东');
    assert.match(pp.indicator, /高于全国$/);
  });

  it('head words decide whether two indicators can match', () => {
    assert.equal(indicatorScore('5G基站', '5G基站'), 1);
    assert.ok(indicatorScore('工业互联网平台服务工业企业', '服务工业企业') >= 0.75);
    assert.equal(indicatorScore('5G基站', '每万人5G基站数'), 0);
  });
});

describe('the check (issue examples)', () => {
  it('智能装备企业206家 is consistent and 260家 conflicts with 000_…', () => {
    const r = checkDraft(draft('jiangxi.md'), index);
    const ok = find(r.figures, '206家');
    assert.equal(ok.status, 'consistent');
    assert.equal(ok.official?.source, 'seeds/000_82d190114271d52b.txt');
    assert.equal(ok.official?.line, 38);
    const bad = find(r.figures, '260家');
    assert.equal(bad.status, 'conflict');
    assert.equal(bad.code, 'figure.conflict');
    assert.equal(bad.severity, 'error');
    assert.equal(bad.official?.text, '206家');
    assert.equal(bad.replacement, '206家');
    // The original file really has 206家 at that place.
    const line = fs.readFileSync(path.join(ROOT, 'seeds', '000_82d190114271d52b.txt'), 'utf8').split('\n')[bad.official!.line - 1];
    assert.equal(line.slice(bad.official!.column - 1, bad.official!.column - 1 + 4), '206家');
  });

  it('到2025年举办100场左右 is consistent with 003_… and 200场 conflicts', () => {
    const r = checkDraft(draft('shandong-targets.md'), index);
    assert.equal(find(r.figures, '100场左右').status, 'consistent');
    const c = find(r.figures, '200场');
    assert.equal(c.status, 'conflict');
    assert.equal(c.official?.source, 'seeds/003_370ac0c7d6d374e6.txt');
    assert.equal(c.official?.status, 'target');
    assert.equal(find(r.figures, '不少于10000家').status, 'consistent');
    assert.equal(find(r.figures, '超过50万台套').status, 'consistent');
  });

  it('新培育6個省級中心 (Traditional draft) is consistent with 004_… and quick fixes stay Traditional', () => {
    const r = checkDraft(draft('shandong-traditional.md'), index);
    assert.equal(r.draft.script, 'traditional');
    assert.equal(r.draft.region, '山东');
    const six = find(r.figures, '6個');
    assert.equal(six.status, 'consistent');
    assert.equal(six.official?.source, 'seeds/004_cb872f3f67baec3e.txt');
    assert.equal(find(r.figures, '20.2萬個').status, 'consistent');
    // Positions are in the Traditional draft itself.
    const line = draft('shandong-traditional.md').split('\n')[six.line - 1];
    assert.equal(line.slice(six.column - 1, six.endColumn - 1), '6個');
  });

  it('工业互联网平台服务工业企业超过40万家 is consistent with 001_…', () => {
    const r = checkDraft(draft('national.md'), index);
    const f = find(r.figures, '超过40万家');
    assert.equal(f.status, 'consistent');
    assert.equal(f.official?.source, 'seeds/001_bfd2501a47a63c6c.txt');
    assert.equal(find(r.figures, '63%').status, 'consistent');
  });

  it('5G基站 is judged only against its own region', () => {
    const r = checkDraft(draft('regions.md'), index);
    assert.equal(find(r.figures, '6万多个').status, 'consistent');
    const sd = find(r.figures, '20.2万个', 0);
    assert.equal(sd.status, 'consistent');
    assert.equal(sd.official?.region, '山东');
    // Jiangxi claiming Shandong's number conflicts with Jiangxi's own figure.
    const jx = find(r.figures, '20.2万个', 1);
    assert.equal(jx.status, 'conflict');
    assert.equal(jx.official?.region, '江西');
  });

  it('a figure for another period is unmatched (not a conflict), with the other figure as information', () => {
    const r = checkDraft('---\nregion: 江西\ndate: 2023-05-10\n---\n截至2021年底,全省智能装备企业150家。\n', index);
    const f = find(r.figures, '150家');
    assert.equal(f.status, 'unmatched');
    assert.ok(f.others.some((o) => o.text === '206家'));
  });

  it('a target stated as achieved is flagged', () => {
    const r = checkDraft('---\nregion: 江西\ndate: 2023-05-10\n---\n全省已打造100个以上典型应用场景。\n', index);
    assert.equal(find(r.figures, '100个以上').code, 'figure.target-as-achieved');
  });

  it('one indicator with two values inside a draft is figure.inconsistent', () => {
    const r = checkDraft('---\nregion: 江西\ndate: 2023-05-10\n---\n全省规上工业企业数字化转型覆盖率达到60%。\n\n全省规上工业企业数字化转型覆盖率达到65%。\n', index);
    const f = find(r.figures, '65%');
    assert.equal(f.code, 'figure.inconsistent');
    assert.equal(f.related?.line, 5);
  });

  it('takes region and date from the title and text when there is no front matter', () => {
    const r = checkDraft('# 江西省数字经济实施方案\n\n2023年5月10日\n\n全省智能装备企业260家。\n', index);
    assert.equal(r.draft.region, '江西');
    assert.equal(r.draft.regionSource, 'title');
    assert.equal(find(r.figures, '260家').status, 'conflict');
  });

  it('parses YAML front matter and never checks it', () => {
    assert.deepEqual(parseFrontMatter('---\nregion: 山东\ndate: "2023-01-14"\n---\n正文').fields, { region: '山东', date: '2023-01-14' });
    const r = checkDraft('---\nregion: 山东\ndate: 2023-01-14\nversion: 3个\n---\n', index);
    assert.equal(r.figures.length, 0);
  });

  it('more Shandong cases: growth rates, 个百分点 never compared with %, a wrong 5G count, targets', () => {
    const r = checkDraft(draft('shandong-more.md'), index);
    const at = (line: number, text: string) => {
      const f = r.figures.find((x) => x.line === line && x.text === text);
      assert.ok(f, `${line} ${text}`);
      return f!;
    };
    assert.equal(at(7, '突破2万亿元').status, 'consistent');
    assert.equal(at(7, '12.4%').status, 'consistent');
    assert.equal(at(8, '14.2%').status, 'conflict');
    assert.equal(at(8, '14.2%').official?.text, '12.4%');
    // 规上工业增加值 matches the source's own slip 规上工业增长值.
    assert.equal(at(9, '7.1%').status, 'consistent');
    assert.equal(at(9, '2.5个百分点').status, 'consistent');
    // `高于全国2.5%` is a rate, the source says 个百分点 (a difference of rates): never compared.
    assert.equal(at(10, '2.5%').status, 'unmatched');
    assert.equal(at(11, '22万个').status, 'conflict');
    assert.equal(at(12, '1000家').status, 'consistent');
    assert.equal(at(12, '300家').status, 'consistent');
    assert.equal(at(13, '50家左右').status, 'consistent');
    assert.equal(at(13, '10家以上').status, 'consistent');
    assert.equal(at(14, '1万亿元以上').status, 'consistent');
  });

  it('national cases: 分别 pairs (普及率 is not split at 及), software revenue, 1/3 of GDP', () => {
    const r = checkDraft(draft('national-more.md'), index);
    assert.deepEqual(
      r.figures.map((f) => [f.text, f.status, f.meaning.indicator]),
      [
        ['71.5%', 'consistent', '企业数字化研发设计工具普及率'],
        ['51.1%', 'consistent', '关键工序数控化率'],
        ['61.1%', 'conflict', '关键工序数控化率'],
        ['4.2万亿元', 'consistent', '软件业务收入'],
        ['8.6%', 'consistent', '软件业务收入增长'],
        ['超过GDP的三分之一', 'consistent', '数字经济规模'],
      ],
    );
    assert.equal(r.figures[2].official?.text, '51.1%');
  });

  it('a draft must agree with every statement of a slot: 6868亿元 conflicts with 6688亿元 though it exceeds 6000亿元', () => {
    const r = checkDraft(draft('jiangxi-more.md'), index);
    const f = find(r.figures, '6868亿元');
    assert.equal(f.status, 'conflict');
    assert.equal(f.official?.text, '6688亿元');
    assert.equal(find(r.figures, '第8位').status, 'conflict');
    assert.equal(find(r.figures, '1600多亿元').status, 'consistent');
    assert.equal(find(r.figures, '604亿元').status, 'consistent');
    // 6.5万个 lies inside 6万多个 = [6万, 7万).
    assert.equal(find(r.figures, '6.5万个').status, 'consistent');
    assert.equal(find(r.figures, '338家').status, 'consistent');
  });

  it('the bundled example draft gives its expected findings', () => {
    const r = checkDraft(fs.readFileSync(path.join(ROOT, 'examples', 'draft.md'), 'utf8'), index);
    const golden = path.join(FIX, 'example.expected.json');
    const actual = r.figures.map((f) => [f.line, f.column, f.text, f.status, f.code, f.official ? `${f.official.source}:${f.official.line}:${f.official.column}` : null]);
    if (process.env.UPDATE_GOLDEN) fs.writeFileSync(golden, JSON.stringify(actual, null, 1) + '\n');
    assert.deepEqual(actual, JSON.parse(fs.readFileSync(golden, 'utf8')));
  });
});
