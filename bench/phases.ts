// The phases of the benchmark, each run in its own child process by bench/main.ts.
// A phase returns series of timings in milliseconds, its peak resident memory, and a note.

import * as fs from 'node:fs';
import { NameMatcher } from '../src/engine/complete';
import type { CorpusIndex } from '../src/engine/corpusIndex';
import { decodeBytes } from '../src/engine/decode';
import { loadCorpus, readAll } from '../src/engine/load';
import { normalize } from '../src/engine/normalize';
import { cacheFileFor, saveIndex, saveIndexCache } from '../src/engine/persist';
import { timeWorkerSegmentation, warmIndexSegmenter } from '../src/engine/segment';
import { createLanguageService } from '../src/engine/service';
import { prng } from './generate';
import { syntheticNames, typedPrefixes } from './names';

export interface PhaseOutput {
  series: Record<string, number[]>;
  peakRssMb: number;
  note?: string;
  saveNote?: string;
}

const now = () => performance.now();
const SETTLE = new Int32Array(new SharedArrayBuffer(4));
/**
 * A full collection before each timed run, so no run pays for the garbage of the one before; then
 * a short pause. gc() returns before V8 has finished sweeping and unmapping in its background
 * threads, and on 2 cores those threads took CPU from the timed run that followed: the seeds'
 * 25 ms builds had 13 ms of GC-thread CPU in them (measured per thread from /proc), a cost no
 * real build has. The pause is outside every timed region and the same for both sides of a ratio.
 */
const gc = () => {
  (globalThis as { gc?: () => void }).gc?.();
  Atomics.wait(SETTLE, 0, 0, 25);
};
const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

// The "number scan" of the check's baseline: one pass of a combined Arabic/Chinese number regex
// with magnitudes and the common measure words, the cheapest thing that finds every figure.
const NUMBER_SCAN = /(?:[0-9０-９]+(?:[.．][0-9０-９]+)?|[〇零一二两三四五六七八九十百千]+)(?:万亿|[万亿])?(?:[%％个家项台套元亿万人次场户条]|个百分点)?/g;

function flat(s: string): string {
  // A regex match reads the string flat, and V8 flattens a concatenation in place to do so.
  /$/.test(s);
  return s;
}

function scanNumbers(text: string): number {
  NUMBER_SCAN.lastIndex = 0;
  let n = 0;
  while (NUMBER_SCAN.exec(text) !== null) n++;
  return n;
}

interface NodeJieba {
  load(): void;
  cut(text: string, hmm?: boolean): string[];
  insertWord(word: string): boolean;
}

export async function runPhase(name: string, p: Record<string, unknown>): Promise<PhaseOutput> {
  switch (name) {
    case 'build':
      return build(p.dir as string | null, p.runs as number, p.cacheDir as string);
    case 'build-cold':
      return buildCold(p.dir as string | null);
    case 'load':
      return load(p.dir as string | null, p.cacheDir as string);
    case 'check':
      return check(p.file as string, p.runs as number, (p.warm as number | undefined) ?? 0);
    case 'complete':
      return complete(p.names as number, p.queries as number, p.passes as number);
    case 'related':
      return related(p.dir as string, p.cacheDir as string, p.queries as number, p.drafts as string[]);
    default:
      throw new Error(`unknown phase ${name}`);
  }
}

function summary(index: CorpusIndex): string {
  return `${index.docs.length} docs, ${index.passages.length} passages, ${index.figures.length} figures, ${index.names.length} names, ${index.vocab.length} terms`;
}

/**
 * Index build (read + decode + normalise + passages + names + figures + segmentation; no cache
 * write) against jieba alone on the decoded text of the same files, interleaved run by run so
 * both sides of each ratio see the same machine load. jieba's dictionary load is EXCLUDED from
 * both: it is loaded before the first timed run (warmIndexSegmenter). "jieba alone" is
 * cut(text, true) (HMM on) on each file's decoded text, by the same jieba instance the build
 * segments with (the index worker, with the harvested names inserted as user words), timed inside
 * that thread; without a worker, by jieba on this thread.
 */
function build(dir: string | null, runs: number, cacheDir: string): PhaseOutput {
  const opts = { dirs: dir ? [dir] : undefined, noCache: true };
  warmIndexSegmenter();
  const texts = readAll({ dirs: opts.dirs }).files.map((f) => {
    const d = decodeBytes(f.bytes);
    if (!d.ok) throw new Error(`${f.path}: ${d.reason}`);
    return d.text;
  });
  let mainJieba: NodeJieba | undefined;
  const jiebaAlone = (): { ms: number; tokens: number } => {
    const inWorker = timeWorkerSegmentation(texts);
    if (inWorker) return inWorker;
    if (!mainJieba) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      mainJieba = require('nodejieba') as NodeJieba;
      mainJieba.load();
      for (const n of index!.names) if (n.kind !== 'phrase') mainJieba.insertWord(n.name);
    }
    const t = now();
    let tokens = 0;
    for (const s of texts) tokens += mainJieba.cut(s, true).length;
    return { ms: now() - t, tokens };
  };
  const series: Record<string, number[]> = { build: [], jieba: [], ratio: [], save: [], buildCpu: [] };
  let index: CorpusIndex | undefined;
  let tokens = 0;
  for (let r = 0; r < runs; r++) {
    gc();
    const cpu = process.cpuUsage();
    const t = now();
    index = loadCorpus(opts).index;
    const b = now() - t;
    const c = process.cpuUsage(cpu);
    gc();
    const j = jiebaAlone();
    tokens = j.tokens;
    series.build.push(b);
    series.buildCpu.push((c.user + c.system) / 1000);
    series.jieba.push(j.ms);
    series.ratio.push(b / j.ms);
  }
  const peak = peakRssMb();
  // The cache write, as loadCorpus does it (the seeds' prebuilt index is the JSON of `index --write`).
  const file = dir ? cacheFileFor(index!.key, cacheDir) : `${cacheDir}/seed-index.json`;
  for (let r = 0; r < runs; r++) {
    gc();
    const t = now();
    if (dir) saveIndexCache(index!, file);
    else saveIndex(index!, file);
    series.save.push(now() - t);
  }
  const saveNote = `${(fs.statSync(file).size / 1048576).toFixed(1)} MB ${dir ? 'binary cache' : 'JSON'} file`;
  const cpuNote = `CPU ${(series.buildCpu.reduce((a, b) => a + b, 0) / runs).toFixed(0)} ms/build (both threads)`;
  return { series, peakRssMb: peak, note: `${summary(index!)}; ${cpuNote}; jieba ${tokens} tokens${mainJieba ? ' (main thread)' : ''}`, saveNote };
}

/**
 * One build in a fresh process (jieba's load excluded, as above): what a first start costs, to
 * compare with loading the cache in a fresh process. The warm builds above include JIT-compiled
 * code and initialised libraries (OpenCC tables, pinyin-pro) that a first start does not have.
 */
function buildCold(dir: string | null): PhaseOutput {
  warmIndexSegmenter();
  const t = now();
  loadCorpus({ dirs: dir ? [dir] : undefined, noCache: true });
  return { series: { build: [now() - t] }, peakRssMb: peakRssMb() };
}

/** One load of a cached (user corpus) or prebuilt (seeds) index, in a fresh process. */
function load(dir: string | null, cacheDir: string): PhaseOutput {
  const t = now();
  const r = loadCorpus(dir ? { dirs: [dir], cacheDir } : {});
  const ms = now() - t;
  if (r.origin === 'built') throw new Error(`expected a cached index for ${dir ?? 'seeds'}, but it was built`);
  return { series: { load: [ms] }, peakRssMb: peakRssMb(), note: r.origin };
}

/**
 * `check` of a draft against the seed index, with a fresh language service per run (no state
 * carried between runs), against normalisation + one number-regex pass over the same draft.
 * `warm` more such pairs follow the timed runs, for information: the same measurement once V8 has
 * compiled the check, which the median of the first runs (the target's) mostly is not.
 */
function check(file: string, runs: number, warm: number): PhaseOutput {
  const d = decodeBytes(fs.readFileSync(file));
  if (!d.ok) throw new Error(`${file}: ${d.reason}`);
  const draft = d.text;
  const index = loadCorpus({}).index;
  const series: Record<string, number[]> = { check: [], base: [], ratio: [], recheck: [], recheckBase: [], recheckRatio: [], warm: [], warmBase: [], warmRatio: [] };
  let figures = 0;
  let found = 0;
  let svc = createLanguageService(index);
  for (let r = 0; r < runs; r++) {
    gc();
    let t = now();
    const n = normalize(draft);
    found = scanNumbers(n.text);
    series.base.push(now() - t);
    gc();
    t = now();
    svc = createLanguageService(index);
    figures = svc.check(draft).summary.figures;
    series.check.push(now() - t);
    series.ratio.push(series.check[r] / series.base[r]);
  }
  for (let r = 0; r < warm; r++) {
    gc();
    let t = now();
    scanNumbers(normalize(draft).text);
    series.warmBase.push(now() - t);
    gc();
    t = now();
    createLanguageService(index).check(draft);
    series.warm.push(now() - t);
    series.warmRatio.push(series.warm[r] / series.warmBase[r]);
  }
  // The editor's case: the same service re-checks the draft after one keystroke in the middle
  // (its line cache holds the previous version), against normalisation + number scan of the same
  // edited draft in the same run. Each edit is a new keystroke on the previous version.
  let current = draft;
  for (let r = 0; r < runs; r++) {
    const at = current.indexOf('。', (current.length >> 1) + r * 97) + 1;
    // Flat, as the editor's document text is: `a + b` is a rope that the first reader flattens.
    const edited = flat(current.slice(0, at) + '的' + current.slice(at));
    gc();
    let t = now();
    const n = normalize(edited);
    scanNumbers(n.text);
    series.recheckBase.push(now() - t);
    gc();
    t = now();
    svc.check(edited);
    series.recheck.push(now() - t);
    series.recheckRatio.push(series.recheck[r] / series.recheckBase[r]);
    current = edited;
  }
  return {
    series,
    peakRssMb: peakRssMb(),
    note: `${draft.length} chars, ${figures} figures, ${found} number-scan matches`,
  };
}

/** Completion latency over synthetic registries, with NameMatcher from src/engine/complete.ts. */
function complete(n: number, queries: number, passes: number): PhaseOutput {
  const index = loadCorpus({}).index;
  const names = syntheticNames(n, index.passages.length);
  let t = now();
  const matcher = new NameMatcher(names, index.docs.map((d) => d.meta), index.passages);
  const buildMs = now() - t;
  const qs = typedPrefixes(names, queries);
  let items = 0;
  for (const q of qs) items += matcher.complete(q).length; // warm-up (JIT, lazy parts)
  const latency: number[] = [];
  for (let pass = 0; pass < passes; pass++) {
    for (const q of qs) {
      t = now();
      matcher.complete(q);
      latency.push(now() - t);
    }
  }
  return {
    series: { latency, build: [buildMs] },
    peakRssMb: peakRssMb(),
    note: `matcher built in ${buildMs.toFixed(0)} ms; ${(items / qs.length).toFixed(1)} items per call`,
  };
}

/** Related-passage latency on a cached corpus: sentences from the corpus and from the drafts. */
function related(dir: string, cacheDir: string, count: number, draftFiles: string[]): PhaseOutput {
  const r = loadCorpus({ dirs: [dir], cacheDir });
  if (r.origin !== 'cache') throw new Error(`expected the cached 10 MB index, got ${r.origin}`);
  const index = r.index;
  const svc = createLanguageService(index);
  const rnd = prng(99);
  const draftLines = draftFiles.flatMap((f) => fs.readFileSync(f, 'utf8').split('\n')).filter((l) => l.trim().length > 10);
  const queries: string[] = [];
  while (queries.length < count) {
    const k = queries.length % 3;
    if (k === 0) {
      // A passage of the corpus, or its first 20–80 characters (a drafter's sentence in progress).
      const p = index.passages[Math.floor(rnd() * index.passages.length)].text;
      queries.push(rnd() < 0.5 ? p : p.slice(0, 20 + Math.floor(rnd() * 60)));
    } else if (k === 1) queries.push(draftLines[Math.floor(rnd() * draftLines.length)]);
    else queries.push(['数字经济核心产业增加值', '5G基站', '工业互联网平台', '“工赋山东”专项行动', '上云企业', '智能制造'][Math.floor(rnd() * 6)]);
  }
  let t = now();
  svc.related(queries[0], 5);
  const first = now() - t;
  const latency: number[] = [];
  let hits = 0;
  for (const q of queries.slice(1)) {
    t = now();
    hits += svc.related(q, 5).length;
    latency.push(now() - t);
  }
  return {
    series: { latency, first: [first] },
    peakRssMb: peakRssMb(),
    note: `${index.passages.length} passages, ${index.vocab.length} terms; ${(hits / latency.length).toFixed(1)} hits per query`,
  };
}
