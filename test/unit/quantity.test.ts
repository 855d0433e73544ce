import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatValue, intervalsOverlap, parseQuantities, type Quantity } from '../../src/engine/figures/quantity';

/** Exactly one figure in `text`; returns it. */
function one(text: string): Quantity {
  const qs = parseQuantities(text);
  assert.equal(qs.length, 1, `expected one figure in ${text}, got [${qs.map((q) => q.text).join(' | ')}]`);
  return qs[0];
}

/** The texts of all figures, in order. */
function texts(text: string): string[] {
  return parseQuantities(text).map((q) => q.text);
}

interface Expect {
  text?: string;
  num?: string;
  value?: number;
  low?: number;
  high?: number;
  lowInclusive?: boolean;
  highInclusive?: boolean;
  unit?: string;
  kind?: Quantity['kind'];
  qualifier?: Quantity['qualifier'];
  precision?: number;
}

/** Assert the listed fields of q (num = the number span). */
function check(input: string, q: Quantity, e: Expect): void {
  if (e.text !== undefined) assert.equal(q.text, e.text, 'text');
  assert.equal(q.text, input.slice(q.start, q.end), 'text is the input span');
  if (e.num !== undefined) assert.equal(input.slice(q.numStart, q.numEnd), e.num, 'number span');
  if (e.value !== undefined) assert.equal(q.value, e.value, 'value');
  if (e.low !== undefined) assert.equal(q.low, e.low, 'low');
  if (e.high !== undefined) assert.equal(q.high, e.high, 'high');
  if (e.lowInclusive !== undefined) assert.equal(q.lowInclusive, e.lowInclusive, 'lowInclusive');
  if (e.highInclusive !== undefined) assert.equal(q.highInclusive, e.highInclusive, 'highInclusive');
  if (e.unit !== undefined) assert.equal(q.unit, e.unit, 'unit');
  if (e.kind !== undefined) assert.equal(q.kind, e.kind, 'kind');
  if (e.qualifier !== undefined) assert.equal(q.qualifier, e.qualifier, 'qualifier');
  if (e.precision !== undefined) assert.equal(q.precision, e.precision, 'precision');
}

function expectOne(text: string, e: Expect): Quantity {
  const q = one(text);
  check(text, q, e);
  return q;
}

function none(text: string): void {
  assert.deepEqual(texts(text), [], `no figure expected in ${text}`);
}

describe('quantity: numerals and magnitudes', () => {
  it('reads an Arabic integer with its measure word', () => {
    expectOne('智能装备企业206家', { text: '206家', num: '206', value: 206, unit: '家', kind: 'count', qualifier: 'exact' });
  });

  it('reads decimals and percent', () => {
    expectOne('设备数字化率达到了45.2%', { text: '45.2%', value: 45.2, unit: '%', kind: 'percent', precision: 0.1 });
  });

  it('reads thousands separators only in exact 3-digit groups', () => {
    expectOne('全国有21,732家企业', { text: '21,732家', value: 21732, low: 21731.5, high: 21732.5 });
    // the ASCII comma that stands for a Chinese comma does not glue numbers together
    assert.deepEqual(texts('江西有338家,约占1.56%'), ['338家', '约占1.56%']);
  });

  it('folds full-width digits, ．and ％ while keeping offsets 1:1', () => {
    const s = '规模６６８８亿元，占４５．２％';
    const qs = parseQuantities(s);
    assert.equal(qs.length, 2);
    check(s, qs[0], { text: '６６８８亿元', num: '６６８８亿', value: 668800000000, unit: '元', kind: 'money' });
    check(s, qs[1], { text: '４５．２％', value: 45.2, low: 45.15, high: 45.25, unit: '%' });
    assert.equal(qs[1].start, 10);
  });

  it('applies 万亿 to a decimal exactly: 0.6688万亿元 = 6688亿元', () => {
    expectOne('产业规模0.6688万亿元', { value: 668800000000, unit: '元', precision: 1e8, low: 668750000000, high: 668850000000 });
  });

  it('applies 万亿, 万 and 亿 magnitudes', () => {
    expectOne('软件业务的收入达到了4.2万亿元', { text: '4.2万亿元', value: 4.2e12, unit: '元', kind: 'money', precision: 1e11 });
    expectOne('确定性网络1.18万公里', { text: '1.18万公里', value: 11800, unit: '公里', kind: 'measure', precision: 100 });
    expectOne('物联网终端2.3亿个', { text: '2.3亿个', value: 2.3e8, unit: '个', precision: 1e7 });
  });

  it('reads 千万 after Arabic digits but keeps 千瓦 as a unit', () => {
    expectOne('投资5千万元', { value: 5e7, unit: '元' });
    expectOne('装机10千瓦', { value: 10, unit: '千瓦', kind: 'measure' });
    expectOne('装机100万千瓦', { value: 1e6, unit: '千瓦' });
  });

  it('reads Chinese numerals with 倍', () => {
    expectOne('是2018年时的三倍', { text: '三倍', value: 3, unit: '倍', kind: 'multiple', low: 2.5, high: 3.5 });
    expectOne('增长了十四倍', { text: '十四倍', value: 14, unit: '倍' });
  });

  it('reads composite Chinese numerals and their last stated digit', () => {
    expectOne('培育一千二百家企业', { text: '一千二百家', value: 1200, precision: 100, low: 1150, high: 1250 });
    expectOne('一百零五家', { value: 105, precision: 1 });
    expectOne('两万家', { value: 20000, precision: 10000 });
    expectOne('一亿两千万元', { value: 1.2e8, unit: '元', precision: 1e7 });
  });

  it('reads fractions 三分之一 and 1/3 as ratios', () => {
    expectOne('约三分之一', { text: '约三分之一', num: '三分之一', value: 1 / 3, kind: 'fraction', unit: '分之', qualifier: 'about' });
    expectOne('占1/3', { text: '1/3', value: 1 / 3, low: 1 / 3, high: 1 / 3, highInclusive: true, kind: 'fraction' });
  });

  it('reads 百分之 as a percent', () => {
    expectOne('百分之五十以上的企业', { text: '百分之五十以上', value: 50, unit: '%', kind: 'percent', qualifier: 'atLeast', low: 50 });
    expectOne('百分之三点五', { value: 3.5, unit: '%', precision: 0.1 });
  });

  it('reads Traditional characters identically to Simplified', () => {
    expectOne('新培育6個省級中心', { text: '6個', value: 6, unit: '个', kind: 'count' });
    expectOne('5G基站20.2萬個', { text: '20.2萬個', value: 202000, unit: '个', low: 201500, high: 202500 });
    expectOne('高於全國2.5個百分點', { text: '2.5個百分點', value: 2.5, unit: '个百分点', kind: 'points', qualifier: 'exact' });
    expectOne('舉辦活動600餘場', { text: '600餘場', unit: '场', qualifier: 'more', low: 600, high: 700 });
    expectOne('將近1萬個', { qualifier: 'nearly', low: 9000, high: 10000, unit: '个' });
    expectOne('不少於3家', { qualifier: 'atLeast', low: 3, unit: '家' });
    expectOne('兩萬家', { value: 20000, unit: '家' });
    expectOne('約占1.56%', { qualifier: 'about', low: 1.404, high: 1.716 });
    expectOne('智能裝備18726臺(套)', { text: '18726臺(套)', unit: '台套' });
    expectOne('增長三點五倍', { text: '三點五倍', value: 3.5, unit: '倍', precision: 0.1 });
    expectOne('超過70個', { text: '超過70個', qualifier: 'above', low: 70, unit: '个' });
  });
});

describe('quantity: units', () => {
  it('treats 台(套), 台（套） and 台套 as one unit', () => {
    expectOne('累计应用智能装备18726台(套)', { text: '18726台(套)', unit: '台套', kind: 'count' });
    expectOne('累计应用智能装备18726台（套）', { text: '18726台（套）', unit: '台套' });
    expectOne('数字化改造设备超过50万台套', { text: '超过50万台套', unit: '台套', low: 500000 });
  });

  it('never gives 个百分点 the unit %: it is a difference of rates', () => {
    const s = '规上工业增长值增长7.1%、高于全国2.5个百分点';
    const [rate, gap] = parseQuantities(s);
    check(s, rate, { text: '7.1%', unit: '%', kind: 'percent', value: 7.1 });
    assert.equal(gap.unit, '个百分点');
    assert.equal(gap.kind, 'points');
    assert.equal(gap.qualifier, 'exact');
    assert.equal(gap.text, '2.5个百分点');
    assert.notEqual(rate.unit, gap.unit);
  });

  it('reads 百分点 without 个 as points, and 两个百分点 although below ten', () => {
    expectOne('提高2百分点', { unit: '个百分点', kind: 'points', value: 2 });
    expectOne('提高两个百分点', { text: '两个百分点', unit: '个百分点', value: 2 });
  });

  it('reads 第N位 after 居 as a rank, with 第 in the span', () => {
    const s = '居全国第7位、中部第1位';
    const qs = parseQuantities(s);
    assert.equal(qs.length, 2);
    check(s, qs[0], { text: '第7位', num: '7', value: 7, unit: '位', kind: 'rank', qualifier: 'exact' });
    check(s, qs[1], { text: '第1位', num: '1', value: 1, unit: '位', kind: 'rank' });
  });

  it('reads 首位 and 第七位 as ranks only after 居/列/排', () => {
    expectOne('数量居全国首位', { text: '首位', value: 1, kind: 'rank', unit: '位' });
    expectOne('位居全国第七位', { text: '第七位', value: 7, kind: 'rank' });
    none('把安全放在第一位');
    none('首位数字专员');
  });

  it('reads 前N位 as a rank bound', () => {
    expectOne('居全国前10位', { text: '前10位', kind: 'rank', qualifier: 'atMost', low: 1, high: 10, highInclusive: true });
  });

  it('reads 位 after a plain number as a measure word for people', () => {
    expectOne('10位省领导', { text: '10位', unit: '位', kind: 'count', value: 10 });
  });

  it('reads 条, 名, 项, 支, 场, 人次 counts', () => {
    assert.deepEqual(
      parseQuantities('民营经济38条、人才144名、项目3202项、5支队伍、活动30场、12.5万人次').map((q) => [q.unit, q.value]),
      [['条', 38], ['名', 144], ['项', 3202], ['支', 5], ['场', 30], ['人次', 125000]],
    );
  });

  it('keeps 个月 apart from 个', () => {
    expectOne('用3个月时间', { text: '3个月', unit: '个月', kind: 'measure' });
  });

  it('requires a unit: a bare number is not a figure', () => {
    none('阅读:717');
    none('增长 2.5 而已');
  });
});

describe('quantity: precision', () => {
  it('2.17万 covers [21650, 21750)', () => {
    expectOne('企业2.17万家', { low: 21650, high: 21750, lowInclusive: true, highInclusive: false, precision: 100, value: 21700 });
  });
  it('206家 covers [205.5, 206.5)', () => {
    expectOne('企业206家', { low: 205.5, high: 206.5, precision: 1 });
  });
  it('45.2% covers [45.15, 45.25)', () => {
    expectOne('45.2%', { low: 45.15, high: 45.25, precision: 0.1 });
  });
  it('1.1万家 covers [10500, 11500)', () => {
    expectOne('2022年对1.1万家科技型中小企业', { text: '1.1万家', low: 10500, high: 11500, precision: 1000 });
  });
});

describe('quantity: 多 and 余', () => {
  it('6万多个 = [6万, 7万), number span without 多', () => {
    expectOne('5G基站6万多个', { text: '6万多个', num: '6万', value: 60000, low: 60000, high: 70000, lowInclusive: true, highInclusive: false, qualifier: 'more', unit: '个' });
  });
  it('1600多亿元 steps by 100亿 (last non-zero digit)', () => {
    expectOne('营业收入达到1600多亿元', { text: '1600多亿元', num: '1600多亿', low: 1.6e11, high: 1.7e11, unit: '元', qualifier: 'more' });
  });
  it('2000多万个 = [2000万, 3000万)', () => {
    expectOne('连接数2000多万个', { low: 2e7, high: 3e7, qualifier: 'more' });
  });
  it('600余场 = [600, 700)', () => {
    expectOne('活动600余场', { text: '600余场', num: '600', low: 600, high: 700, unit: '场' });
  });
  it('230余项 = [230, 240)', () => {
    expectOne('电子信息类项目230余项', { low: 230, high: 240, unit: '项', qualifier: 'more' });
  });
  it('20多项 = [20, 30)', () => {
    expectOne('部署了20多项', { text: '20多项', low: 20, high: 30 });
  });
  it('4000多万台(套) = [4000万, 5000万)', () => {
    expectOne('设备数量达到了4000多万台(套)', { text: '4000多万台(套)', low: 4e7, high: 5e7, unit: '台套' });
  });
  it('一百多家 = [100, 200); 数十家 = [20, 100)', () => {
    expectOne('一百多家', { text: '一百多家', num: '一百', low: 100, high: 200, qualifier: 'more' });
    expectOne('带动数十家企业', { text: '数十家', num: '数十', low: 20, high: 100, qualifier: 'range' });
  });
  it('十多家 / 十几家 = [10, 20); 几十家 = [20, 100)', () => {
    expectOne('十多家', { low: 10, high: 20, qualifier: 'more' });
    expectOne('十几家', { low: 10, high: 20, qualifier: 'more' });
    expectOne('幾十個', { low: 20, high: 100, qualifier: 'range', unit: '个' });
  });
});

describe('quantity: lower bounds', () => {
  it('超过40万家: exclusive lower bound', () => {
    expectOne('服务的工业企业数量超过40万家', { text: '超过40万家', num: '40万', low: 400000, lowInclusive: false, high: Infinity, qualifier: 'above' });
  });
  it('超4亿次', () => {
    expectOne('累计标识解析量超4亿次', { text: '超4亿次', low: 4e8, lowInclusive: false, unit: '次', qualifier: 'above' });
  });
  it('不少于1万个: inclusive lower bound', () => {
    expectOne('新建5G基站不少于1万个', { text: '不少于1万个', num: '1万', low: 10000, lowInclusive: true, high: Infinity, qualifier: 'atLeast' });
  });
  it('10000家以上 / 15万家以上 / 10%以上 (以上 is inclusive)', () => {
    expectOne('10000家以上', { text: '10000家以上', low: 10000, lowInclusive: true, qualifier: 'atLeast', unit: '家' });
    expectOne('新增“上云用数赋智”中小企业15万家以上', { text: '15万家以上', low: 150000, qualifier: 'atLeast' });
    expectOne('营收保持10%以上增长', { text: '10%以上', low: 10, unit: '%', qualifier: 'atLeast' });
  });
  it('突破 is atLeast, also with 了', () => {
    expectOne('上云企业突破了10万家', { text: '突破了10万家', low: 100000, lowInclusive: true, qualifier: 'atLeast' });
  });
  it('超过84.2%: bound at the stated value', () => {
    expectOne('普及率超过84.2%', { low: 84.2, lowInclusive: false, unit: '%' });
  });
  it('a strong qualifier governs across …的: 超过GDP的1/3', () => {
    expectOne('我国数字经济规模已经超过GDP的1/3', { text: '超过GDP的1/3', num: '1/3', low: 1 / 3, lowInclusive: false, kind: 'fraction', qualifier: 'above' });
  });
  it('1万亿元以上', () => {
    expectOne('数字经济核心产业增加值扩容倍增到1万亿元以上', { text: '1万亿元以上', low: 1e12, unit: '元', qualifier: 'atLeast' });
  });
});

describe('quantity: nearly and about', () => {
  it('近10亿元 = [9亿, 10亿]', () => {
    expectOne('落实近10亿元研发费用补助', { text: '近10亿元', low: 9e8, high: 1e9, lowInclusive: true, highInclusive: true, qualifier: 'nearly' });
  });
  it('占近20%', () => {
    expectOne('其中信息领域占近20%', { text: '近20%', low: 18, high: 20, qualifier: 'nearly' });
  });
  it('最近 and 附近 are not "nearly"', () => {
    expectOne('附近10公里', { text: '10公里', qualifier: 'exact' });
  });
  it('100场左右 = [90, 110]', () => {
    expectOne('举办100场左右数字经济项目推介活动', { text: '100场左右', low: 90, high: 110, lowInclusive: true, highInclusive: true, qualifier: 'about' });
  });
  it('约80%左右', () => {
    expectOne('贡献了我省约80%左右的', { text: '约80%左右', low: 72, high: 88, qualifier: 'about' });
  });
  it('约占1.56%: 约 separated by 占', () => {
    expectOne('约占1.56%', { text: '约占1.56%', num: '1.56', low: 1.404, high: 1.716, qualifier: 'about' });
    expectOne('约为20%', { text: '约为20%', low: 18, high: 22 });
  });
  it('1.2万个左右', () => {
    expectOne('实施技改项目1.2万个左右', { text: '1.2万个左右', low: 10800, high: 13200, qualifier: 'about' });
  });
  it('about is never narrower than the rounding interval: 约1万个', () => {
    expectOne('约1万个', { low: 5000, high: 15000, lowInclusive: true, highInclusive: false });
  });
  it('上下 is "about" but 上下游 is not', () => {
    expectOne('100家上下', { low: 90, high: 110, qualifier: 'about' });
    expectOne('带动1000家上下游企业', { text: '1000家', qualifier: 'exact' });
  });
  it('节约 is not 约', () => {
    expectOne('节约10%能耗', { text: '10%', qualifier: 'exact' });
  });
});

describe('quantity: upper bounds', () => {
  it('以下 and 以内 are inclusive', () => {
    expectOne('10家以下', { low: 0, high: 10, highInclusive: true, qualifier: 'atMost' });
    expectOne('10人以内', { high: 10, highInclusive: true, qualifier: 'atMost' });
  });
  it('不超过 / 不高于 inclusive; 不到 / 低于 exclusive', () => {
    expectOne('不超过10%', { text: '不超过10%', high: 10, highInclusive: true, qualifier: 'atMost' });
    expectOne('不高于5%', { high: 5, highInclusive: true });
    expectOne('不到10%', { text: '不到10%', high: 10, highInclusive: false, qualifier: 'atMost' });
    expectOne('低于5%', { high: 5, highInclusive: false, low: 0 });
  });
  it('高于/低于 before 个百分点 describe the gap, which is exact', () => {
    expectOne('高于2个百分点', { text: '2个百分点', qualifier: 'exact', low: 1.5, high: 2.5 });
  });
});

describe('quantity: ranges', () => {
  for (const s of ['2-3个', '2～3个', '2至3个', '2到3个', '两到三个', '2~3个', '2—3个']) {
    it(`${s} = [2, 3]`, () => {
      expectOne(`建设${s}标志性产业链`, { text: s, low: 2, high: 3, lowInclusive: true, highInclusive: true, unit: '个', qualifier: 'range', value: 2.5 });
    });
  }
  it('10%-15% = [10, 15]', () => {
    expectOne('10%-15%', { text: '10%-15%', low: 10, high: 15, unit: '%', qualifier: 'range' });
  });
  it('1-2万个: the magnitude applies to both ends', () => {
    expectOne('1-2万个', { low: 10000, high: 20000, unit: '个' });
  });
  it('2万元至3万元', () => {
    expectOne('2万元至3万元', { text: '2万元至3万元', low: 20000, high: 30000, unit: '元' });
  });
  it('由5%提高到10% and 从5%到10% are two figures, not a range', () => {
    assert.deepEqual(texts('补助比例由5%提高到10%'), ['5%', '10%']);
    assert.deepEqual(texts('从5%到10%'), ['5%', '10%']);
  });
});

describe('quantity: not figures', () => {
  it('years and year ranges', () => {
    none('2023年');
    none('2018年');
    none('2022-2025年');
    none('《行动计划(2023-2025)》');
    none('行动计划(2023-2025)');
  });
  it('dates and periods', () => {
    none('3月8日');
    none('4月13日');
    none('10月12日到14日在福州');
    none('今年1-7月份');
    none('截止到今年6月份');
    none('今年一季度');
  });
  it('durations in 年', () => {
    none('用一年左右的时间');
    none('连续四年举办');
    assert.deepEqual(texts('四年长大了14倍'), ['14倍']);
  });
  it('document numbers', () => {
    none('赣发〔2022〕4号');
    none('鲁科字〔2022〕81号');
    none('鲁科字[2022]81号');
    none('鲁科字（2022）81号');
  });
  it('phone numbers', () => {
    none('电话/传真:0519-85129558  18961125658');
  });
  it('list ordinals', () => {
    none('一是规划政策引领');
    none('二是数字产业扩张');
    none('第一阶段');
    none('第三届');
    none('(一)加强组织');
    none('1.加快建设');
    none('第二十三次会议');
    none('第10个');
  });
  it('version numbers', () => {
    none('处于1.0、2.0、3.0还是4.0哪个阶段');
  });
  it('numbers glued to Latin letters', () => {
    none('5G');
    none('4G网络');
    none('IPv6改造');
    assert.deepEqual(texts('5G基站6万多个'), ['6万多个']);
  });
  it('anything inside quotes and titles', () => {
    none('“2+6+N”产业');
    none('打造“5351”数字经济创新平台体系');
    none('实施“十大工程”');
    none('《新一代信息技术创新发展三年行动计划(2023-2025)》');
    none('"3个100"工程');
    none('实施“万企上云、新增1万家”行动');
    assert.deepEqual(texts('“两高”行业20家'), ['20家']);
  });
  it('codes with a leading zero', () => {
    none('推动国家03专项落户江西');
  });
  it('idiomatic numerals', () => {
    none('一批 一系列 一体 一手 一把手 一企一策 十大 两大 两化 两高 三首 千行百业 万企 百城 四图五清单');
    none('十四五规划');
    none('每万人拥有');
    none('入选全国首批“千兆城市”,建设双千兆网络');
    none('七台河、三台县、十堰');
    none('三四十家');
  });
  it('small structural Chinese counts, but Arabic small counts are figures', () => {
    none('从三个方面介绍');
    none('以下四个趋势');
    none('可概括为七个新');
    none('部署推进两个工程');
    expectOne('电子五所等5个部属重点智库', { text: '5个', value: 5 });
  });
});

describe('quantity: seed sentences', () => {
  it('去年产业规模已突破6000亿元、达到6688亿元,居全国第7位、中部第1位', () => {
    const s = '去年产业规模已突破6000亿元、达到6688亿元,居全国第7位、中部第1位';
    const qs = parseQuantities(s);
    assert.deepEqual(qs.map((q) => [q.text, q.qualifier, q.kind]), [
      ['突破6000亿元', 'atLeast', 'money'],
      ['6688亿元', 'exact', 'money'],
      ['第7位', 'exact', 'rank'],
      ['第1位', 'exact', 'rank'],
    ]);
    assert.equal(qs[0].low, 6e11);
    assert.equal(qs[1].value, 6.688e11);
  });

  it('从2018年的42亿元猛增到去年的604亿元,四年长大了14倍', () => {
    assert.deepEqual(
      parseQuantities('从2018年的42亿元猛增到去年的604亿元,四年长大了14倍').map((q) => [q.text, q.value, q.qualifier]),
      [['42亿元', 4.2e9, 'exact'], ['604亿元', 6.04e10, 'exact'], ['14倍', 14, 'exact']],
    );
  });

  it('全国有21732家企业通过贯标,江西有338家,约占1.56%', () => {
    assert.deepEqual(
      parseQuantities('全国有21732家企业通过贯标,江西有338家,约占1.56%').map((q) => [q.text, q.unit, q.qualifier]),
      [['21732家', '家', 'exact'], ['338家', '家', 'exact'], ['约占1.56%', '%', 'about']],
    );
  });

  it('今年新建5G基站不少于1万个,到明年底每万人拥有5G基站数不少于16个', () => {
    assert.deepEqual(
      parseQuantities('今年新建5G基站不少于1万个,到明年底每万人拥有5G基站数不少于16个').map((q) => [q.text, q.low]),
      [['不少于1万个', 10000], ['不少于16个', 16]],
    );
  });

  it('软件业务的收入达到了4.2万亿元,同比增长8.6%', () => {
    assert.deepEqual(texts('软件业务的收入达到了4.2万亿元,同比增长8.6%'), ['4.2万亿元', '8.6%']);
  });

  it('年内实施投资500万元以上技改项目1.2万个左右', () => {
    const qs = parseQuantities('年内实施投资500万元以上技改项目1.2万个左右');
    assert.deepEqual(qs.map((q) => [q.text, q.unit, q.qualifier, q.low]), [
      ['500万元以上', '元', 'atLeast', 5e6],
      ['1.2万个左右', '个', 'about', 10800],
    ]);
  });

  it('5G基站20.2万个、确定性网络1.18万公里', () => {
    assert.deepEqual(
      parseQuantities('5G基站20.2万个、确定性网络1.18万公里').map((q) => [q.text, q.value, q.unit]),
      [['20.2万个', 202000, '个'], ['1.18万公里', 11800, '公里']],
    );
  });

  it('10个左右特色产业集群和2-3个标志性产业链 ... 30家左右', () => {
    assert.deepEqual(
      parseQuantities('10个左右特色产业集群和2-3个标志性产业链,产业集群30家左右').map((q) => [q.text, q.low, q.high]),
      [['10个左右', 9, 11], ['2-3个', 2, 3], ['30家左右', 27, 33]],
    );
  });

  it('推动超过20%的“两高”行业 / 主抓的赛道有15条之多', () => {
    expectOne('推动超过20%的“两高”行业', { text: '超过20%', qualifier: 'above', low: 20 });
    expectOne('主抓的赛道有15条之多', { text: '15条之多', num: '15', qualifier: 'exact', value: 15 });
  });

  it('every seed parses into ordered, non-overlapping spans', () => {
    const dir = [path.resolve(__dirname, '..', '..', '..', 'seeds'), path.resolve(process.cwd(), 'seeds')].find((d) => fs.existsSync(d));
    if (!dir) throw new Error('seeds directory not found');
    let total = 0;
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.txt'))) {
      // The pinyin glued after Traditional characters is stripped by another module before parsing.
      const raw: string = fs.readFileSync(path.join(dir, f), 'utf8').replace(/\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)/g, '');
      const qs = parseQuantities(raw);
      total += qs.length;
      let prevEnd = 0;
      for (const q of qs) {
        assert.ok(q.start >= prevEnd, `${f}: ${q.text} overlaps the previous figure`);
        assert.ok(q.start <= q.numStart && q.numStart < q.numEnd && q.numEnd <= q.end, `${f}: spans of ${q.text}`);
        assert.equal(q.text, raw.slice(q.start, q.end));
        assert.ok(q.low <= q.value && q.value <= q.high, `${f}: ${q.text} value inside its interval`);
        assert.doesNotMatch(q.text, /年|月|日/, `${f}: ${q.text} is a date`);
        prevEnd = q.end;
      }
    }
    assert.ok(total >= 130, `expected many seed figures, got ${total}`);
  });
});

describe('quantity: intervalsOverlap', () => {
  const iv = (low: number, high: number, lowInclusive = true, highInclusive = false) => ({ low, high, lowInclusive, highInclusive });
  it('6万多个 agrees with 6.2万个 and disagrees with 7.2万个', () => {
    const more = one('6万多个');
    assert.equal(intervalsOverlap(more, one('6.2万个')), true);
    assert.equal(intervalsOverlap(more, one('7.2万个')), false);
  });
  it('超过40万家 agrees with 42万家 but not with 40万家 exactly-rounded below', () => {
    const above = one('超过40万家');
    assert.equal(intervalsOverlap(above, one('42万家')), true);
    assert.equal(intervalsOverlap(above, iv(390000, 400000, true, true)), false);
  });
  it('touching endpoints overlap only when both are inclusive', () => {
    assert.equal(intervalsOverlap(iv(1, 2, true, true), iv(2, 3, true, true)), true);
    assert.equal(intervalsOverlap(iv(1, 2, true, false), iv(2, 3, true, true)), false);
    assert.equal(intervalsOverlap(iv(1, 2, true, true), iv(2, 3, false, true)), false);
  });
  it('is symmetric and handles Infinity', () => {
    const a = iv(10, Infinity, false, false);
    const b = iv(0, 10, true, true);
    assert.equal(intervalsOverlap(a, b), false);
    assert.equal(intervalsOverlap(b, a), false);
    assert.equal(intervalsOverlap(a, iv(11, 12)), true);
  });
});

describe('quantity: formatValue', () => {
  it('renders each qualifier briefly', () => {
    assert.equal(formatValue(one('5G基站6万多个')), '6万多个');
    assert.equal(formatValue(one('达到1600多亿元')), '1600多亿元');
    assert.equal(formatValue(one('不少于40万家')), '≥40万家');
    assert.equal(formatValue(one('超过40万家')), '>40万家');
    assert.equal(formatValue(one('企业206家')), '206家');
    assert.equal(formatValue(one('45.2%')), '45.2%');
    assert.equal(formatValue(one('100场左右')), '约100场');
    assert.equal(formatValue(one('近10亿元')), '近10亿元');
    assert.equal(formatValue(one('2-3个')), '2–3个');
    assert.equal(formatValue(one('居全国第7位')), '第7位');
    assert.equal(formatValue(one('不到10%')), '<10%');
  });
  it('keeps the stated digits and folds Traditional / full-width', () => {
    assert.equal(formatValue(one('20.2萬個')), '20.2万个');
    assert.equal(formatValue(one('21732家')), '21732家');
    assert.equal(formatValue(one('0.6688万亿元')), '6688亿元');
    assert.equal(formatValue(one('4.2万亿元')), '4.2万亿元');
    assert.equal(formatValue(one('2.5個百分點')), '2.5个百分点');
    assert.equal(formatValue(one('超过GDP的1/3')), '>1/3');
  });
});
