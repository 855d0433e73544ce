// The cheap tests that guard the meaning regexes (see meaning.ts): each must hold wherever its
// regex matches, or a figure's meaning changes.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  endsLikeGrowth,
  endsWithTimeDe,
  indicatorKey,
  isAttributive,
  isNewVerb,
  isPrepositional,
  lastVerb,
  rightLead,
  stripTime,
  stripTrailFiller,
  TIME_RE,
  timeMentions,
  TRAIL_FILLER,
  VERB_RE,
  verbAt,
} from '../../src/engine/figures/meaning';
import { bareNumberEnd, canStartScan, SCAN } from '../../src/engine/figures/quantity';
import { isSpace } from '../../src/engine/passages';
import { baseKey, isSkippedLine, SKIPPED_LINE } from '../../src/engine/figures/check';
import { extractOfficialFigures } from '../../src/engine/figures/official';
import { loadCorpus } from '../../src/engine/load';
import { createLanguageService } from '../../src/engine/service';
import { ROOT, seedCorpus } from './seeds';

const GROWTH = /(同比|环比)?(增长|下降|增幅|增速|降低|提高|提升)(?:为|了)?$/;

describe('endsLikeGrowth (the test before the growth regex)', () => {
  it('is true for every clause end the growth regex matches', () => {
    for (const s of ['增长', '同比增长', '同比下降了', '增速为', '营收提升', '占比提高了', '降低为', '环比增幅']) {
      assert.ok(GROWTH.test(s), s);
      assert.ok(endsLikeGrowth(s), s);
    }
  });
  it('is false where the regex cannot match (the test can fail)', () => {
    for (const s of ['', '长', '为', '了', '产业规模', '增长率', '达到了', '增长到', '为了']) {
      assert.equal(GROWTH.test(s), false, s);
      assert.equal(endsLikeGrowth(s), false, s);
    }
  });
  it('never says no where the regex matches, on every prefix of every seed passage', () => {
    let matched = 0;
    for (const p of seedCorpus().passages) {
      for (let i = 1; i <= p.text.length; i++) {
        const s = p.text.slice(0, i);
        if (GROWTH.test(s)) {
          matched++;
          assert.ok(endsLikeGrowth(s), s);
        }
      }
    }
    assert.ok(matched > 20, `only ${matched} growth ends in the seeds`);
  });
});

describe('isSpace and indicatorKey', () => {
  it('isSpace is exactly /\\s/ on every UTF-16 code unit', () => {
    for (let c = 0; c <= 0xffff; c++) assert.equal(isSpace(c), /\s/.test(String.fromCharCode(c)), c.toString(16));
  });
  it('indicatorKey drops 的 and spaces, and returns other indicators as they are', () => {
    assert.equal(indicatorKey('开展网络化协同的企业比例'), '开展网络化协同企业比例');
    assert.equal(indicatorKey('5G 基站\u3000数'), '5G基站数');
    assert.equal(indicatorKey('电子信息产业规模'), '电子信息产业规模');
    assert.equal(indicatorKey(''), '');
  });
});

describe('endsWithTimeDe (a time attribute before a figure)', () => {
  const RE = /(年|月|季度|底|末|时)的$/;
  it('agrees with its regex on chosen cases', () => {
    for (const s of ['2018年的', '今年一季度的', '去年底的', '年末的', '届时的', '6月的', '的', '', '季度', '度的', '产业的', '年的的', 'x年的']) {
      assert.equal(endsWithTimeDe(s), RE.test(s), s);
    }
  });
  it('agrees with its regex on every prefix of every seed passage, and on its last 1–4 characters', () => {
    let hits = 0;
    for (const p of seedCorpus().passages) {
      for (let i = 0; i <= p.text.length; i++) {
        for (const from of [0, i - 1, i - 2, i - 3, i - 4]) {
          if (from < 0) continue;
          const s = p.text.slice(from, i);
          const want = RE.test(s);
          if (want) hits++;
          assert.equal(endsWithTimeDe(s), want, s);
        }
      }
    }
    assert.ok(hits >= 10, `only ${hits}`);
  });
});

describe('timeMentions (TIME_RE tried only before each 年)', () => {
  // What the global regex finds, scanning every position: the spans timeMentions must give.
  const byRegex = (s: string): string[] => {
    const re = new RegExp(TIME_RE.source, 'g');
    const out: string[] = [];
    for (let m = re.exec(s); m !== null; m = re.exec(s)) out.push(`${m.index}:${m[0]}`);
    return out;
  };
  const byMentions = (s: string): string[] => timeMentions(s, '2023-05-10').map((t) => `${t.start}:${s.slice(t.start, t.end)}`);
  it('finds what the global regex finds, on chosen cases', () => {
    for (const s of [
      '',
      '年',
      '年年年',
      '截止到2023年底,去年一季度',
      '截至去年底全省5G基站6万多个,今年1-7月份新增',
      '到2025年、到明年底,2018年的42亿元猛增到去年的604亿元',
      '从从2020年年底到至今年上半年',
      '12023年',
      '于于于于2022年',
      '截止到截止到2021年前三季度',
    ]) {
      assert.deepEqual(byMentions(s), byRegex(s), s);
    }
  });
  it('finds what the global regex finds, on every seed passage and on 20,000 strings of time words', () => {
    let found = 0;
    for (const p of seedCorpus().passages) {
      const want = byRegex(p.text);
      found += want.length;
      assert.deepEqual(byMentions(p.text), want, p.text);
    }
    assert.ok(found >= 40, `only ${found} time mentions in the seeds`);
    // Strings made of the pieces of TIME_RE and other text, from a fixed seed (reproducible).
    const pieces = ['截至', '截止到', '截止', '到', '至', '于', '从', '在', '去年', '今年', '明年', '年', '年底', '底', '末', '2023', '19', '20', '1', '季度', '一', '上', '下', '半年', '前三季度', '-', '7', '月', '份', '规模', ',', '。'];
    let hits = 0;
    for (const s of pieceStrings(pieces, 20_000, 12345)) {
      const want = byRegex(s);
      hits += want.length;
      assert.deepEqual(byMentions(s), want, s);
    }
    assert.ok(hits > 5_000, `only ${hits} mentions in the random strings`);
  });
});

// Strings made of the given pieces, from a fixed seed (reproducible).
function pieceStrings(pieces: string[], count: number, seed: number, maxPieces = 12): string[] {
  let x = seed;
  const rnd = (n: number) => ((x = (x * 1103515245 + 12345) >>> 0) >>> 8) % n;
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    let s = '';
    for (let n = rnd(maxPieces); n >= 0; n--) s += pieces[rnd(pieces.length)];
    out.push(s);
  }
  return out;
}

describe('verbAt and lastVerb (VERB_RE without the regex)', () => {
  const at = new RegExp(VERB_RE.source, 'y');
  const byRegexAt = (s: string, i: number): number => {
    at.lastIndex = i;
    return at.test(s) ? at.lastIndex : -1;
  };
  const lastByRegex = (s: string): [number, number] | null => {
    const re = new RegExp(VERB_RE.source, 'g');
    let found: [number, number] | null = null;
    for (let m = re.exec(s); m !== null; m = re.exec(s)) found = [m.index, m.index + m[0].length];
    return found;
  };
  const pieces = ['新培育', '培育', '建成开通', '建成', '开通', '达到', '达', '到', '了', '至', '为', '作为', '成为', '是', '还是', '一是', '有', '有效', '有的', '拥有', '位居', '居', '占', '梳理提出', '提出', '累计应用', '应用', '5G基站', '企业', ',', '的'];
  const strings = [...seedCorpus().passages.map((p) => p.text), ...pieceStrings(pieces, 20_000, 777)];
  it('verbAt ends where the sticky regex ends, at every position', () => {
    let hits = 0;
    for (const s of strings) {
      for (let i = 0; i <= s.length; i++) {
        const want = byRegexAt(s, i);
        if (want >= 0) hits++;
        assert.equal(verbAt(s, i), want, `${s} @${i}`);
      }
    }
    assert.ok(hits > 10_000, `only ${hits} verbs`);
  });
  it('lastVerb is the last match of the global regex, on every prefix', () => {
    let found = 0;
    for (const s of strings.slice(0, 3000)) {
      for (let i = 0; i <= s.length; i++) {
        const t = s.slice(0, i);
        const want = lastByRegex(t);
        if (want) found++;
        assert.deepEqual(lastVerb(t), want, t);
      }
    }
    assert.ok(found > 10_000, `only ${found}`);
  });
  it('reads 建成开通 as one verb, and keeps the guards of 为, 是 and 有', () => {
    assert.deepEqual(lastVerb('建成开通'), [0, 4]);
    assert.equal(lastVerb('作为'), null);
    assert.equal(lastVerb('还是'), null);
    assert.equal(lastVerb('有效'), null);
    assert.deepEqual(lastVerb('企业有'), [2, 3]);
    assert.deepEqual(lastVerb('规模达到了'), [2, 5]); // 达到 and its 了
  });
});

describe('the anchored tests without their regexes', () => {
  const pieces = ['以上', '左右', '之多', '之', '多', '余', '的', '在', '对', '由', '从', '向', '围绕', '面向', '于', '新', '增', '建', '培育', '开通', '认定', ' ', '\u3000', '\t', '企业', '了', '达到', '达', '超过', '不少于', '数量', '同比', ',', '、'];
  const strings = [...seedCorpus().passages.map((p) => p.text), ...pieceStrings(pieces, 20_000, 4242, 6)];
  const suffixes = (s: string) => [s, s.slice(1), s.slice(2), s.slice(-6), s.slice(-3), s.slice(0, 4)];
  it('isAttributive, isPrepositional, rightLead, isNewVerb and stripTrailFiller agree with their regexes', () => {
    let yes = 0;
    for (const whole of strings) {
      for (const s of suffixes(whole)) {
        const attributive = /^(?:以上|左右|多|余)?的/.test(s);
        if (attributive) yes++;
        assert.equal(isAttributive(s), attributive, s);
        assert.equal(isPrepositional(s), /^(?:在|对|由|从|向|围绕|面向|于)/.test(s.trim()), s);
        assert.equal(s.slice(rightLead(s)), s.replace(/^(?:以上|左右|之多|多|余)?(?:的|之)?/, ''), s);
        assert.equal(stripTrailFiller(s), s.replace(TRAIL_FILLER, ''), s);
        for (let a = 0; a <= Math.min(s.length, 3); a++) {
          for (let b = a; b <= Math.min(s.length, a + 4); b++) assert.equal(isNewVerb(s, a, b), /^新(增|建|培育|开通|认定)/.test(s.slice(a, b)), `${s} ${a} ${b}`);
        }
      }
    }
    assert.ok(yes > 500, `only ${yes}`);
  });
});

describe('SCAN tried only where a match can start, SKIPPED_LINE and baseKey without their regexes', () => {
  const passages = seedCorpus().passages.map((p) => p.text);
  it('every match of the global SCAN starts with a character canStartScan accepts', () => {
    const extra = pieceStrings(['“5351”', '《2023-2025》', '"2+6+N"', '〔2022〕', '首位', '百分之五十', '三分之一', '１２', '6万多个', '一', '两', '十几', '幾', '企业', '约', '1/3', 'x'], 20_000, 99);
    let n = 0;
    for (const s of [...passages, ...extra]) {
      const re = new RegExp(SCAN.source, 'g');
      for (let m = re.exec(s); m !== null; m = re.exec(s)) {
        n++;
        assert.ok(canStartScan(s.charCodeAt(m.index)), `${s} @${m.index}`);
      }
    }
    assert.ok(n > 20_000, `only ${n} matches`);
  });
  it('canStartScan refuses characters no match starts with (the test can fail)', () => {
    for (const c of '企业年的,。万亿元个%') assert.equal(canStartScan(c.charCodeAt(0)), false, c);
  });
  it('isSkippedLine is SKIPPED_LINE.test, and baseKey drops a trailing #n only', () => {
    const lines = ['```ts', '  ```', '<!-- x -->', '| --- | --- |', '|---|', ' - - -', '---', '  -- ', '-', '- 列表', '|a|', '<b>', '`x`', '\u3000---', '', ' ', '正文 ---', ...passages];
    for (const l of lines) assert.equal(isSkippedLine(l), SKIPPED_LINE.test(l), JSON.stringify(l));
    for (const k of ['比例#2', '比例#12', '比例#', '比例#x2', '#3', '比例2', '', 'a#1#2', '#', '5G基站']) assert.equal(baseKey(k), k.replace(/#\d+$/, ''), k);
  });
});

describe('bareNumberEnd (numbers parseQuantities passes over without running SCAN)', () => {
  // What SCAN does at p: no match, or a match with no group but the number's (4).
  const at = new RegExp(SCAN.source, 'y');
  const bareOrNone = (s: string, p: number, end: number): boolean => {
    at.lastIndex = p;
    const m = at.exec(s);
    if (m === null) return true;
    return m.index === p && m[0].length === end - p && m.every((g, i) => i === 0 || i === 4 || g === undefined);
  };
  it('on every seed passage and generated string: a bare number is matched whole with no other group, or not at all', () => {
    const extra = pieceStrings(['12', '２０２２', '十', '二十三', '一', '几', '年', '个', '万', '多', '分之', '/', '.', ',', '-', '至', ' ', '以上', '点', '五', 'G', '月', '家', '的'], 20_000, 2024, 8);
    let bare = 0;
    for (const s of [...seedCorpus().passages.map((p) => p.text), ...extra]) {
      for (let p = 0; p < s.length; p++) {
        if (!canStartScan(s.charCodeAt(p))) continue;
        const j = bareNumberEnd(s, p);
        if (j < 0) continue;
        bare++;
        assert.ok(bareOrNone(s, p, j), `${s} @${p}..${j}`);
        // Without a match at p (the look-behind of an Arabic number), none inside the number
        // either: the scan goes on at its end.
        at.lastIndex = p;
        if (!at.test(s)) {
          for (let q = p + 1; q < j; q++) {
            at.lastIndex = q;
            assert.ok(!at.test(s), `${s} @${p}..${j} (${q})`);
          }
        }
      }
    }
    assert.ok(bare > 10_000, `only ${bare}`);
  });
  it('after a number, every character outside the continuation set ends it (all 65,536 code units)', () => {
    for (let c = 0; c <= 0xffff; c++) {
      for (const num of ['12', '十二']) {
        for (const tail of ['', '之一', '3个', '方米', '百分点', '(套)', '游']) {
          const s = num + String.fromCharCode(c) + tail;
          if (bareNumberEnd(s, 0) !== num.length) continue;
          assert.ok(bareOrNone(s, 0, num.length), `${c.toString(16)}: ${s}`);
        }
      }
    }
  });
  it('is -1 where the number goes on (the test can fail)', () => {
    for (const s of ['12个', '12.5', '1,000', '3分之1', '6万', '6多', '2-3', '10 个', '十二个', '三分之一', '两点五', '12以上', '2022']) {
      const want = s === '2022' ? 4 : -1;
      assert.equal(bareNumberEnd(s, 0), want, s);
    }
  });
});

describe('stripTime (no memo lookup without 年, 前 or 阶)', () => {
  it('is the two replaces, on every prefix of every seed passage and on generated strings', () => {
    const strip = (s: string) => s.replace(TIME_RE, '').replace(/截至目前|截止目前|目前|当前|现阶段/g, '');
    const extra = pieceStrings(['截至', '目前', '当前', '现阶段', '去年', '2023年', '年', '前', '阶段', '企业', '规模', '到'], 5_000, 31, 6);
    let changed = 0;
    for (const whole of [...seedCorpus().passages.map((p) => p.text), ...extra]) {
      for (let i = 0; i <= whole.length; i += 3) {
        const s = whole.slice(0, i);
        const want = strip(s);
        if (want !== s) changed++;
        assert.equal(stripTime(s), want, s);
      }
    }
    assert.ok(changed > 1_000, `only ${changed}`);
  });
});

describe('no character read past the end of a string', () => {
  // charCodeAt past the end gives NaN, which compares false, so the answers do not show it; but
  // TurboFan compiles charCodeAt for in-bounds indices only, and the first read past the end
  // throws the enclosing function's optimised code away (an empty `rightFull` at the end of a
  // clause did so to findIndicator, isPrepositional, rightLead, rightNounPhrase and verbAt in
  // every process, for a second compile of 20–40 ms during its first checks and builds).
  it('holds while figures are extracted from the seeds and every test draft (and a line of spaces) is checked', () => {
    const reads: string[] = [];
    const charCodeAt = String.prototype.charCodeAt;
    let figures = 0;
    // eslint-disable-next-line no-extend-native
    String.prototype.charCodeAt = function (this: string, i: number): number {
      if (!(i >= 0 && i < this.length) && reads.length < 5) reads.push(`${JSON.stringify(this.slice(-12))} @${i}: ${new Error().stack?.split('\n')[2]?.trim()}`);
      return charCodeAt.call(this, i);
    };
    try {
      const { docs, passages } = seedCorpus();
      figures += extractOfficialFigures(docs, passages).length;
      const index = loadCorpus({}).index;
      const dir = path.join(ROOT, 'test', 'fixtures', 'drafts');
      for (const f of [...fs.readdirSync(dir).filter((n) => n.endsWith('.md')).map((n) => path.join(dir, n)), path.join(ROOT, 'examples', 'draft.md')]) {
        figures += createLanguageService(index).check(fs.readFileSync(f, 'utf8')).summary.figures;
      }
      // Lines the fixtures lack: blank but for spaces (a line of a draft is never empty when
      // analysed, but it may hold nothing else), and a figure ending its line.
      figures += createLanguageService(index).check('   \n\u3000\n江西省智能装备企业达到206家\n').summary.figures;
    } finally {
      // eslint-disable-next-line no-extend-native
      String.prototype.charCodeAt = charCodeAt;
    }
    assert.ok(figures > 180, `only ${figures} figures`);
    assert.deepEqual(reads, []);
  });
});
