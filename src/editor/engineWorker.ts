// The engine worker: a worker_thread inside the extension host that owns the index and answers the
// editor's questions (engineProtocol.ts). Bundled as dist/engineWorker.js (esbuild.js), with OpenCC
// (dist/opencc.js) and pinyin-pro (dist/pinyin.js) required from their own files on first use.
//
// Why a thread and not the host: every CPU-heavy step of the language service blocked the
// extension host's event loop when it ran there — OpenCC's tw→cn and cn→tw converters built inside
// the first check of a Traditional draft (230–420 ms), pinyin-pro's initialisation in the first
// homophone completion (60–100 ms), a 100k-character draft's check (~300 ms). Here they cost the
// worker's time only; the host awaits replies.
// Why not a child process: the index is already a prebuilt file (seeds) or written by the CLI child
// process (user corpora); this thread only loads it (no jieba here), and a thread starts in a few
// milliseconds and shares the process's memory accounting with the host, which is what the user
// sees in Running Extensions.
//
// First-use work is done right after a load: the figure matcher (and OpenCC's script bounds that
// detectScript reads) BEFORE the load is answered, so the first check is fast; pinyin-pro and the
// BM25 postings after it (WARM_LATER_DELAY_MS later), one per event-loop turn so that a request
// that arrives meanwhile waits for one step at most, not for all of them.
// OpenCC's tw→cn converter is NOT warmed: only a Traditional draft needs it (~8 MB, measured in
// this worker), and the first Traditional check builds it here, in the worker's time. The cn→tw
// converter (~56 MB) is never built here at all: the quick fix's Traditional replacement text is
// stored in the index when it is built (OfficialFigure.traditional). Building both at the first
// Traditional check took the host process's RSS growth after every hostbench scenario to ~100 MB
// (target ≤ 100 MB); without cn→tw it is ~54 MB.

import * as fs from 'node:fs';
import * as os from 'node:os';
import { parentPort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { summarize, type CorpusIndex } from '../engine/corpusIndex';
import type { CheckOptions, CheckResult } from '../engine/figures/check';
import { boundedScript } from '../engine/normalize';
import { loadIndexAsync } from '../engine/persist';
import { createLanguageService, type LanguageService } from '../engine/service';
import { STALE, type EngineApi, type FromWorker, type LoadInfo, type Request, type WireCheckOptions } from './engineProtocol';
import { figureAtPosition, findingsOf } from './pure/figures';
import { reviewedKey } from './pure/reviewed';
import { summaryRows } from './pure/summary';

const port = parentPort;
if (!port) throw new Error('engineWorker.js runs as a worker_thread of the extension host');

/**
 * This thread yields the CPU to the extension host's own thread. They share one process, and on a
 * 2-core machine with VS Code's server and the browser also running, a check or a first Traditional
 * draft (building OpenCC's tw→cn, ~200 ms) kept the host thread waiting for a core: hostbench saw a
 * 72–91 ms event-loop block in which the host thread itself ran for under 20 ms. A nice value of 10
 * gives this thread about a tenth of the host thread's share when both want the same core, and
 * costs nothing on an idle core. Linux only (/proc/thread-self names this thread's id, and Linux
 * sets the nice value per thread); elsewhere nothing happens.
 */
const WORKER_NICE = 10;
function yieldToHost(): string {
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return 'no thread id';
    os.setPriority(tid, WORKER_NICE);
    return `nice ${WORKER_NICE}`;
  } catch (e) {
    return (e as Error).message;
  }
}
const priority = yieldToHost();

let service: LanguageService | undefined;
/** Loads run one after another in the order they were asked for: the last one asked for wins. */
let loads: Promise<unknown> = Promise.resolve();

const send = (m: FromWorker) => port.postMessage(m);
const log = (level: 'debug' | 'info' | 'warn', message: string) => send({ kind: 'log', level, message });
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
log('debug', `engine worker priority: ${priority}`);

function need(): LanguageService {
  if (!service) throw new Error('the engine worker has no index loaded');
  return service;
}

function checkOptions(o: WireCheckOptions): CheckOptions {
  const out: CheckOptions = { defaultRegion: o.defaultRegion, defaultDate: o.defaultDate };
  if (o.reviewed && o.reviewed.keys.length) {
    const { draft, keys } = o.reviewed;
    const set = new Set(keys);
    out.reviewed = (f) => set.has(reviewedKey(draft, f.text, f.meaning.indicator));
  }
  return out;
}

/**
 * Full check results by document, for hovers: the host receives only the findings. Few: each open
 * draft's latest (a 100k-character draft's is a few MB here); the oldest goes first.
 */
const MAX_KEPT = 8;
const kept = new Map<string, { tag: string; result: CheckResult }>();

function keep(key: string, tag: string, result: CheckResult): void {
  kept.delete(key);
  kept.set(key, { tag, result });
  while (kept.size > MAX_KEPT) kept.delete(kept.keys().next().value as string);
}

/** A small draft for the warm-up check: one figure, Simplified (builds the figure matcher). */
const WARM_UP_DRAFT = '全省5G基站6万多个。\n';

async function step(name: string, fn: () => unknown): Promise<void> {
  const t = performance.now();
  try {
    fn();
  } catch (e) {
    // Only a head start: the request that needs it redoes the work and reports a real failure.
    log('warn', `engine warm-up (${name}) failed: ${(e as Error).message}`);
  }
  log('debug', `engine warm-up: ${name} ${(performance.now() - t).toFixed(1)} ms`);
  await nextTurn();
}

async function load(file: string | null): Promise<LoadInfo | null> {
  const index = file === null ? emptyIndex() : await loadIndexAsync(file);
  if (!index) return null;
  const svc = createLanguageService(index);
  await step('script bounds (OpenCC dictionaries)', () => boundedScript('中'));
  await step('figure matcher', () => svc.check(WARM_UP_DRAFT));
  service = svc;
  // Results of the previous index: their tags would still match the documents' versions.
  kept.clear();
  void warmLater(svc);
  return {
    summary: summarize(index),
    skipped: index.skipped,
    excluded: index.docs.flatMap((d) => d.excluded.map((e) => `${d.meta.path}: dropped ${e.kind}/${e.reason}: ${JSON.stringify(e.preview)}`)),
  };
}

/**
 * After the load's answer, the host sends its first requests at once (the open drafts' checks, a
 * waiting completion): let them through before the background steps, each of which (pinyin-pro
 * ~100 ms, the BM25 postings) delays a request that arrives while it runs.
 */
const WARM_LATER_DELAY_MS = 300;

async function warmLater(svc: LanguageService): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, WARM_LATER_DELAY_MS));
  const steps: [string, () => unknown][] = [
    // ~100 ms and ~15 MB: the first homophone completion (工富山东 → 工赋山东) would wait for it.
    ['pinyin-pro (homophone completion)', () => svc.complete('打造“工富山东', {})],
    ['BM25 postings', () => svc.related('数字经济', 1)],
  ];
  for (const [name, fn] of steps) {
    // A newer index replaced this one: its own warm-up covers the rest.
    if (service !== svc) return;
    await step(name, fn);
  }
}

const api: { [M in keyof EngineApi]: (...args: Parameters<EngineApi[M]>) => ReturnType<EngineApi[M]> | Promise<ReturnType<EngineApi[M]>> } = {
  load(file) {
    const p = loads.then(() => load(file));
    loads = p.catch(() => undefined);
    return p;
  },
  check(key, tag, text, opts, limit) {
    const result = need().check(text, checkOptions(opts));
    if (key !== null) keep(key, tag, result);
    return { draft: result.draft, summary: result.summary, ...findingsOf(result, limit) };
  },
  figureAt(key, tag, line, column) {
    const k = kept.get(key);
    if (!k || k.tag !== tag) return STALE;
    return figureAtPosition(k.result.figures, line, column);
  },
  forget(key) {
    kept.delete(key);
  },
  nameAt: (lineText, column) => need().nameAt(lineText, column),
  complete: (line, opts) => need().complete(line, opts),
  related: (text, top) => need().related(text, top),
  corpus() {
    const svc = need();
    return { summary: svc.summary(), rows: summaryRows(svc.index), skipped: svc.index.skipped };
  },
};

port.on('message', async (req: Request) => {
  try {
    const fn = api[req.method] as (...args: unknown[]) => unknown;
    if (typeof fn !== 'function') throw new Error(`unknown engine method ${String(req.method)}`);
    const value = await fn(...req.args);
    send({ kind: 'reply', id: req.id, ok: true, value });
  } catch (e) {
    send({ kind: 'reply', id: req.id, ok: false, error: (e as Error).stack ?? String(e) });
  }
});

function emptyIndex(): CorpusIndex {
  return { format: 0, key: '', builtWith: 'none', docs: [], passages: [], names: [], figures: [], vocab: [], passageTerms: [], skipped: [] };
}
