// The engine worker through the host's client (src/editor/engineClient.ts starting
// out/src/editor/engineWorker.js, the tsc build of the worker): the typed messages, the findings-only
// check, figureAt on the kept full result and its staleness, homophone completion, errors, and a
// stopped worker. No VS Code needed: the client takes VS Code's log channel as a type only.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { EngineClient } from '../../src/editor/engineClient';
import { STALE } from '../../src/editor/engineProtocol';
import { ROOT } from './seeds';

const DRAFT = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'workspace', 'draft.md'), 'utf8');
const OPTS = { defaultRegion: null, defaultDate: null };

function fakeLog(lines: string[]): vscode.LogOutputChannel {
  const put = (level: string) => (m: string) => lines.push(`${level}: ${m}`);
  return { debug: put('debug'), info: put('info'), warn: put('warn'), error: put('error'), trace: put('trace') } as unknown as vscode.LogOutputChannel;
}

describe('editor: the engine worker', function () {
  this.timeout(60_000);
  const logged: string[] = [];
  const exits: Error[] = [];
  let engine: EngineClient;

  before(async () => {
    engine = new EngineClient(fakeLog(logged), (e) => exits.push(e));
    const info = await engine.load(path.join(ROOT, 'dist', 'seed-index.json'));
    assert.ok(info, 'the prebuilt seed index loads (npm test builds it first)');
    assert.equal(info.summary.documents, 5);
  });

  after(() => engine.dispose());

  it('answers a check with the findings only, and keeps the full result for figureAt', async () => {
    const r = await engine.check('file:///draft.md', '1:0', DRAFT, OPTS, 100);
    assert.ok(r.figures.length > 0 && r.figures.every((f) => ['figure.conflict', 'figure.inconsistent', 'figure.target-as-achieved'].includes(f.code)), r.figures.map((f) => f.code).join(', '));
    assert.ok(r.summary.figures > r.figures.length, 'summary counts every figure');
    assert.equal(r.figures.find((f) => f.code === 'figure.conflict')?.official?.text, '206家');
    const line = DRAFT.split('\n').findIndex((l) => l.includes('1332个')) + 1;
    const column = DRAFT.split('\n')[line - 1].indexOf('1332个') + 2;
    const f = await engine.figureAt('file:///draft.md', '1:0', line, column);
    assert.ok(f && f !== STALE);
    assert.equal(f.code, 'figure.consistent');
    assert.equal(f.official?.text, '1332个');
    // Open-ended figures keep their infinite bound across the thread (structured clone, not JSON):
    // 突破了10万家 is [10万, ∞).
    const l2 = DRAFT.split('\n').findIndex((l) => l.includes('突破了10万家')) + 1;
    const open = await engine.figureAt('file:///draft.md', '1:0', l2, DRAFT.split('\n')[l2 - 1].indexOf('10万家') + 2);
    assert.ok(open && open !== STALE && open.official);
    assert.equal(open.official.high, Infinity);
    assert.equal(await engine.figureAt('file:///draft.md', '2:0', line, column), STALE, 'another version: stale');
    engine.forget('file:///draft.md');
    assert.equal(await engine.figureAt('file:///draft.md', '1:0', line, column), STALE, 'forgotten');
  });

  it('limits the findings and says how many were left off', async () => {
    const all = await engine.check(null, '', DRAFT, OPTS, null);
    const one = await engine.check(null, '', DRAFT, OPTS, 1);
    assert.equal(one.figures.length, 1);
    assert.equal(one.omitted, all.figures.length - 1);
  });

  it('completes names and homophones, names under the cursor, related passages and the summary', async () => {
    assert.ok((await engine.complete('打造“数字领', {})).some((i) => i.label === '数字领航'));
    assert.ok((await engine.complete('打造“工富山东', {})).some((i) => i.label === '工赋山东'), 'homophone (pinyin-pro in the worker)');
    const name = await engine.nameAt('实施一号发展工程', 5);
    assert.equal(name?.hover.name.name, '一号发展工程');
    assert.ok((await engine.related('智能装备企业 智能制造', 8)).some((p) => p.source === 'seeds/000_82d190114271d52b.txt'));
    const corpus = await engine.corpus();
    assert.equal(corpus.rows.length, 5);
  });

  it('rejects a failed request without stopping, and a missing index file answers null', async () => {
    assert.equal(await engine.load(path.join(ROOT, 'no-such-index.json')), null);
    // The previous index stays loaded.
    assert.ok((await engine.complete('打造“数字领', {})).length > 0);
    await assert.rejects(engine.nameAt(undefined as unknown as string, 1), /engine nameAt/);
    assert.ok((await engine.complete('打造“数字领', {})).length > 0, 'still answering');
  });

  it('a stopped worker rejects what is pending and everything after', async () => {
    const other = new EngineClient(fakeLog([]), () => undefined);
    const pending = other.load(path.join(ROOT, 'dist', 'seed-index.json'));
    other.dispose();
    await assert.rejects(pending, /stopped/);
    await assert.rejects(other.complete('打造“数字领', {}), /stopped/);
    assert.deepEqual(exits, [], 'dispose is not reported as a crash');
  });
});

describe('editor: the engine worker yields the CPU to the host thread', function () {
  this.timeout(60_000);
  // Linux sets nice values per thread; /proc/self/task/<tid>/stat's 19th field is the nice value.
  // A thread may end between listing the tasks and reading its stat (V8's helper threads come and
  // go): it is left out.
  const nices = () => {
    const out = new Map<string, number>();
    for (const tid of fs.readdirSync('/proc/self/task')) {
      let stat: string;
      try {
        stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      } catch {
        continue;
      }
      out.set(tid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
    }
    return out;
  };

  it('runs at nice 10 while this (the host) thread stays at its own priority', async function () {
    if (process.platform !== 'linux') this.skip();
    const before = nices();
    const lines: string[] = [];
    const engine = new EngineClient(fakeLog(lines), () => undefined);
    try {
      await engine.load(path.join(ROOT, 'dist', 'seed-index.json'));
      // The worker thread, and threads it starts afterwards (they inherit its nice value).
      const started = [...nices()].filter(([tid]) => !before.has(tid));
      assert.ok(started.some(([, nice]) => nice === 10), `threads started by the load: ${JSON.stringify(started)}`);
      assert.equal(os.getPriority(), 0, 'the host thread is not reniced');
      assert.ok(lines.some((l) => l.includes('engine worker priority: nice 10')), lines.join('\n'));
    } finally {
      engine.dispose();
    }
  });
});
