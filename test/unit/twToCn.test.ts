import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { toSimplifiedConverter, toTraditionalConverter } from '../../src/engine/normalize';
import { chainConverter, convertRange, fastTrie, segmentEnds, twToCnConverter, type OpenCCModule } from '../../src/engine/twToCn';
import { SEEDS } from './seeds';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const OpenCC = require('opencc-js') as OpenCCModule & { Converter(o: { from: string; to: string }): (s: string) => string; Trie: new () => { map: Map<number, unknown>; loadDictGroup(g: string[]): void } };
const reference = OpenCC.Converter({ from: 'tw', to: 'cn' });

/** A trie as opencc-js builds it, from `key value` entries. */
function trieOf(entries: string) {
  const t = new OpenCC.Trie();
  t.loadDictGroup([entries]);
  return fastTrie(t.map as never);
}

describe('twToCn: OpenCC tw→cn over OpenCC\'s tries', () => {
  const fast = twToCnConverter(OpenCC)!;

  it('is built from this opencc-js, and is the converter normalize uses', () => {
    assert.equal(typeof fast, 'function');
    assert.equal(toSimplifiedConverter()('數據'), '数据');
  });

  it('equals opencc-js on phrases, variants, compatibility ideographs, IDS and surrogates', () => {
    const cases = [
      '', '數(shù)字經(jīng)濟', '工賦山東', '著力推動', '乾隆皇帝', '頭髮發展', '裡面', '於是', '後來', '隻身',
      '\uf900\ufa0e豈', // CJK compatibility ideographs (the normalisation pass)
      '⿰氵⿱工賦', '⿲', '工⿰', // ideographic description sequences, whole and cut short
      '𠀋工程𡈽', '\ud840', '\udc0b數', '數\ud840', // astral characters and lone surrogates
      'ABC 123,。\n著', '的的的', '一併發佈',
    ];
    for (const s of cases) assert.equal(fast(s), reference(s), JSON.stringify(s));
  });

  it('equals opencc-js on every line of the seeds', () => {
    const files = fs.readdirSync(SEEDS).filter((f) => f.endsWith('.txt'));
    assert.ok(files.length >= 5);
    for (const f of files) {
      const text = fs.readFileSync(path.join(SEEDS, f), 'utf8');
      assert.equal(fast(text), reference(text), f);
      for (const line of text.split('\n')) assert.equal(fast(line), reference(line), `${f}: ${line.slice(0, 30)}`);
    }
  });

  it('convertRange: longest match, null when nothing changes, only within the range', () => {
    const t = trieOf('數 数|數據 数据|據 据|著 著');
    assert.equal(convertRange(t, '數據庫', 0, 3), '数据庫');
    assert.equal(convertRange(t, '著作', 0, 2), null); // 著 -> 著: no change
    assert.equal(convertRange(t, 'x數據', 1, 2), '数'); // 數據 is cut by the range end
    assert.equal(convertRange(t, '', 0, 0), null);
  });

  it('segmentEnds: matched phrases and the unmatched runs between them', () => {
    const t = trieOf('數據 数据|發展 发展');
    assert.deepEqual(segmentEnds(t, 'ab數據cd發展'), [2, 4, 6, 8]);
    assert.deepEqual(segmentEnds(t, '數據'), [2]);
    assert.deepEqual(segmentEnds(t, ''), []);
  });

  it('chainConverter: conversion passes run on each segment alone', () => {
    // Segments 甲乙 | 丙: the pass entry 乙丙 cannot match across the boundary.
    const convert = chainConverter([], trieOf('甲乙 甲乙'), [trieOf('乙丙 XY|甲 A')]);
    assert.equal(convert('甲乙丙'), 'A乙丙');
    assert.equal(chainConverter([], null, [trieOf('乙丙 XY|甲 A')])('甲乙丙'), 'AXY');
  });

  it('cn→tw for a build (not kept) converts like the kept one, and is the kept one once there is one', () => {
    // Not kept by default: a process that builds must not hold ~40 MB of tables after the build.
    assert.notEqual(toTraditionalConverter(), toTraditionalConverter());
    assert.equal(toTraditionalConverter(false)('工赋山东'), '工賦山東');
    const kept = toTraditionalConverter(true);
    assert.equal(toTraditionalConverter(false), kept);
    assert.equal(toTraditionalConverter(), kept);
  });
});
