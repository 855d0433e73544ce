import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findCorrupt, normalize, positionAt, lineStartsOf, toOriginalOffset, detectScript } from '../../src/engine/normalize';
import { originalPos } from '../../src/engine/passages';
import { passageWith, seedCorpus, SEEDS } from './seeds';

const seedText = (prefix: string) => {
  const f = fs.readdirSync(SEEDS).find((n) => n.startsWith(prefix))!;
  return fs.readFileSync(path.join(SEEDS, f), 'utf8');
};

describe('normalisation', () => {
  it('strips tone-marked pinyin glued after characters, then converts to Simplified', () => {
    const n = normalize('數(shù)字經(jīng)濟高質(zhì)量發(fā)展');
    assert.equal(n.text, '数字经济高质量发展');
    assert.equal(n.script, 'traditional');
  });

  it('strips pinyin in full-width parentheses too', () => {
    assert.equal(normalize('數（shù）字經（jīng）濟').text, '数字经济');
  });

  it('never strips parenthesised text that is not pinyin', () => {
    assert.equal(normalize('累计应用智能装备18726台(套)').text, '累计应用智能装备18726台(套)');
    assert.equal(normalize('手机APP(app)平台').text, '手机APP(app)平台');
    assert.equal(normalize('新闻发布会现场(文颖 摄)').text, '新闻发布会现场(文颖 摄)');
  });

  it('folds full-width digits and punctuation 1:1', () => {
    const n = normalize('达到６６８８亿元，约占１．５６％');
    assert.equal(n.text, '达到6688亿元,约占1.56%');
    assert.equal(n.text.length, '达到６６８８亿元，约占１．５６％'.length);
  });

  it('uses tw→cn so that 著力 becomes 着力 (t→cn leaves it)', () => {
    assert.match(normalize('著力豐富新應用,數據').text, /^着力丰富新应用/);
  });

  it('leaves Simplified text alone', () => {
    const s = '电子信息是我省数字产业的“领头羊”,去年产业规模已突破6000亿元';
    assert.equal(detectScript(s), 'simplified');
    assert.equal(normalize(s).text, s);
  });

  it('maps every normalised character back to its original offset', () => {
    const orig = '數(shù)字經(jīng)濟';
    const n = normalize(orig);
    assert.equal(toOriginalOffset(n.map, 0), 0); // 數
    assert.equal(toOriginalOffset(n.map, 1), 6); // 字 after "(shù)"
    assert.equal(toOriginalOffset(n.map, 2), 7); // 經
    assert.equal(toOriginalOffset(n.map, 3), 14); // 濟 after "(jīng)"
  });

  it('finds 工賦山東 in 004 as 工赋山东 at its exact place in the original file', () => {
    const p = passageWith('004', '工赋山东');
    const { docs } = seedCorpus();
    const doc = docs[p.doc];
    const i = doc.text.indexOf('工赋山东', p.start);
    const pos = originalPos(doc, i);
    const line = seedText('004').split('\n')[pos.line - 1];
    assert.equal(line.slice(pos.column - 1, pos.column - 1 + 4), '工賦山東');
  });

  it('computes 1-based lines and UTF-16 columns', () => {
    const starts = lineStartsOf('ab\ncd𠀀e\n');
    assert.deepEqual(positionAt(starts, 0), { line: 1, column: 1 });
    assert.deepEqual(positionAt(starts, 7), { line: 2, column: 5 }); // 𠀀 is two UTF-16 units
  });
});

describe('corruption quarantine', () => {
  it('quarantines the ??萍紕? run in 004 but keeps real question marks', () => {
    const spans = findCorrupt('一是著力提升產業創新能力??萍紕?chuàng)新是發展新質生產力的核心要素。省工業');
    assert.equal(spans.length, 1);
    assert.equal(spans[0].start, 0);
    assert.ok(spans[0].end >= '一是著力提升產業創新能力??萍紕?chuàng)新是發展新質生產力的核心要素。'.length);
    assert.deepEqual(findCorrupt('请问涉及工信方面的赛道主要有哪些?目前这些赛道发展态势如何?'), []);
    // A replacement character alone (no `?` in the line) is corruption too.
    assert.deepEqual(findCorrupt('产业规模，达到\ufffd亿元，同比增长'), [{ start: 5, end: 11 }]);
    assert.deepEqual(findCorrupt('没有问号的一行。'), []);
  });

  it('drops every corrupted run of the seeds from passages', () => {
    const { passages } = seedCorpus();
    for (const p of passages) {
      assert.doesNotMatch(p.text, /\?[?;a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔù]|[;?]\?/, `corrupt text indexed: ${p.text}`);
    }
    assert.ok(!passages.some((p) => p.text.includes('萍纰')));
  });
});

describe('debris', () => {
  const { docs, passages } = seedCorpus();
  const textOf = (prefix: string) => passages.filter((p) => docs[p.doc].meta.path.includes(`/${prefix}`)).map((p) => p.text).join('\n');

  it('drops the consultancy advert, contacts and law list of 001', () => {
    const t = textOf('001');
    for (const bad of ['瑞策', '欢迎垂询', '0519-85129558', 'richinfochina', '物权法', '担保法', '合伙企业法', '证券投资基金法', '文章分类']) {
      assert.ok(!t.includes(bad), `${bad} leaked into passages`);
    }
    assert.ok(t.includes('服务的工业企业数量超过40万家'));
  });

  it('drops the disclaimer of 002 and the comment box of 004', () => {
    assert.ok(!textOf('002').includes('免责声明'));
    assert.ok(!textOf('002').includes('不代表本网'));
    assert.ok(!textOf('004').includes('验证码'));
    assert.ok(!textOf('004').includes('所有评论'));
  });

  it('drops the repost note and photo captions of 000 and the page header of 003', () => {
    assert.ok(!textOf('000').includes('图文转载于网络'));
    assert.ok(!textOf('000').includes('文颖 摄'));
    assert.ok(!textOf('003').includes('阅读:717'));
    assert.ok(!/^图片/.test(textOf('003')));
  });

  it('records what was dropped and why', () => {
    const d001 = docs.find((d) => d.meta.path.includes('/001'))!;
    const reasons = new Set(d001.excluded.map((e) => e.reason));
    for (const r of ['advert', 'contact', 'link-list']) assert.ok(reasons.has(r), r);
    const d004 = docs.find((d) => d.meta.path.includes('/004'))!;
    assert.ok(d004.excluded.some((e) => e.kind === 'corrupt' && e.preview.includes('??萍')));
  });
});
