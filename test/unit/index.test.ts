import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Bm25Index } from '../../src/engine/bm25';
import { buildIndex } from '../../src/engine/corpusIndex';
import { loadCorpus } from '../../src/engine/load';
import { loadIndex, saveIndex } from '../../src/engine/persist';
import { cleanTokens, createIndexSegmenter, FallbackSegmenter, packTerms, sequentialJob, startIndexSegmentation, unpackTerms, VocabSegmenter, type Segmenter } from '../../src/engine/segment';
import { createLanguageService } from '../../src/engine/service';
import { seedCorpus } from './seeds';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'pa-index-'));

describe('segmentation', () => {
  it('jieba with HMM keeps 6688 and 20.2 whole', () => {
    const seg = createIndexSegmenter();
    assert.equal(seg.name, 'jieba');
    const toks = seg.cut('去年产业规模达到6688亿元,5G基站20.2万个');
    assert.ok(toks.includes('6688'), toks.join('/'));
    assert.ok(toks.includes('20.2'), toks.join('/'));
  });

  it('harvested programme names stay whole in the index vocabulary', () => {
    const { docs } = seedCorpus();
    const idx = buildIndex(docs, [], createIndexSegmenter());
    for (const name of ['工赋山东', '云行齐鲁', '一号发展工程']) assert.ok(idx.vocab.includes(name), name);
  });

  it('the worker job equals inserting the words, then cutting every passage, wherever the words arrive', () => {
    // Made-up names (in no other test's corpus), which jieba splits unless they are user words.
    const words = ['甲乙丙丁工程', '子丑寅卯行动'];
    const texts: string[] = [];
    for (let i = 0; i < 2400; i++) {
      texts.push(
        i % 3 === 0 ? `第${i}项:推进甲乙丙丁工程建设,今天工作顺利完成。` : i % 3 === 1 ? `实施子丑寅卯行动第${i}批任务。` : `城市里有${i}家企业完成改造。`,
      );
    }
    const reference = sequentialJob(createIndexSegmenter());
    reference.add(texts);
    reference.addWords(words);
    const expected = reference.finish();
    assert.ok(expected.vocab.includes('甲乙丙丁工程') && expected.vocab.includes('子丑寅卯行动'));
    // The words posted while the worker is still cutting the first part (taken in between two cuts),
    // then again in a second build, where they are already inserted (nothing is cut again).
    for (let build = 0; build < 2; build++) {
      const job = startIndexSegmentation();
      job.add(texts.slice(0, 2000));
      job.addWords(words);
      job.add(texts.slice(2000));
      const got = job.finish();
      assert.equal(got.segmenter, 'jieba');
      assert.deepEqual(got.vocab, expected.vocab, `build ${build}`);
      assert.deepEqual(got.passageTerms, expected.passageTerms, `build ${build}`);
    }
  });

  it('cutting passages in batches joined by newlines gives each passage the terms of cutting it alone', () => {
    // Boundaries where a join could change a cut if '\n' were not a hard separator for jieba:
    // ASCII and digits on both sides (abc|def, 20|24), a word split across two passages (数字|经济),
    // empty passages, spaces and separators at the ends, a newline inside a passage.
    const awkward = ['abc', 'def', '数字', '经济发展', '', '2024年', '20', '24个', '  山东 ', '，产业发展。', 'a\nb', '', '5G基站', '数', '字'];
    const texts: string[] = [];
    for (let i = 0; i < 600; i++) texts.push(awkward[i % awkward.length], `第${i}段:数字经济核心产业增加值占比达到${i}%。`);
    const reference = sequentialJob(createIndexSegmenter());
    reference.add(texts);
    const expected = reference.finish();
    const job = startIndexSegmentation();
    job.add(texts);
    const got = job.finish();
    assert.equal(got.segmenter, 'jieba');
    assert.deepEqual(got.vocab, expected.vocab);
    assert.deepEqual(got.passageTerms, expected.passageTerms);
  });

  it('packTerms numbers cleaned tokens by first occurrence, as cleanTokens keeps them', () => {
    const lists = [['工赋山东', ' ', 'ABC', '，', '数字'], ['数字', 'abc', ' 5G ', '\n'], [], ['ABC', '工赋山东', '。']];
    const { vocab, offsets, ids } = packTerms(lists);
    assert.deepEqual(vocab, ['工赋山东', 'abc', '数字', '5g']);
    // The same as cleaning each list and numbering the terms in order.
    const seen = new Map<string, number>();
    const expected = lists.map((l) => cleanTokens(l).map((t) => seen.get(t) ?? (seen.set(t, seen.size), seen.size - 1)));
    assert.deepEqual(unpackTerms(offsets, ids), expected);
    assert.deepEqual(expected, [[0, 1, 2], [2, 1, 3], [], [1, 0]]);
  });

  it('falls back to the pure-JS segmenter with a warning when the native binding is missing', () => {
    const warnings: string[] = [];
    const seg = createIndexSegmenter(
      { warn: (m) => warnings.push(m) },
      {
        loader: () => {
          throw new Error("Cannot find module 'nodejieba'");
        },
      },
    );
    assert.equal(seg.name, 'fallback');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /nodejieba could not be loaded/);
    seg.addWord('工赋山东');
    const toks = seg.cut('推进工赋山东行动6688亿元');
    assert.ok(toks.includes('工赋山东'));
    assert.ok(toks.includes('6688'));
  });

  it('an index built with the fallback still answers related-passage queries', () => {
    const { docs } = seedCorpus();
    const idx = buildIndex(docs, [], new FallbackSegmenter());
    const hits = createLanguageService(idx).related('“云行齐鲁”数据赋能专项行动', 3);
    assert.ok(hits.length > 0);
    assert.match(hits[0].text, /云行齐鲁/);
  });

  it('query segmentation by longest match over the vocabulary', () => {
    const v = new VocabSegmenter(['数字经济', '数字', '经济', '核心产业', '工赋山东']);
    assert.deepEqual(v.cut('数字经济核心产业工赋山东5G'), ['数字经济', '核心产业', '工赋山东', '5g']);
  });
});

describe('related passages (BM25)', () => {
  it('ranks passages by BM25 with the matched terms', () => {
    const bm = new Bm25Index(['数字', '经济', '基站', '5g'], [[0, 1], [2, 3, 2], [0, 0, 1]]);
    const hits = bm.search('5G基站', 5);
    assert.equal(hits[0].passage, 1);
    assert.deepEqual(hits[0].terms.sort(), ['5g', '基站']);
    assert.deepEqual(bm.search('无关', 5), []);
  });

  it('finds the 工赋山东 passage of 003 and returns its original location', () => {
    const { index } = loadCorpus({ noCache: true });
    const hits = createLanguageService(index).related('实施工赋山东专项行动,建设标识解析二级节点', 3);
    const gf = hits.find((h) => h.terms.includes('工赋山东'));
    assert.ok(gf, JSON.stringify(hits.map((h) => h.text)));
    assert.equal(gf!.source, 'seeds/003_370ac0c7d6d374e6.txt');
    assert.deepEqual([gf!.line, gf!.column], [61, 1]);
    assert.ok(hits.some((h) => h.terms.includes('标识') && h.terms.includes('节点')));
    // Nothing from the advert of 001 can ever be returned.
    const ad = createLanguageService(index).related('瑞策咨询 项目申报 战略转型 服务理念', 10);
    assert.ok(ad.every((h) => !/瑞策/.test(h.text)));
  });
});

describe('index persistence', () => {
  it('a user corpus is segmented once; the second start loads the cache', () => {
    const dir = tmp();
    const cache = tmp();
    fs.writeFileSync(path.join(dir, 'a.txt'), '山东数字经济\n去年全省5G基站20.2万个,“工赋山东”专项行动成效明显。\n');
    let cuts = 0;
    const counting = (): Segmenter => {
      const inner = new FallbackSegmenter();
      return { name: 'counting', addWord: (w) => inner.addWord(w), cut: (t) => (cuts++, inner.cut(t)) };
    };
    const first = loadCorpus({ dirs: [dir], cacheDir: cache, segmenter: counting });
    assert.equal(first.origin, 'built');
    assert.ok(cuts > 0);
    cuts = 0;
    const second = loadCorpus({ dirs: [dir], cacheDir: cache, segmenter: counting });
    assert.equal(second.origin, 'cache');
    assert.equal(cuts, 0);
    assert.deepEqual(second.index.vocab, first.index.vocab);
    // A changed file changes the key: rebuilt.
    fs.appendFileSync(path.join(dir, 'a.txt'), '新增内容。\n');
    assert.equal(loadCorpus({ dirs: [dir], cacheDir: cache, segmenter: counting }).origin, 'built');
    // Nothing was written into the corpus folder.
    assert.deepEqual(fs.readdirSync(dir), ['a.txt']);
  });

  it('the seed index is prebuilt at build time', () => {
    const r = loadCorpus({});
    assert.equal(r.origin, 'prebuilt');
    assert.equal(r.index.docs.length, 5);
  });

  it('open-ended intervals survive a save and load', () => {
    const { index } = loadCorpus({ noCache: true });
    const f = path.join(tmp(), 'i.json');
    saveIndex(index, f);
    const back = loadIndex(f, index.key)!;
    const open = back.figures.find((x) => x.text === '超过40万家')!;
    assert.equal(open.high, Infinity);
    assert.equal(loadIndex(f, 'another-key'), null);
    assert.equal(loadIndex(path.join(tmp(), 'missing.json')), null);
  });
});
