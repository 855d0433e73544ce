// Word segmentation. Three segmenters, one interface:
// - jieba (nodejieba): used to BUILD an index. HMM on, because with HMM off jieba splits 6688 into
//   6/6/8/8. Its dictionary load blocks 1.1–2.6 s and adds ~240 MB, so it is loaded only when an
//   index is built (build time for the seeds; a worker or the CLI for user corpora), never on the
//   extension host's thread.
// - vocabulary max-match: used to segment QUERIES at run time. A query term that is not in the
//   index vocabulary cannot score in BM25 anyway, so greedy longest-match over the vocabulary gives
//   the same ranking as jieba without loading it.
// - a pure-JS fallback for building when the native binding is missing: dictionary max-match over
//   the programme names plus CJK bigrams.
//
// A build segments through a SegmentationJob. The default one (startIndexSegmentation) runs jieba
// in a worker thread (worker.ts) while the main thread normalises documents, harvests names and
// extracts figures, instead of segmenting after all of that (10 MB benchmark corpus on 2 cores:
// 4.3–4.7 s on one thread, 2.7–3.3 s with the worker). The result is the same as cutting every
// passage after inserting the names; see worker.ts for why.

import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Segmenter {
  readonly name: string;
  cut(text: string): string[];
  /** Keep a harvested name whole (e.g. 工赋山东 would otherwise be 工赋/山东). */
  addWord(word: string): void;
}

export interface Logger {
  warn(msg: string): void;
  info?(msg: string): void;
}

const TOKEN_KEEP = /[\u4e00-\u9fff\w]/;

/** Drop punctuation and whitespace tokens; fold Latin to lower case. */
export function cleanTokens(tokens: string[]): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    const s = t.trim();
    if (s && TOKEN_KEEP.test(s)) out.push(s.toLowerCase());
  }
  return out;
}

/**
 * Vocabulary (ids in order of first occurrence) and the term ids of each passage, from each
 * passage's raw tokens. Packed: all ids in one Int32Array, passage p at [offsets[p], offsets[p+1]).
 * One function for the main thread and the worker, so both number terms identically.
 */
export function packTerms(tokenLists: string[][]): { vocab: string[]; offsets: Int32Array; ids: Int32Array } {
  const vocabIds = new Map<string, number>();
  // Each distinct token as jieba returned it -> its id, or -1 when cleanTokens drops it: 2.6M
  // tokens on the 10 MB corpus are 12k distinct ones, so cleaning each token and then looking the
  // cleaned one up (two passes over its characters and a Map lookup) was mostly repeated work.
  const rawIds = new Map<string, number>();
  const vocab: string[] = [];
  const offsets = new Int32Array(tokenLists.length + 1);
  let ids = new Int32Array(1024);
  let n = 0;
  for (let p = 0; p < tokenLists.length; p++) {
    const list = tokenLists[p];
    for (let k = 0; k < list.length; k++) {
      const raw = list[k];
      let id = rawIds.get(raw);
      if (id === undefined) {
        // cleanTokens, one token at a time (pure CJK tokens need no trim or case folding).
        const tok = cleanToken(raw);
        if (tok === null) id = -1;
        else {
          id = vocabIds.get(tok);
          if (id === undefined) {
            id = vocab.length;
            vocab.push(tok);
            vocabIds.set(tok, id);
          }
        }
        rawIds.set(raw, id);
      }
      if (id < 0) continue;
      if (n === ids.length) {
        const grown = new Int32Array(ids.length * 2);
        grown.set(ids);
        ids = grown;
      }
      ids[n++] = id;
    }
    offsets[p + 1] = n;
  }
  return { vocab, offsets, ids: ids.slice(0, n) };
}

/** What cleanTokens makes of one token: null (dropped) or the kept, lower-cased token. */
function cleanToken(t: string): string | null {
  const len = t.length;
  if (len === 0) return null;
  const first = t.charCodeAt(0);
  const last = t.charCodeAt(len - 1);
  // Pure CJK (U+4E00–U+9FFF): no whitespace to trim, kept, and no case to fold.
  if (first >= 0x4e00 && first <= 0x9fff && last >= 0x4e00 && last <= 0x9fff) {
    let pure = true;
    for (let i = 1; i < len - 1; i++) {
      const c = t.charCodeAt(i);
      if (c < 0x4e00 || c > 0x9fff) {
        pure = false;
        break;
      }
    }
    if (pure) return t;
  }
  const s = t.trim();
  return s && TOKEN_KEEP.test(s) ? s.toLowerCase() : null;
}

/** The packed ids as the index stores them (one number[] per passage). */
export function unpackTerms(offsets: Int32Array, ids: Int32Array): number[][] {
  const out = new Array<number[]>(offsets.length - 1);
  for (let p = 0; p < out.length; p++) {
    const from = offsets[p];
    const arr = new Array<number>(offsets[p + 1] - from);
    for (let k = 0; k < arr.length; k++) arr[k] = ids[from + k];
    out[p] = arr;
  }
  return out;
}

/**
 * One build's segmentation: passage texts are handed over as they are made (a job may start
 * cutting at once), the harvested names once known (they become user words), and the vocabulary
 * and term ids are collected at the end. The result must equal: insert every word, then cut every
 * passage in order.
 */
export interface SegmentationJob {
  add(texts: string[]): void;
  addWords(words: string[]): void;
  finish(): { segmenter: string; vocab: string[]; passageTerms: number[][] };
}

/** The plain job over any Segmenter: exactly "insert the words, then cut every passage". */
export function sequentialJob(segmenter: Segmenter): SegmentationJob {
  const texts: string[] = [];
  return {
    add: (t) => {
      for (const x of t) texts.push(x);
    },
    addWords: (words) => {
      for (const w of words) segmenter.addWord(w);
    },
    finish: () => {
      const { vocab, offsets, ids } = packTerms(texts.map((t) => segmenter.cut(t)));
      return { segmenter: segmenter.name, vocab, passageTerms: unpackTerms(offsets, ids) };
    },
  };
}

interface NodeJieba {
  load(opts?: unknown): void;
  cut(text: string, hmm?: boolean): string[];
  insertWord(word: string): boolean;
}

let jiebaModule: NodeJieba | null | undefined;

type Loader = () => NodeJieba;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const defaultLoader: Loader = () => require('nodejieba') as NodeJieba;

function loadJieba(log?: Logger, loader?: Loader): NodeJieba | null {
  // The real module is cached (its dictionary load costs 1–2.6 s); an injected loader (tests) is not.
  if (!loader && jiebaModule !== undefined) return jiebaModule;
  let j: NodeJieba | null;
  try {
    j = (loader ?? defaultLoader)();
    j.load();
  } catch (e) {
    log?.warn(`nodejieba could not be loaded (${(e as Error).message.split('\n')[0]}); using the pure-JS segmenter`);
    j = null;
  }
  if (!loader) jiebaModule = j;
  return j;
}

/** jieba if its native binding loads, else the fallback (with a logged warning, never a crash). */
export function createIndexSegmenter(log?: Logger, opts: { forceFallback?: boolean; loader?: Loader } = {}): Segmenter {
  const j = opts.forceFallback ? null : loadJieba(log, opts.loader);
  if (!j) return new FallbackSegmenter();
  return {
    name: 'jieba',
    cut: (text) => j.cut(text, true),
    addWord: (w) => void j.insertWord(w),
  };
}

/** Greedy longest match over a vocabulary; characters not covered become single-char tokens. */
export class VocabSegmenter implements Segmenter {
  readonly name: string = 'vocab';
  protected readonly words = new Set<string>();
  protected maxLen = 1;

  constructor(vocab?: Iterable<string>) {
    if (vocab) for (const w of vocab) this.addWord(w);
  }

  addWord(word: string): void {
    if (!word) return;
    this.words.add(word.toLowerCase());
    if (word.length > this.maxLen) this.maxLen = Math.min(word.length, 16);
  }

  cut(text: string): string[] {
    const out: string[] = [];
    const s = text.toLowerCase();
    let i = 0;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      // Runs of ASCII letters/digits (5G, 6688, 20.2) stay whole, as jieba with HMM keeps them.
      if ((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a)) {
        let j = i + 1;
        while (j < s.length && /[0-9a-z.]/.test(s[j])) j++;
        out.push(s.slice(i, j));
        i = j;
        continue;
      }
      let len = Math.min(this.maxLen, s.length - i);
      while (len > 1 && !this.words.has(s.slice(i, i + len))) len--;
      out.push(this.fallbackToken(s, i, len));
      i += len;
    }
    return out;
  }

  protected fallbackToken(s: string, i: number, len: number): string {
    return s.slice(i, i + len);
  }
}

/**
 * Fallback for building without nodejieba: max-match over known words, and CJK runs that no word
 * covers emitted as overlapping bigrams (a bigram index retrieves Chinese reasonably well).
 */
export class FallbackSegmenter extends VocabSegmenter {
  override readonly name = 'fallback';
  override cut(text: string): string[] {
    const base = super.cut(text);
    const out: string[] = [];
    let run = '';
    const flush = () => {
      if (run.length === 1) out.push(run);
      for (let k = 0; k + 1 < run.length; k++) out.push(run.slice(k, k + 2));
      run = '';
    };
    for (const t of base) {
      if (t.length === 1 && /[\u4e00-\u9fff]/.test(t)) run += t;
      else {
        flush();
        out.push(t);
      }
    }
    flush();
    return out;
  }
}

/**
 * Load the index segmenter now (jieba's dictionary load costs 1–2.6 s), so that a later build
 * does not pay for it. Used by the benchmark to exclude the load from the build's time.
 */
export function warmIndexSegmenter(log?: Logger): void {
  const w = indexWorker();
  if (w) w.ready();
  else createIndexSegmenter(log);
}

/**
 * jieba alone on `texts`, in the index worker (same jieba instance, user words and HMM setting as
 * the index's segmentation), timed inside the worker: for the benchmark's build/jieba ratio.
 * Null when builds do not segment in a worker.
 */
export function timeWorkerSegmentation(texts: string[]): { ms: number; tokens: number } | null {
  const w = indexWorker();
  if (!w || !w.ready()) return null;
  const r = w.call({ type: 'time', texts });
  return r.ms === undefined ? null : { ms: r.ms, tokens: r.tokens ?? 0 };
}

// ---------------------------------------------------------------------------------------------
// The worker-thread job (the default for builds)

interface WorkerReply {
  error?: string;
  jiebaError?: string;
  ms?: number;
  tokens?: number;
  vocab?: string[];
  offsets?: Int32Array;
  ids?: Int32Array;
}

/** A persistent worker thread with jieba loaded, shared by the builds of one process. */
class IndexWorker {
  private readonly worker: import('node:worker_threads').Worker;
  private readonly wt: typeof import('node:worker_threads');
  /** Counter the worker bumps after every batch of passages it cuts: proof of life while it is busy. */
  private readonly beat = new Int32Array(new SharedArrayBuffer(4));
  /**
   * Messages posted so far: the worker takes messages in while it cuts (see worker.ts) and reads
   * this to know, without a call into its port per passage, whether any are waiting.
   */
  private readonly posted = new Int32Array(new SharedArrayBuffer(4));
  private nextJob = 1;
  /** Why jieba cannot be used in the worker (learned once), or undefined. */
  jiebaError: string | undefined;
  private known = false;

  constructor(file: string) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    this.wt = require('node:worker_threads') as typeof import('node:worker_threads');
    this.worker = new this.wt.Worker(file, { workerData: { beat: this.beat, posted: this.posted } });
    // Never keeps the process alive: the CLI exits when its main thread is done.
    this.worker.unref();
    this.worker.on('error', () => undefined);
  }

  /**
   * Post a message and wait for the reply, blocking this thread (builds are synchronous; the
   * worker keeps cutting meanwhile). Throws if the worker shows no sign of life for a minute (it
   * died, or hangs): one batch of passages (a few thousand characters) never takes that long.
   */
  call(message: Record<string, unknown>): WorkerReply {
    const { port1, port2 } = new this.wt.MessageChannel();
    const flag = new Int32Array(new SharedArrayBuffer(4));
    this.worker.postMessage({ ...message, port: port2, flag }, [port2]);
    Atomics.add(this.posted, 0, 1);
    let beat = Atomics.load(this.beat, 0);
    let since = Date.now();
    let reply: { message: WorkerReply } | undefined;
    while (!(reply = this.wt.receiveMessageOnPort(port1) as { message: WorkerReply } | undefined)) {
      Atomics.wait(flag, 0, 0, 100);
      const now = Atomics.load(this.beat, 0);
      if (now !== beat) [beat, since] = [now, Date.now()];
      else if (Date.now() - since > 60_000) {
        port1.close();
        throw new Error('the index worker stopped answering');
      }
    }
    port1.close();
    return reply.message;
  }

  /** Wait until the worker has tried to load jieba; true if it can segment. */
  ready(): boolean {
    if (!this.known) {
      const r = this.call({ type: 'hello' });
      this.jiebaError = r.jiebaError;
      this.known = true;
    }
    return this.jiebaError === undefined;
  }

  post(message: Record<string, unknown>): void {
    this.worker.postMessage(message);
    Atomics.add(this.posted, 0, 1);
  }

  newJob(): number {
    return this.nextJob++;
  }

  terminate(): void {
    void this.worker.terminate();
  }
}

let workerSingleton: IndexWorker | null | undefined;

/** The index worker, started on first use; null when worker threads or its script are unavailable. */
function indexWorker(): IndexWorker | null {
  if (workerSingleton !== undefined) return workerSingleton;
  workerSingleton = null;
  // worker.js sits next to this module: out/src/engine/ (tsc) or dist/ (esbuild bundles it there).
  const file = path.join(__dirname, 'worker.js');
  if (!fs.existsSync(file)) return null;
  try {
    workerSingleton = new IndexWorker(file);
  } catch {
    workerSingleton = null;
  }
  return workerSingleton;
}

/**
 * The segmentation job of a build: jieba in the worker thread when it can be used there, else
 * jieba on this thread, else the pure-JS fallback (with the same warning as before). Start it
 * before reading the documents: the worker loads jieba's dictionary meanwhile.
 */
export function startIndexSegmentation(log?: Logger): SegmentationJob {
  const w = indexWorker();
  if (!w) return sequentialJob(createIndexSegmenter(log));
  const job = w.newJob();
  const texts: string[] = [];
  const words: string[] = [];
  /** The same job done on this thread, with what the worker was given. */
  const here = (segmenter: Segmenter) => {
    const j = sequentialJob(segmenter);
    j.add(texts);
    j.addWords(words);
    return j.finish();
  };
  return {
    add(t) {
      for (const x of t) texts.push(x);
      w.post({ type: 'cut', job, texts: t });
    },
    addWords(ws) {
      for (const x of ws) words.push(x);
      w.post({ type: 'words', job, words: ws });
    },
    finish() {
      let r: WorkerReply;
      try {
        if (!w.ready()) {
          // jieba does not load in this process: the pure-JS fallback, with createIndexSegmenter's
          // warning, logged once per process as before.
          if (!fallbackWarned) log?.warn(`nodejieba could not be loaded (${w.jiebaError}); using the pure-JS segmenter`);
          fallbackWarned = true;
          return here(new FallbackSegmenter());
        }
        r = w.call({ type: 'finish', job });
      } catch (e) {
        // The worker died or hangs: never again in this process; this build on this thread.
        log?.warn(`${(e as Error).message}; segmenting on the main thread`);
        w.terminate();
        workerSingleton = null;
        return here(createIndexSegmenter(log));
      }
      if (r.error || !r.vocab || !r.offsets || !r.ids) throw new Error(`index worker: ${r.error ?? 'no result'}`);
      return { segmenter: 'jieba', vocab: r.vocab, passageTerms: unpackTerms(r.offsets, r.ids) };
    },
  };
}
let fallbackWarned = false;
