// The editor layer's pure helpers (no vscode import): webview message validation and highlight
// runs, paragraph at cursor, script guess, reviewed-store keys, citation placement, report
// rendering, paths, debouncing, corpus summary rows.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadCorpus } from '../../src/engine/load';
import { createLanguageService } from '../../src/engine/service';
import { alreadyCited, citationOffset, citationText } from '../../src/editor/pure/citation';
import { KeyedDebouncer } from '../../src/editor/pure/debounce';
import { figureAtPosition, findingsOf } from '../../src/editor/pure/figures';
import { highlightSegments, parseFromWebview } from '../../src/editor/pure/messages';
import { linesOf, paragraphAt } from '../../src/editor/pure/paragraph';
import { excludedFromWorkspaceCheck, isDraftFile, resolveCorpusFolders, resolveSourcePath } from '../../src/editor/pure/paths';
import { buildReport, htmlEscape, isReportText, mdEscape, renderHtml, renderMarkdown, totals } from '../../src/editor/pure/report';
import { addReviewed, parseReviewed, reviewedKey, reviewedSet, serializeReviewed } from '../../src/editor/pure/reviewed';
import { guessScript, scriptFor } from '../../src/editor/pure/script';
import { statusText, summaryRows } from '../../src/editor/pure/summary';

const DRAFT = `---
region: 江西
date: 2023-05-01
---
# 江西省做优做强数字经济实施方案

## 一、工作基础

扎实推进智能制造“万千百十”工程，累计应用智能装备18726台(套)，智能装备企业260家，创建智能制造基地12家。
`;

describe('editor: webview messages', () => {
  it('accepts exactly the known messages and drops bad fields', () => {
    assert.deepEqual(parseFromWebview({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseFromWebview({ type: 'search', text: '数字经济' }), { type: 'search', text: '数字经济' });
    assert.deepEqual(parseFromWebview({ type: 'open', source: 'seeds/000.txt', line: 38, column: 114 }), { type: 'open', source: 'seeds/000.txt', line: 38, column: 114 });
    assert.deepEqual(parseFromWebview({ type: 'open', source: 's.txt', line: 38, column: 58, endLine: 38, endColumn: 131 }), { type: 'open', source: 's.txt', line: 38, column: 58, endLine: 38, endColumn: 131 });
    // An end before the start is dropped, the message kept.
    assert.deepEqual(parseFromWebview({ type: 'open', source: 's.txt', line: 38, column: 58, endLine: 37, endColumn: 1 }), { type: 'open', source: 's.txt', line: 38, column: 58 });
    assert.equal(parseFromWebview({ type: 'open', source: 'seeds/000.txt', line: '38', column: 1 }), null);
    assert.equal(parseFromWebview({ type: 'open', source: 'seeds/000.txt', line: 0, column: 1 }), null);
    assert.equal(parseFromWebview({ type: 'open', source: '', line: 1, column: 1 }), null);
    assert.equal(parseFromWebview({ type: 'search', text: 5 }), null);
    assert.equal(parseFromWebview({ type: 'eval', code: 'x' }), null);
    assert.equal(parseFromWebview(null), null);
    assert.equal(parseFromWebview('ready'), null);
  });

  it('caps a pasted search at 2000 characters', () => {
    const m = parseFromWebview({ type: 'search', text: '数'.repeat(5000) });
    assert.equal(m?.type === 'search' && m.text.length, 2000);
  });

  it('splits text into highlight runs, longest term first, without overlaps', () => {
    const segs = highlightSegments('智能装备企业206家,智能制造基地12家', ['智能', '智能装备', '企业']);
    // Adjacent hits (智能装备 + 企业) form one run.
    assert.deepEqual(segs, [
      { t: '智能装备企业', hit: true },
      { t: '206家,', hit: false },
      { t: '智能', hit: true },
      { t: '制造基地12家', hit: false },
    ]);
    assert.equal(segs.map((s) => s.t).join(''), '智能装备企业206家,智能制造基地12家');
    // Corpus text that looks like markup stays text: runs carry it verbatim for textContent.
    assert.deepEqual(highlightSegments('<img src=x onerror=alert(1)>', ['img']), [
      { t: '<', hit: false },
      { t: 'img', hit: true },
      { t: ' src=x onerror=alert(1)>', hit: false },
    ]);
    assert.deepEqual(highlightSegments('', ['a']), []);
    assert.deepEqual(highlightSegments('abc', []), [{ t: 'abc', hit: false }]);
  });
});

describe('editor: paragraph at cursor', () => {
  const lines = linesOf(DRAFT.split('\n'));
  it('is the run of non-blank lines around the cursor', () => {
    const p = paragraphAt(lines, 8);
    assert.ok(p);
    assert.equal(p.start, 8);
    assert.match(p.text, /智能装备企业260家/);
  });
  it('never returns front matter; a heading stands alone without its #', () => {
    assert.equal(paragraphAt(lines, 1), null);
    assert.deepEqual(paragraphAt(lines, 6), { start: 6, end: 6, text: '一、工作基础' });
    assert.equal(paragraphAt(lines, 7), null);
  });
  it('joins wrapped lines and caps the query length', () => {
    const p = paragraphAt(linesOf(['第一行', '第二行', '', '第三行']), 1);
    assert.deepEqual(p, { start: 0, end: 1, text: '第一行\n第二行' });
    const long = paragraphAt(linesOf(['数'.repeat(5000)]), 0);
    assert.equal(long?.text.length, 1500);
  });
});

describe('editor: script guess', () => {
  it('tells Traditional from Simplified drafts cheaply', () => {
    assert.equal(guessScript('全省數字經濟高質量發展工作會議召開'), 'traditional');
    assert.equal(guessScript('全省数字经济高质量发展工作会议召开'), 'simplified');
    assert.equal(guessScript('gfsd'), 'simplified');
    assert.equal(scriptFor('traditional', '数字经济'), 'traditional');
    assert.equal(scriptFor('auto', '數字經濟'), 'traditional');
  });
});

describe('editor: reviewed store', () => {
  it('keys by draft path + figure + indicator (not by line)', () => {
    assert.equal(reviewedKey('./drafts\\a.md', ' 260家 ', '智能装备企业'), reviewedKey('drafts/a.md', '260家', '智能装备企业'));
    assert.notEqual(reviewedKey('a.md', '260家', '智能装备企业'), reviewedKey('a.md', '260家', '专精特新企业'));
    assert.notEqual(reviewedKey('a.md', '260家', 'x'), reviewedKey('b.md', '260家', 'x'));
  });
  it('round-trips, dedupes and keeps good entries of a hand-broken file', () => {
    let e = addReviewed([], { draft: 'a.md', figure: '260家', indicator: '智能装备企业', at: '2024-01-01T00:00:00Z' });
    e = addReviewed(e, { draft: 'a.md', figure: '260家', indicator: '智能装备企业' });
    assert.equal(e.length, 1);
    const text = serializeReviewed(e);
    assert.match(text, /"version": 1/);
    assert.deepEqual(parseReviewed(text), e);
    assert.deepEqual(parseReviewed('{"reviewed":[{"draft":"b.md","figure":"1家"},{"oops":1},7]}'), [{ draft: 'b.md', figure: '1家', indicator: '' }]);
    assert.deepEqual(parseReviewed('not json'), []);
    assert.ok(reviewedSet(e).has(reviewedKey('a.md', '260家', '智能装备企业')));
  });
});

describe('editor: citation quick fix', () => {
  const src = { issuer: '山东省人民政府新闻办公室', title: '山东将重点谋划实施六项行动', date: '2023-01-14' };
  it('follows the line punctuation style', () => {
    assert.equal(citationText(src, '工业互联网平台达到200个,'), '(来源:山东省人民政府新闻办公室,2023-01-14)');
    assert.equal(citationText(src, '工业互联网平台达到200个，'), '（来源：山东省人民政府新闻办公室，2023-01-14）');
    assert.equal(citationText({ issuer: null, title: 'T', date: null }, 'x,'), '(来源:《T》)');
  });
  it('goes before the full stop of the sentence holding the figure', () => {
    const line = '上云企业突破了10万家。智能装备企业206家，创建智能制造基地12家。下一句';
    const from = line.indexOf('206家') + 4;
    assert.equal(citationOffset(line, from), line.indexOf('12家。') + 3);
    assert.equal(citationOffset('智能装备企业206家', 10), 10);
    assert.equal(citationOffset('智能装备企业206家  ', 10), 10);
    assert.ok(alreadyCited('企业206家（来源：山东省人民政府新闻办公室，2023-01-14）。', 5, src));
    assert.ok(!alreadyCited('企业206家。', 5, src));
  });
});

describe('editor: paths', () => {
  it('resolves seeds against the extension and user corpora as given', () => {
    assert.equal(resolveSourcePath('seeds/000.txt', { extensionRoot: '/ext' }), path.join('/ext', 'seeds', '000.txt'));
    assert.equal(resolveSourcePath('/data/corpus/a.txt', { extensionRoot: '/ext' }), '/data/corpus/a.txt');
    assert.equal(resolveSourcePath('corpus/a.txt', { extensionRoot: '/ext', indexCwd: '/work' }), path.resolve('/work', 'corpus/a.txt'));
  });
  it('excludes node_modules, the review store and corpus folders from the workspace check', () => {
    assert.ok(excludedFromWorkspaceCheck('/ws/node_modules/x/README.md', []));
    assert.ok(excludedFromWorkspaceCheck('/ws/.policy-assist/notes.md', []));
    assert.ok(excludedFromWorkspaceCheck('/ws/corpus/a.txt', ['/ws/corpus']));
    assert.ok(!excludedFromWorkspaceCheck('/ws/corpus-drafts/a.md', ['/ws/corpus']));
    assert.ok(!excludedFromWorkspaceCheck('/ws/draft.md', ['/ws/corpus']));
    assert.ok(isDraftFile('a.MD') && isDraftFile('b.txt') && isDraftFile('c.markdown') && !isDraftFile('d.json'));
  });
  it('resolves corpus folder settings against the workspace', () => {
    assert.deepEqual(resolveCorpusFolders(['corpus', '${workspaceFolder}/more', '/abs', ' ', 'corpus'], '/ws'), ['/ws/corpus', '/ws/more', '/abs']);
    assert.deepEqual(resolveCorpusFolders(['corpus', '/abs'], undefined), ['/abs']);
  });
});

describe('editor: debouncer', () => {
  it('runs only the last scheduled call per key, and keys are independent', async () => {
    const d = new KeyedDebouncer();
    const ran: string[] = [];
    d.schedule('a', 20, () => ran.push('a1'));
    d.schedule('a', 20, () => ran.push('a2'));
    d.schedule('b', 20, () => ran.push('b'));
    d.schedule('c', 20, () => ran.push('c'));
    d.cancel('c');
    assert.ok(d.pending('a'));
    await new Promise((r) => setTimeout(r, 60));
    assert.deepEqual(ran.sort(), ['a2', 'b']);
    d.dispose();
  });
});

describe('editor: report and summary on the seed corpus', () => {
  const { index } = loadCorpus({});
  const svc = createLanguageService(index);
  const result = svc.check(DRAFT);

  it('lists every conflict with stated and official value and source', () => {
    const report = buildReport([{ path: 'draft.md', result }], { documents: 5, figures: index.figures.length }, new Date('2024-01-02T03:04:05Z'));
    const t = totals(report);
    assert.equal(t.realConflict, 1);
    const md = renderMarkdown(report);
    assert.match(md, /^<!-- policy-assist:report -->\n# Policy figures consistency report/);
    assert.ok(isReportText(md.split('\n')[0]) && isReportText('\ufeff<!-- policy-assist:report --> ') && !isReportText('# 草稿'));
    assert.match(md, /\| draft\.md \| 3 \| 2 \| 1 \| 0 \|/);
    assert.match(md, /Stated: \*\*260家\*\*/);
    assert.match(md, /Official: \*\*206家\*\*/);
    assert.match(md, /`seeds\/000_82d190114271d52b\.txt:38:114`/);
    const html = renderHtml(report, undefined, 'zh-CN');
    assert.match(html, /<html lang="zh-CN">/);
    assert.match(html, /<strong>260家<\/strong>/);
    assert.match(html, /<strong>206家<\/strong>/);
  });

  it('the host gets the findings only (draft order, limited), and the report is the same from them', () => {
    const all = findingsOf(result, null);
    assert.ok(result.figures.length > all.figures.length, 'consistent figures are left in the worker');
    assert.deepEqual(all.figures.map((f) => f.code).sort(), result.figures.filter((f) => f.code !== 'figure.consistent' && f.code !== 'figure.unmatched').map((f) => f.code).sort());
    assert.equal(all.omitted, 0);
    const one = findingsOf(result, 1);
    assert.deepEqual(one.figures, all.figures.slice(0, 1));
    assert.equal(one.omitted, all.figures.length - 1);
    const when = new Date('2024-01-02T03:04:05Z');
    const corpus = { documents: 5, figures: index.figures.length };
    assert.deepEqual(buildReport([{ path: 'd.md', result: { ...result, ...all } }], corpus, when), buildReport([{ path: 'd.md', result }], corpus, when));
  });

  it('finds the figure under a position, end inclusive, as the engine figureAt does', () => {
    const f = result.figures.find((x) => x.text === '260家');
    assert.ok(f);
    assert.equal(figureAtPosition(result.figures, f.line, f.column), f);
    assert.equal(figureAtPosition(result.figures, f.endLine, f.endColumn), f);
    assert.deepEqual(figureAtPosition(result.figures, f.line, f.column + 1), svc.figureAt(DRAFT, f.line, f.column + 1));
    assert.equal(figureAtPosition(result.figures, 1, 1), null);
  });

  it('says so when there is nothing to report, and escapes hostile text', () => {
    const clean = buildReport([{ path: 'a|b.md', result: svc.check('') }], { documents: 5, figures: 1 });
    assert.match(renderMarkdown(clean), /No conflicts/);
    assert.match(renderMarkdown(clean), /a\\\|b\.md/);
    assert.equal(htmlEscape('<script>"&\''), '&lt;script&gt;&quot;&amp;&#39;');
    assert.equal(mdEscape('*x*|<y>'), '\\*x\\*\\|\\<y\\>');
    assert.doesNotMatch(renderHtml(buildReport([{ path: '<script>alert(1)</script>', result: svc.check('') }], { documents: 0, figures: 0 })), /<script>alert/);
  });

  it('summarises each document with passages, figures and dropped debris', () => {
    const rows = summaryRows(index);
    assert.equal(rows.length, 5);
    const r0 = rows.find((r) => r.path === 'seeds/000_82d190114271d52b.txt');
    assert.ok(r0 && r0.passages > 0 && r0.figures > 0 && r0.region === '江西' && r0.date === '2023-04-13');
    assert.ok(rows.find((r) => r.path.startsWith('seeds/004'))?.script === 'traditional');
    assert.ok(rows.some((r) => r.dropped.length > 0));
    assert.equal(rows.reduce((n, r) => n + r.figures, 0), index.figures.length);
    assert.equal(statusText({ kind: 'ready', docs: 5, figures: 42 }, { docs: 'docs', figures: 'figures', indexing: 'indexing…', failed: 'x', idle: 'y' }), '$(book) 5 docs · 42 figures');
    assert.equal(statusText({ kind: 'loading' }, { docs: 'docs', figures: 'figures', indexing: 'indexing…', failed: 'x', idle: 'y' }), '$(sync~spin) indexing…');
  });
});

