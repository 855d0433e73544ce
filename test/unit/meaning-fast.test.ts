// The cheap tests that guard the meaning regexes (see meaning.ts): each must hold wherever its
// regex matches, or a figure's meaning changes.
import assert from 'node:assert/strict';
import { endsLikeGrowth, endsWithTimeDe, indicatorKey, isJsSpace, TIME_RE, timeMentions } from '../../src/engine/figures/meaning';
import { seedCorpus } from './seeds';

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

describe('isJsSpace and indicatorKey', () => {
  it('isJsSpace is exactly /\\s/ on every UTF-16 code unit', () => {
    for (let c = 0; c <= 0xffff; c++) assert.equal(isJsSpace(c), /\s/.test(String.fromCharCode(c)), c.toString(16));
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
    let x = 12345;
    const rnd = (n: number) => ((x = (x * 1103515245 + 12345) >>> 0) >>> 8) % n;
    let hits = 0;
    for (let k = 0; k < 20_000; k++) {
      let s = '';
      for (let n = rnd(12); n >= 0; n--) s += pieces[rnd(pieces.length)];
      const want = byRegex(s);
      hits += want.length;
      assert.deepEqual(byMentions(s), want, s);
    }
    assert.ok(hits > 5_000, `only ${hits} mentions in the random strings`);
  });
});
