// Re-checks with a warm language service (its LineCache holds the lines of earlier versions of the
// draft) must give exactly what a fresh check of the same text gives, whatever the edit: lines
// inserted or deleted (every later line number shifts), a paragraph edited in the middle, front
// matter changing the region or the date (every line's meaning changes), a switch of script.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CorpusIndex } from '../../src/engine/corpusIndex';
import { checkDraft, draftFigures, FigureMatcher, LineCache, normalizeDraft, type CheckOptions, type CheckResult } from '../../src/engine/figures/check';
import { loadCorpus } from '../../src/engine/load';
import { timeMentions, timeMentionsIn } from '../../src/engine/figures/meaning';
import { normalize, toTraditionalConverter } from '../../src/engine/normalize';
import { sentenceSpans } from '../../src/engine/passages';
import { createLanguageService } from '../../src/engine/service';
import { ROOT, SEEDS } from './seeds';

const FIX = path.join(ROOT, 'test', 'fixtures', 'drafts');
const DRAFTS: [string, string][] = [
  ...fs
    .readdirSync(FIX)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f): [string, string] => [f, fs.readFileSync(path.join(FIX, f), 'utf8')]),
  ['examples/draft.md', fs.readFileSync(path.join(ROOT, 'examples', 'draft.md'), 'utf8')],
];

let index: CorpusIndex;
before(() => {
  index = loadCorpus({ noCache: true }).index;
});

/** The warm result must equal a fresh check's, key order included (the CLI prints it as JSON). */
function assertSameAsFresh(warm: CheckResult, draft: string, opts: CheckOptions, what: string): void {
  const fresh = checkDraft(draft, index, opts);
  assert.deepStrictEqual(warm, fresh, what);
  assert.equal(JSON.stringify(warm), JSON.stringify(fresh), what);
}

// Each edit takes the current text and returns the next one; they are applied one after another.
const lines = (s: string) => s.split('\n');
const bodyStart = (s: string) => /^---\n[\s\S]*?\n---\n/.exec(s)?.[0].length ?? 0;
const figureLines = (s: string) =>
  lines(s)
    .map((l, i) => [l, i] as const)
    .filter(([l], i) => i > 0 && /\d/.test(l) && !/^(date|region):/.test(l))
    .map(([, i]) => i);

const EDITS: [string, (s: string) => string][] = [
  [
    'a line with a figure inserted after the title (every later line shifts down)',
    (s) => {
      const ls = lines(s);
      const at = ls.findIndex((l, i) => i >= lines(s.slice(0, bodyStart(s))).length - 1 && l.startsWith('#'));
      ls.splice(at + 1, 0, '', '截至去年底,累计建成开通5G基站20.2万个。');
      return ls.join('\n');
    },
  ],
  [
    'a line with figures deleted in the middle (every later line shifts up)',
    (s) => {
      const fl = figureLines(s);
      const ls = lines(s);
      if (fl.length) ls.splice(fl[fl.length >> 1], 1);
      return ls.join('\n');
    },
  ],
  [
    'a character typed after a sentence in the middle of a paragraph',
    (s) => {
      const at = s.indexOf('。', s.length >> 1) + 1 || s.length;
      return s.slice(0, at) + '的' + s.slice(at);
    },
  ],
  [
    'a number changed (a figure that agreed may now conflict, or contradict an earlier one)',
    (s) => {
      const fl = figureLines(s);
      const ls = lines(s);
      const i = fl[fl.length >> 2] ?? 0;
      ls[i] = ls[i].replace(/\d/, (d) => String((Number(d) + 3) % 10));
      return ls.join('\n');
    },
  ],
  [
    'the first and last figure lines swapped (which statement of a slot comes first changes)',
    (s) => {
      const fl = figureLines(s);
      const ls = lines(s);
      const [a, b] = [fl[0] ?? 0, fl[fl.length - 1] ?? 0];
      [ls[a], ls[b]] = [ls[b], ls[a]];
      return ls.join('\n');
    },
  ],
  [
    'the same figure line stated twice with another value (in-draft inconsistency)',
    (s) => {
      const fl = figureLines(s);
      const ls = lines(s);
      const l = ls[fl[0] ?? 0];
      ls.push('', l.replace(/\d+/, (d) => String(Number(d) * 2 + 1)));
      return ls.join('\n');
    },
  ],
  [
    'front matter region changed (or added)',
    (s) => {
      if (/^region:/m.test(s.slice(0, bodyStart(s)))) return s.replace(/^region: *(.*)$/m, (_l, r: string) => `region: ${/山|東|东/.test(r) ? '江西' : '山东'}`);
      return `---\nregion: 山东\n---\n${s}`;
    },
  ],
  ['front matter date changed (去年, 今年 mean other years)', (s) => s.replace(/^date: *\d{4}/m, (d) => d.replace(/\d{4}$/, (y) => String(Number(y) + 1)))],
  ['front matter removed (region and date inferred from the text)', (s) => s.slice(bodyStart(s))],
  ['a code fence and a comment inserted', (s) => s.replace('\n', '\n```\n到2025年达到100家\n```\n<!-- 2000个 -->\n')],
  ['converted to Traditional script', (s) => toTraditionalConverter()(s)],
  ['CRLF line ends', (s) => s.replace(/\r?\n/g, '\r\n')],
  ['back to LF', (s) => s.replace(/\r\n/g, '\n')],
];

describe('incremental re-check (LineCache) gives what a fresh check gives', () => {
  for (const [name, original] of DRAFTS) {
    it(`${name}: after each of ${EDITS.length} edits, and back to the original`, () => {
      const svc = createLanguageService(index);
      const opts: CheckOptions = { defaultRegion: '江西', defaultDate: '2023-05-01' };
      let text = original;
      assertSameAsFresh(svc.check(text, opts), text, opts, 'first check');
      for (const [what, edit] of EDITS) {
        text = edit(text);
        assertSameAsFresh(svc.check(text, opts), text, opts, what);
      }
      assertSameAsFresh(svc.check(original, opts), original, opts, 'back to the original');
    });
  }

  it('drafts checked in turn by one service (the editor with several open drafts)', () => {
    const svc = createLanguageService(index);
    for (let round = 0; round < 2; round++) {
      for (const [name, text] of DRAFTS) {
        const edited = round ? text.replace(/\d/, '9') : text;
        assertSameAsFresh(svc.check(edited), edited, {}, `${name}, round ${round}`);
      }
    }
  });

  it('reviewed marks that depend on the line number follow the line after lines shift', () => {
    const svc = createLanguageService(index);
    const draft = DRAFTS.find(([n]) => n === 'examples/draft.md')![1];
    const opts: CheckOptions = { reviewed: (f) => f.line % 3 === 0 };
    assertSameAsFresh(svc.check(draft, opts), draft, opts, 'first check');
    const shifted = draft.replace('\n', '\n\n');
    assertSameAsFresh(svc.check(shifted, opts), shifted, opts, 'one line inserted');
  });

  it('finds exactly the figures the whole-draft extraction (draftFigures) finds, at the same places', () => {
    for (const [name, text] of [...DRAFTS, ['traditional examples/draft.md', toTraditionalConverter()(DRAFTS[DRAFTS.length - 1][1])] as [string, string]]) {
      const r = checkDraft(text, index);
      const ref = draftFigures(text);
      assert.deepStrictEqual(r.draft, ref.info, name);
      assert.deepStrictEqual(
        r.figures.map((f) => [f.text, f.line, f.column, f.endLine, f.endColumn, f.meaning, f.stated]),
        ref.figures.map((f) => [f.text, f.pos.line, f.pos.column, f.endPos.line, f.endPos.column, f.meaning, { low: f.low, high: f.high, unit: f.unit, value: f.value, qualifier: f.qualifier, kind: f.kind }]),
        name,
      );
    }
  });

  it('front matter that normalisation shortens (a pinyin annotation) is checked without the cache, correctly', () => {
    const draft = '---\ntitle: 数字(shù)经济\nregion: 江西\ndate: 2023-05-10\n---\n截至去年底,累计建成开通5G基站6.5万个。\n';
    const svc = createLanguageService(index);
    assertSameAsFresh(svc.check(draft), draft, {}, 'pinyin in front matter');
    const ref = draftFigures(draft);
    assert.deepStrictEqual(
      svc.check(draft).figures.map((f) => [f.text, f.line, f.column]),
      ref.figures.map((f) => [f.text, f.pos.line, f.pos.column]),
    );
  });

  it('re-uses the lines of the previous version (the cache is used at all)', () => {
    const cache = new LineCache();
    const matcher = new FigureMatcher(index, cache);
    const draft = DRAFTS.find(([n]) => n === 'examples/draft.md')![1];
    checkDraft(draft, index, {}, matcher);
    const before = cache.count;
    assert.ok(before > 10, `${before} lines cached`);
    const at = bodyStart(draft);
    checkDraft(`${draft.slice(0, at)}新增一行,培育50个创新实验室。\n${draft.slice(at)}`, index, {}, matcher);
    assert.equal(cache.count, before + 1, 'only the new line was analysed');
  });

  it('a full slot memo goes with the cached lines that refer to it, between checks', () => {
    // One slot at most: the memo is cleared before every check. A cached line that kept the old
    // slot object would no longer meet the edited line's figure in the same slot.
    const two = '---\nregion: 江西\ndate: 2023-05-10\n---\n全省共有智慧工地示范项目12个。\n\n全省共有智慧工地示范项目15个。\n';
    const one = new FigureMatcher(index, new LineCache(), 1);
    const first = checkDraft(two, index, {}, one);
    assert.deepEqual(first.figures.map((f) => f.code), ['figure.unmatched', 'figure.inconsistent']);
    const edited = two.replace('15个', '16个');
    assertSameAsFresh(checkDraft(edited, index, {}, one), edited, {}, 'second statement edited');
    assert.equal(checkDraft(edited, index, {}, one).figures[1].code, 'figure.inconsistent');
    // Five slots at most, on the real drafts.
    const matcher = new FigureMatcher(index, new LineCache(), 5);
    for (const [name, original] of DRAFTS) {
      let text = original;
      for (const [what, edit] of EDITS.slice(0, 6)) {
        text = edit(text);
        assertSameAsFresh(checkDraft(text, index, {}, matcher), text, {}, `${name}: ${what}`);
      }
    }
  });

  it('stays within its bound: lines the latest check did not use go once it is over', () => {
    const cache = new LineCache(20);
    const matcher = new FigureMatcher(index, cache);
    for (const [, text] of DRAFTS) checkDraft(text, index, {}, matcher);
    const last = DRAFTS[DRAFTS.length - 1][1];
    const used = new Set(last.split('\n').filter((l) => l.length > 0)).size;
    assert.ok(cache.count <= Math.max(20, used), `${cache.count} lines cached`);
    assertSameAsFresh(checkDraft(last, index, {}, matcher), last, {}, 'after eviction');
  });
});

describe('normalisation of an edited draft by its changed lines (normalizeDraft)', () => {
  const EXTRA: [string, (s: string) => string][] = [
    ['a newline typed at the very start', (s) => '\n' + s],
    ['the first character deleted', (s) => s.slice(1)],
    ['a pinyin annotation typed (characters removed by normalisation)', (s) => s.replace('。', '数字(shù)。')],
    ['the annotation deleted again', (s) => s.replace('数字(shù)', '')],
    ['full-width digits and punctuation typed', (s) => s.replace('。', '，１２３４５６个。')],
    ['a Traditional paragraph pasted in the middle', (s) => { const i = s.length >> 1; return s.slice(0, i) + '\n' + toTraditionalConverter()(s) + '\n' + s.slice(i); }],
    ['the pasted paragraph removed', (s) => s.slice(0, s.length >> 2)],
    ['a newline typed at the end', (s) => s + '\n'],
    ['everything deleted', () => ''],
    ['typed again from nothing', () => '截至去年底,累计建成开通5G基站20.2万个。\n'],
  ];
  for (const [name, original] of DRAFTS) {
    it(`${name}: equals normalize() after each edit`, () => {
      const cache = new LineCache();
      let text = original;
      assert.deepStrictEqual(normalizeDraft(text, cache), normalize(text), 'first');
      for (const [what, edit] of [...EDITS, ...EXTRA]) {
        text = edit(text);
        assert.deepStrictEqual(normalizeDraft(text, cache), normalize(text), what);
      }
    });
  }

  it('a normalisation that kept the previous version is caught (the test can fail)', () => {
    const cache = new LineCache();
    const draft = DRAFTS[DRAFTS.length - 1][1];
    normalizeDraft(draft, cache);
    // A stale record: the draft before, but claiming to be this one.
    const edited = draft.replace('。', '，。');
    cache.lastNormalized = { original: edited, text: normalize(draft).text };
    assert.throws(() => assert.deepStrictEqual(normalizeDraft(edited, cache), normalize(edited)), assert.AssertionError);
  });
});

describe("a sentence's time mentions from its line's (timeMentionsIn)", () => {
  it('equal timeMentions of the sentence alone, for every sentence of the seeds and drafts', () => {
    const texts = [
      ...fs.readdirSync(SEEDS).map((f) => path.join(SEEDS, f)).filter((f) => fs.statSync(f).isFile()).map((f) => fs.readFileSync(f, 'utf8')),
      ...DRAFTS.map(([, t]) => t),
      // Time words against every kind of sentence boundary, and a long sentence cut at a comma.
      '截至去年底。在2023年底,到明年底;今年1-7月份! 至2025年?前三季度“2022年上半年”。\n' + '2023年'.repeat(40) + ',去年' + '今年'.repeat(100),
    ];
    let n = 0;
    for (const t of texts) {
      const text = normalize(t).text;
      for (const line of text.split('\n')) {
        for (const date of ['2023-05-10', null]) {
          const lineTimes = timeMentions(line, date);
          for (const sp of sentenceSpans(line, 0, line.length)) {
            const alone = timeMentions(line.slice(sp.start, sp.end), date);
            assert.deepStrictEqual(timeMentionsIn(lineTimes, sp.start, sp.end), alone, line.slice(sp.start, sp.end));
            n += alone.length;
          }
        }
      }
    }
    assert.ok(n > 100, `${n} mentions`);
  });
});

describe('the identity check catches a stale cache', () => {
  // Deliberately broken caches: if the comparison above could not tell them from the real one,
  // it would prove nothing.
  const draft = DRAFTS.find(([n]) => n === 'examples/draft.md')![1];

  it('a cache that ignores the context (region, date, script) is caught after a front matter edit', () => {
    class ContextBlind extends LineCache {
      override begin(_context: string) {
        return super.begin('one context for all');
      }
    }
    const matcher = new FigureMatcher(index, new ContextBlind());
    checkDraft(draft, index, {}, matcher);
    const edited = draft.replace(/^region: *.*$/m, 'region: 山东');
    assert.throws(() => assertSameAsFresh(checkDraft(edited, index, {}, matcher), edited, {}, 'region edit'), assert.AssertionError);
  });

  it('a cache that serves an edited line its previous version is caught after a number edit', () => {
    // Lines found by index alone, as if the draft had not changed: what a cache keyed by line
    // number would do.
    class ByLineNumber extends LineCache {
      current = '';
      override begin(context: string) {
        const r = super.begin(context);
        return { ...r, last: r.last && { original: this.current, entries: r.last.entries } };
      }
    }
    const cache = new ByLineNumber();
    const matcher = new FigureMatcher(index, cache);
    checkDraft(draft, index, {}, matcher);
    // The first consistent figure, stated with another value.
    const f = checkDraft(draft, index).figures.find((x) => x.status === 'consistent')!;
    const ls = draft.split('\n');
    const l = ls[f.line - 1];
    ls[f.line - 1] = l.slice(0, f.column - 1) + `${f.stated.value * 3 + 7}${f.stated.unit}` + l.slice(f.endColumn - 1);
    const edited = ls.join('\n');
    cache.current = edited;
    assert.throws(() => assertSameAsFresh(checkDraft(edited, index, {}, matcher), edited, {}, 'number edit'), assert.AssertionError);
  });

  it('lines found by position one line off are caught after a line is inserted', () => {
    // The lines after an edit are found by their index in the previous draft, shifted by the
    // change in line count; a shift that is one off serves each line its neighbour's figures.
    class OffByOne extends LineCache {
      override remember(context: string, original: string, entries: Parameters<LineCache['remember']>[2]) {
        super.remember(context, original, [...entries.slice(1), undefined]);
      }
    }
    // A draft whose figure lines follow each other (no blank line in between to land on).
    const draft = DRAFTS.find(([n]) => n === 'shandong-traditional.md')![1];
    const matcher = new FigureMatcher(index, new OffByOne());
    checkDraft(draft, index, {}, matcher);
    const at = bodyStart(draft);
    const edited = `${draft.slice(0, at)}\n${draft.slice(at)}`;
    assert.throws(() => assertSameAsFresh(checkDraft(edited, index, {}, matcher), edited, {}, 'line inserted'), assert.AssertionError);
    // The same edit with the real cache is fine.
    const good = new FigureMatcher(index);
    checkDraft(draft, index, {}, good);
    assertSameAsFresh(checkDraft(edited, index, {}, good), edited, {}, 'line inserted');
  });
});
