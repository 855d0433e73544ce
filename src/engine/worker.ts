// The index-build worker thread: jieba segmentation of passages while the main thread does the
// rest of the build (see startIndexSegmentation in segment.ts). esbuild bundles it to
// dist/worker.js; tsc compiles it to out/src/engine/worker.js; both sit next to segment.js.
//
// A build must give exactly what "insert the harvested names as user words, then cut every
// passage" gives, but the names are only known after all passages exist, and cutting is the
// longest step. So the worker cuts each passage as soon as it arrives (speculatively, without this
// build's names), and when the names come it inserts them at once and cuts again only the
// passages that contain one of them, then numbers the terms, while the main thread is still
// extracting figures. That is exact: a user word changes jieba's word graph only at the places
// where the word occurs in the text (its weight is fixed; the other words' weights are not
// renormalised), and HMM runs on the word graph's result, so a passage without any of the words
// is cut the same before and after the insertion. On the 10 MB benchmark corpus a quarter of the
// passages are cut twice.

import { parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { packTerms } from './segment';

interface NodeJieba {
  load(opts?: unknown): void;
  cut(text: string, hmm?: boolean): string[];
  insertWord(word: string): boolean;
}

/** Bumped after every cut: the main thread's proof that this thread is alive while it waits. */
const beat: Int32Array | undefined = (workerData as { beat?: Int32Array } | null)?.beat;
const alive = () => {
  if (beat) Atomics.add(beat, 0, 1);
};

let jieba: NodeJieba | null = null;
let jiebaError: string | undefined;
try {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  jieba = require('nodejieba') as NodeJieba;
  jieba.load();
} catch (e) {
  jieba = null;
  jiebaError = ((e as Error)?.message ?? String(e)).split('\n')[0];
}

/** State of the current build (one at a time; a new job id starts afresh). */
let job = 0;
let texts: string[] = [];
let tokens: string[][] = [];
/** The numbered terms of the current tokens, computed when the names arrive; null when stale. */
let packed: ReturnType<typeof packTerms> | null = null;

function useJob(id: number): void {
  if (id === job) return;
  job = id;
  texts = [];
  tokens = [];
  packed = null;
}

type Trie = Map<number, Trie> & { word?: boolean };

function trieOf(list: string[]): Trie {
  const root: Trie = new Map();
  for (const w of list) {
    if (!w) continue;
    let node = root;
    for (let i = 0; i < w.length; i++) {
      const c = w.charCodeAt(i);
      let next = node.get(c);
      if (!next) node.set(c, (next = new Map()));
      node = next;
    }
    node.word = true;
  }
  return root;
}

/** Whether `text` contains any word of the trie. */
function containsAny(root: Trie, text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    let node = root.get(text.charCodeAt(i));
    for (let j = i + 1; node; j++) {
      if (node.word) return true;
      if (j >= text.length) break;
      node = node.get(text.charCodeAt(j));
    }
  }
  return false;
}

/**
 * Insert `words` and cut again the passages already cut that contain one of them (later passages
 * are cut with the words in place). Then number the terms, which is all that `finish` will need.
 */
function applyWords(words: string[]): void {
  const j = jieba!;
  for (const w of words) j.insertWord(w);
  const trie = trieOf(words);
  for (let i = 0; i < texts.length; i++) {
    if (containsAny(trie, texts[i])) tokens[i] = j.cut(texts[i], true);
    alive();
  }
  packed = packTerms(tokens);
}

interface Message {
  type: 'hello' | 'cut' | 'words' | 'finish' | 'time';
  job?: number;
  texts?: string[];
  words?: string[];
  port?: MessagePort;
  flag?: Int32Array;
}

function reply(m: Message, value: unknown, transfer: ArrayBuffer[] = []): void {
  m.port!.postMessage(value, transfer);
  m.port!.close();
  Atomics.store(m.flag!, 0, 1);
  Atomics.notify(m.flag!, 0);
}

parentPort?.on('message', (m: Message) => {
  try {
    switch (m.type) {
      case 'hello':
        reply(m, { jiebaError });
        break;
      case 'cut':
        useJob(m.job!);
        packed = null;
        for (const t of m.texts!) {
          texts.push(t);
          tokens.push(jieba ? jieba.cut(t, true) : []);
          alive();
        }
        break;
      case 'words':
        useJob(m.job!);
        if (jieba) applyWords(m.words!);
        break;
      case 'time': {
        // jieba alone on the given texts, timed here (the benchmark's "jieba alone": same
        // instance, same user words and HMM setting as the index's segmentation).
        if (!jieba) {
          reply(m, { jiebaError });
          break;
        }
        const t = performance.now();
        let n = 0;
        for (const text of m.texts!) {
          n += jieba.cut(text, true).length;
          alive();
        }
        reply(m, { ms: performance.now() - t, tokens: n });
        break;
      }
      case 'finish': {
        useJob(m.job!);
        if (!jieba) {
          reply(m, { jiebaError });
          break;
        }
        const r = packed ?? packTerms(tokens);
        useJob(0);
        reply(m, r, [r.offsets.buffer as ArrayBuffer, r.ids.buffer as ArrayBuffer]);
        break;
      }
    }
  } catch (e) {
    if (m.port) reply(m, { error: (e as Error)?.stack ?? String(e) });
  }
});
