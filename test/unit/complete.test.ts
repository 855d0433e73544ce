import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NameMatcher, type CompletionItemData } from '../../src/engine/complete';
import { harvestNames } from '../../src/engine/registry';
import type { DocMeta, ProgrammeName } from '../../src/engine/types';
import { ROOT, seedCorpus } from './seeds';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const normalizeModule = require('../../src/engine/normalize') as { toSimplifiedConverter: () => (s: string) => string };

describe('complete: NameMatcher on the seed corpus', () => {
  let m: NameMatcher;
  let names: ProgrammeName[];
  const labels = (items: CompletionItemData[]) => items.map((i) => i.label);

  before(() => {
    const { docs, passages } = seedCorpus();
    names = harvestNames(docs, passages);
    m = new NameMatcher(
      names,
      docs.map((d) => d.meta),
      passages,
    );
  });

  it('completes 数字领航 after an opening quote, replacing only the typed 数字领', () => {
    const items = m.complete('打造“数字领');
    const it0 = items.find((i) => i.label === '数字领航');
    assert.ok(it0, labels(items).join(' '));
    assert.deepEqual(it0.range, { start: 3, end: 6 });
    assert.equal(it0.insertText, '数字领航”');
    assert.equal(it0.kind, 'programme');
    assert.ok(it0.filterText.startsWith('数字领'));
  });

  it('offers the best programmes right after “ with nothing typed', () => {
    const items = m.complete('打造“');
    assert.equal(items[0]?.label, '一号发展工程');
    assert.deepEqual(items[0].range, { start: 3, end: 3 });
    assert.equal(items[0].insertText, '一号发展工程”');
    assert.ok(items.every((i) => i.kind === 'programme'));
    assert.ok(items.length <= 20);
    assert.equal(m.complete('打造“', { limit: 3 }).length, 3);
  });

  it('matches pinyin initials: gfsd -> 工赋山东 first, replacing the Latin run', () => {
    const items = m.complete('gfsd');
    assert.equal(items[0]?.label, '工赋山东');
    assert.deepEqual(items[0].range, { start: 0, end: 4 });
    assert.ok(items[0].filterText.startsWith('gfsd'), items[0].filterText);
    assert.equal(items[0].insertText, '工赋山东');
    const after = m.complete('推进“gfsd');
    assert.deepEqual(after[0].range, { start: 3, end: 7 });
    assert.equal(after[0].insertText, '工赋山东”');
  });

  it('matches yxql, yhfz (initials) and yunxing (full pinyin)', () => {
    assert.equal(m.complete('yxql')[0]?.label, '云行齐鲁');
    assert.equal(m.complete('实施yhfz')[0]?.label, '一号发展工程');
    const full = m.complete('yunxing');
    assert.equal(full[0]?.label, '云行齐鲁');
    assert.ok(full[0].filterText.startsWith('yunxing'));
    assert.deepEqual(full[0].range, { start: 0, end: 7 });
  });

  it('tries suffixes of a CJK run: 推进工赋 replaces only 工赋', () => {
    const items = m.complete('推进工赋');
    assert.equal(items[0]?.label, '工赋山东');
    assert.deepEqual(items[0].range, { start: 2, end: 4 });
    assert.equal(items[0].insertText, '工赋山东');
  });

  it('accepts a Traditional prefix: 推进工賦 -> 工赋山东, filtered in its own script', () => {
    const items = m.complete('推进工賦');
    assert.equal(items[0]?.label, '工赋山东');
    assert.deepEqual(items[0].range, { start: 2, end: 4 });
    assert.ok(items[0].filterText.startsWith('工賦'), items[0].filterText);
  });

  it('inserts the Traditional form with script: traditional', () => {
    const items = m.complete('推进工賦', { script: 'traditional' });
    assert.equal(items[0]?.label, '工賦山東');
    assert.equal(items[0].insertText, '工賦山東');
    const quoted = m.complete('推进“gfsd', { script: 'traditional' });
    assert.equal(quoted[0]?.insertText, '工賦山東”');
  });

  it('offers the 实施意见 title after 《, with the closing 》 and only documents', () => {
    const items = m.complete('出台了《深化');
    assert.equal(items[0]?.label, '深化新一代信息技术与制造业融合发展的实施意见');
    assert.equal(items[0].insertText, '深化新一代信息技术与制造业融合发展的实施意见》');
    assert.deepEqual(items[0].range, { start: 4, end: 6 });
    assert.ok(items.every((i) => i.kind === 'document'));
    // A title holding a quote, typed up to inside the quote.
    assert.equal(m.complete('《江西“十四')[0]?.label, '江西“十四五”信息化和工业化深度融合发展规划');
  });

  it('returns [] for a prefix matching nothing and for an empty line', () => {
    assert.deepEqual(m.complete(''), []);
    assert.deepEqual(m.complete('zzqx'), []);
    assert.deepEqual(m.complete('打造“量子计算'), []);
    assert.deepEqual(m.complete('这是一个普通句子'), []);
    assert.deepEqual(m.complete('推进工'), []); // one CJK character without a mark: too short
  });

  it('gives region and title, the source sentence, and the line in the original file', () => {
    const it0 = m.complete('yxql')[0];
    assert.equal(it0.detail, '山东 · 山东将重点谋划实施六项行动…');
    assert.ok(it0.documentation.includes('“云行齐鲁”'), it0.documentation);
    assert.equal(it0.source.path, 'seeds/003_370ac0c7d6d374e6.txt');
    const original = fs.readFileSync(path.join(ROOT, it0.source.path), 'utf8').split('\n');
    assert.ok(original[it0.source.line - 1].includes('云行齐鲁'), original[it0.source.line - 1]);
    // 004 is Traditional with pinyin: the line must still be the one in the original file.
    const gfbj = m.complete('打造“工赋百')[0];
    assert.equal(gfbj.label, '工赋百景');
    const lines004 = fs.readFileSync(path.join(ROOT, gfbj.source.path), 'utf8').split('\n');
    assert.ok(/工賦/.test(lines004[gfbj.source.line - 1]), lines004[gfbj.source.line - 1]);
  });

  it('offers a phrase only when typed exactly, after programmes and documents', () => {
    const exact = m.complete('是我省数字产业的“领头羊');
    assert.deepEqual(labels(exact), ['领头羊']);
    assert.equal(exact[0].kind, 'phrase');
    assert.equal(exact[0].insertText, '领头羊”');
    assert.deepEqual(m.complete('是我省数字产业的“领头'), []);
    // Programmes named 数字… come before the phrase 数字… would (there is none), and no phrase
    // sneaks into a prefix list.
    const prefix = m.complete('加快数字');
    assert.ok(prefix.length > 0);
    assert.ok(prefix.every((i) => i.kind !== 'phrase'), labels(prefix).join(' '));
  });

  it('tolerates a homophone (pinyin IME) typo and a one-character typo after a mark', () => {
    assert.equal(m.complete('打造“工富山东')[0]?.label, '工赋山东'); // same pinyin
    assert.equal(m.complete('打造“云行齐路')[0]?.label, '云行齐鲁'); // fuse.js, small corpus
  });

  it('never calls the OpenCC converter for a Simplified keystroke', () => {
    const original = normalizeModule.toSimplifiedConverter;
    let calls = 0;
    normalizeModule.toSimplifiedConverter = () => {
      calls++;
      return original();
    };
    try {
      m.complete('推进工赋');
      m.complete('打造“数字领');
      m.complete('《深化');
      assert.equal(calls, 0);
      m.complete('推进工賦');
      assert.ok(calls > 0, 'the Traditional keystroke does convert (so the check above can fail)');
    } finally {
      normalizeModule.toSimplifiedConverter = original;
    }
  });
});

describe('complete: prefix index on synthetic names', () => {
  // Deterministic names over a small alphabet so prefixes share long ranges; the best-first walk
  // of the segment tree must give exactly what sorting the whole range would.
  const alphabet = '数字经济工程行动平台山东';
  let seed = 7;
  const rnd = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const names: ProgrammeName[] = [];
  const seen = new Set<string>();
  while (names.length < 3000) {
    let s = '';
    const len = 2 + Math.floor(rnd() * 5);
    for (let i = 0; i < len; i++) s += alphabet[Math.floor(rnd() * alphabet.length)];
    if (seen.has(s)) continue;
    seen.add(s);
    names.push({
      name: s,
      traditional: s,
      kind: rnd() < 0.9 ? 'programme' : 'document',
      initials: '',
      pinyin: '',
      region: '山东',
      count: 1,
      score: Math.round(rnd() * 1000) / 10,
      firstPassage: 0,
      via: 'quote',
    });
  }
  const docs: DocMeta[] = [
    { id: 'x', path: 'x.txt', title: '测试', issuer: null, region: '山东', date: null, metaSource: 'manifest', script: 'simplified' },
  ];
  const m = new NameMatcher(names, docs, [{ doc: 0, text: '测试段落', pos: { line: 1, column: 1 } }]);

  for (const prefix of ['数', '数字', names[10].name.slice(0, 2), names[20].name.slice(0, 3), names[30].name]) {
    it(`returns the best-scored programmes for “${prefix}`, () => {
      const got = m.complete(`打造“${prefix}`, { limit: 15 }).map((i) => i.label);
      const expected = names
        .filter((n) => n.kind === 'programme' && n.name.startsWith(prefix))
        .sort((a, b) => Number(b.name === prefix) - Number(a.name === prefix) || b.score - a.score)
        .slice(0, 15)
        .map((n) => n.name);
      assert.ok(expected.length > 0);
      assert.deepEqual(
        got.map((g) => names.find((n) => n.name === g)!.score),
        expected.map((e) => names.find((n) => n.name === e)!.score),
      );
    });
  }
});
