import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pinyin } from 'pinyin-pro';
import { endsWithStop, harvestNames, NameTrie, pinyinKeys, rightOk, stopSet } from '../../src/engine/registry';
import type { Passage, ProgrammeName } from '../../src/engine/types';
import { passageWith, seedCorpus } from './seeds';

describe('registry: harvestNames on the seed corpus', () => {
  let names: ProgrammeName[];
  const get = (name: string) => names.find((n) => n.name === name);
  const docPrefix = (p: number) => {
    const { docs, passages } = seedCorpus();
    return path.basename(docs[passages[p].doc].meta.path).slice(0, 3);
  };

  before(() => {
    const { docs, passages } = seedCorpus();
    names = harvestNames(docs, passages);
  });

  it('is sorted by score, descending', () => {
    for (let i = 1; i < names.length; i++) assert.ok(names[i - 1].score >= names[i].score, `${names[i - 1].name} before ${names[i].name}`);
  });

  it('finds 工賦山東 of the Traditional, pinyin-annotated 004 as 工赋山东, counted across 003 and 004', () => {
    const { passages } = seedCorpus();
    const n = get('工赋山东');
    assert.ok(n, '工赋山东 harvested');
    assert.equal(n.traditional, '工賦山東');
    assert.equal(n.kind, 'programme');
    // Mentioned in 002, 003 (twice, in two passages) and 004.
    const mentioning = passages.filter((p) => p.text.includes('工赋山东'));
    assert.equal(n.count, mentioning.length);
    const prefixes = new Set(mentioning.map((p) => docPrefix(p.id)));
    assert.ok(prefixes.has('003') && prefixes.has('004'), [...prefixes].join(','));
    assert.ok(n.count >= 3);
    // One entry, not one per script.
    assert.equal(names.filter((x) => x.name === '工赋山东' || x.name === '工賦山東').length, 1);
    assert.equal(names.filter((x) => x.name === '工賦山東').length, 0);
  });

  it('keeps nothing from the consultancy advert in 001', () => {
    for (const n of names) {
      for (const bad of ['瑞策', '咨询', '服务创造价值', '物权法', '担保法']) {
        assert.ok(!n.name.includes(bad), `${n.name} comes from debris`);
      }
    }
  });

  it('would have harvested the advert had it read raw text (so the test above can fail)', () => {
    const { docs } = seedCorpus();
    const doc001 = docs.findIndex((d) => path.basename(d.meta.path).startsWith('001'));
    const raw = docs[doc001].text;
    const line = raw.split('\n').find((l) => l.includes('瑞策咨询始终坚持'));
    assert.ok(line, 'the advert is in the raw text');
    const fake: Passage = { ...passageWith('001', '两化融合'), id: 0, text: line };
    const leaked = harvestNames(docs, [fake]).map((n) => n.name);
    assert.ok(leaked.some((n) => n.includes('服务创造价值')), leaked.join(' '));
  });

  it('classifies evaluative quotes and lists as phrases', () => {
    for (const p of ['领头羊', '不想转、不敢转、不会转', '卡脖子', '扣合点', '三个走在前', '点石成金', '未来星']) {
      assert.equal(get(p)?.kind, 'phrase', p);
    }
    const speech = names.find((n) => n.name.startsWith('发展数字经济意义重大'));
    assert.equal(speech?.kind, 'phrase');
  });

  it('does not promote plan periods, priorities or bare-context words to programmes', () => {
    assert.equal(get('十四五')?.kind, 'phrase'); // quoted in 000 and 003
    assert.equal(get('头号工程')?.kind, 'phrase'); // 000 的头号工程、奠基工程: a priority
    // “链长” (004) is followed by 工作制 only where it is NOT quoted (000 产业链链长工作制).
    assert.equal(get('链长')?.kind, 'phrase');
    // Unquoted 平台/清单/体系 nouns: 000 形成任务清单, 004 推进现代化产业体系建设.
    assert.equal(get('任务清单')?.kind, 'phrase');
    assert.equal(get('现代化产业体系')?.kind, 'phrase');
  });

  it('classifies 《…》 titles as documents', () => {
    const yijian = get('深化新一代信息技术与制造业融合发展的实施意见');
    assert.equal(yijian?.kind, 'document');
    assert.equal(yijian?.via, 'title');
    assert.equal(get('中小企业数字化赋能专项行动方案')?.kind, 'document');
    // The 专项行动 inside the title is not harvested again as a pattern name.
    assert.equal(get('中小企业数字化赋能专项行动'), undefined);
  });

  it('ranks 一号发展工程 as a top programme of region 江西', () => {
    const n = get('一号发展工程')!;
    assert.equal(n.kind, 'programme');
    assert.equal(n.region, '江西');
    assert.equal(docPrefix(n.firstPassage), '000');
    const rank = names.filter((x) => x.kind === 'programme').indexOf(n);
    assert.ok(rank >= 0 && rank < 3, `rank ${rank}`);
  });

  it('finds the named initiatives of the spec as programmes', () => {
    for (const p of ['数字领航', '工赋山东', '云行齐鲁', '数字经济总部', '百城牵手万项', '十大工程', '万企上云上平台', '产业大脑', '千兆城市', '5351']) {
      assert.equal(get(p)?.kind, 'programme', p);
    }
    const lh = get('数字领航')!;
    assert.equal(docPrefix(lh.firstPassage), '002');
    assert.equal(lh.region, '山东');
  });

  it('harvests pattern names with their real start', () => {
    assert.equal(get('产业基础再造工程')?.via, 'pattern'); // 000 实施产业基础再造工程
    assert.equal(get('集成电路强芯工程')?.kind, 'programme'); // 002 加快实施集成电路强芯工程
    assert.equal(get('未来产业培育发展行动')?.kind, 'programme'); // 培育 inside the name
    assert.equal(get('实施产业基础再造工程'), undefined);
    assert.equal(get('一号发展工程')?.via, 'quote'); // 数字经济“一号发展工程”
  });

  it('counts a bare mention too (000 万企上云上平台 once quoted, once bare)', () => {
    assert.equal(get('万企上云上平台')?.count, 2);
  });

  it('computes initials and pinyin with pinyin-pro', () => {
    assert.equal(get('一号发展工程')?.initials, 'yhfzgc');
    assert.equal(get('云行齐鲁')?.initials, 'yxql');
    assert.equal(get('云行齐鲁')?.pinyin, 'yunxingqilu');
    assert.equal(get('工赋山东')?.initials, 'gfsd');
    assert.equal(get('5351')?.initials, '5351');
    assert.deepEqual(pinyinKeys('5G+工业互联网'), { initials: '5ggyhlw', pinyin: '5ggongyehulianwang' });
  });

  it('trims marks and trailing punctuation', () => {
    assert.ok(get('2+6+N'), '“2+6+N ” trimmed');
    for (const n of names) assert.ok(!/^[《“]|[》”,、。\s]$/.test(n.name), n.name);
  });
});

describe('registry: harvesting helpers', () => {
  it('pinyinKeys: initials are pinyin-pro\'s first letters, taken from one call', () => {
    // What the two-call version computed: pattern `first`, and the full toneless reading.
    const twoCalls = (name: string) => {
      const keep = (parts: string[]) => parts.join('').toLowerCase().replace(/ü/g, 'v').replace(/[^a-z0-9]/g, '');
      return {
        initials: keep(pinyin(name, { pattern: 'first', toneType: 'none', type: 'array' }) as string[]),
        pinyin: keep(pinyin(name, { toneType: 'none', type: 'array' }) as string[]),
      };
    };
    // Polyphones read in context (银行/行动, 重庆/重要), tone sandhi of 一/不, ü (绿色 -> lvse),
    // syllabic 嗯/呣, Latin, digits and symbols, an astral character.
    for (const name of ['银行行动', '重庆重要', '一不做二不休', '绿色女性', '嗯呣欸', '5G+工业互联网', 'A股·B股 2025', '𠀋工程', '“双碳”']) {
      assert.deepEqual(pinyinKeys(name), twoCalls(name), name);
    }
    assert.deepEqual(pinyinKeys('绿色'), { initials: 'ls', pinyin: 'lvse' });
  });

  it('rightOk is RIGHT_OK_RE on the two characters after a name', () => {
    const re = /^(?:$|[^\u3400-\u9fffA-Za-z0-9]|的|和|与|及|等|为|建设)/;
    const text = '工程的建设建立和A1，\u0000上为㐀';
    for (let end = 0; end <= text.length + 1; end++) assert.equal(rightOk(text, end), re.test(text.slice(end, end + 2)), `at ${end}`);
    assert.equal(rightOk('平台建', 2), false); // 建 alone is not 建设
  });

  it('endsWithStop matches stops of 1–3 code units ending at a position', () => {
    const stops = stopSet(['的', '实施', '一系列']);
    const text = '实施一系列数字的工程';
    const ends = [...Array(text.length + 1).keys()].filter((at) => endsWithStop(text, at, stops));
    assert.deepEqual(ends, [2, 5, 8]); // 实施| 一系列| 的|
    assert.equal(endsWithStop(text, 0, stops), false);
    assert.equal(endsWithStop('系列', 2, stops), false); // a partial 一系列
    assert.throws(() => stopSet(['四个字的']));
  });

  it('NameTrie finds every occurrence, overlapping included, by start then length', () => {
    const trie = new NameTrie<string>();
    for (const w of ['数字', '数字经济', '经济', '字经']) trie.add(w, w);
    const hits: string[] = [];
    trie.scan('数字经济数字', (at, w) => hits.push(`${at}:${w}`));
    assert.deepEqual(hits, ['0:数字', '0:数字经济', '1:字经', '2:经济', '4:数字']);
    // A one-character name (the pair filter cannot apply), also at the very end of the text.
    trie.add('济', '济');
    const withOne: string[] = [];
    trie.scan('数字经济', (at, w) => withOne.push(`${at}:${w}`));
    assert.deepEqual(withOne, ['0:数字', '0:数字经济', '1:字经', '2:经济', '3:济']);
    // Names with an astral character are never found (as before the trie worked by code unit).
    const astral = new NameTrie<string>();
    astral.add('𠀋工程', 'x');
    const none: number[] = [];
    astral.scan('实施𠀋工程', (at) => none.push(at));
    assert.deepEqual(none, []);
  });
});
