// The index-build worker thread: jieba segmentation of passages while the main thread does the
// rest of the build (see startIndexSegmentation in segment.ts). esbuild bundles it to
// dist/worker.js; tsc compiles it to out/src/engine/worker.js; both sit next to segment.js.
//
// A build must give exactly what "insert the harvested names as user words, then cut every
// passage" gives, but the names are only known after all passages exist, and cutting is the
// longest step. So the worker cuts passages as soon as they arrive (speculatively, without this
// build's names; a few thousand characters per jieba call, see cutBatch). The names are taken in
// between two cuts as soon as they are posted: they are
// inserted at once, the passages already cut that contain one of them are cut again, and the rest
// are cut once, with the names in place. Then the terms are numbered while the main thread is
// still extracting figures. That is exact: a user word changes jieba's word graph only at the
// places where the word occurs in the text (its weight is fixed; the other words' weights are not
// renormalised), and HMM runs on the word graph's result, so a passage without any of the words
// is cut the same before and after the insertion. Words inserted by an earlier build of the
// process are not inserted again, and nothing is cut again for them (the passages were cut with
// them in place).

import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { packTerms } from './segment';

interface NodeJieba {
  load(opts?: unknown): void;
  cut(text: string, hmm?: boolean): string[];
  insertWord(word: string): boolean;
}

const shared = workerData as { beat?: Int32Array; posted?: Int32Array } | null;
/** Bumped after every cut: the main thread's proof that this thread is alive while it waits. */
const beat = shared?.beat;
/** How many messages the main thread has posted; compared with `received` to drain the queue. */
const posted = shared?.posted;
let received = 0;
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

/**
 * Every word inserted into this jieba, over all the builds of the process. Inserting a word again
 * changes nothing (same weight, same tag), so only words not in here are inserted, and only
 * passages containing one of those are cut again: a rebuild of the same corpus (an edit of one
 * document, the benchmark's repeated builds) cuts nothing twice.
 */
const inserted = new Set<string>();

/** State of the current build (one at a time; a new job id starts afresh). */
let job = 0;
let texts: string[] = [];
let tokens: string[][] = [];
/** How many of `texts` are cut (tokens[i] exists for i < cut). */
let cut = 0;
/** The numbered terms of the current tokens, computed once all are cut with the words; null when stale. */
let packed: ReturnType<typeof packTerms> | null = null;
/** Whether this job's words have been applied (then every cut is final). */
let wordsApplied = false;

function useJob(id: number): void {
  if (id === job) return;
  job = id;
  texts = [];
  tokens = [];
  cut = 0;
  packed = null;
  wordsApplied = false;
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
 * Insert the words not yet inserted and cut again the passages already cut that contain one of
 * them (the passages not cut yet are cut with the words in place).
 */
function applyWords(words: string[]): void {
  const j = jieba!;
  const fresh: string[] = [];
  for (const w of words) {
    if (inserted.has(w)) continue;
    j.insertWord(w);
    inserted.add(w);
    fresh.push(w);
  }
  wordsApplied = true;
  if (fresh.length === 0) return;
  const trie = trieOf(fresh);
  for (let i = 0; i < cut; i++) {
    if (containsAny(trie, texts[i])) tokens[i] = j.cut(texts[i], true);
    alive();
  }
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

/** Messages received and not yet handled, in the order posted. */
const queue: Message[] = [];

/**
 * Take the messages waiting in this thread's port now, without returning to the event loop: the
 * names of a build are posted while this thread is still cutting earlier passages, and applying
 * them at once means the passages still to cut are cut once, with the names, instead of twice.
 */
function drain(): void {
  if (!posted || !parentPort || Atomics.load(posted, 0) === received) return;
  let r: { message: Message } | undefined;
  while ((r = receiveMessageOnPort(parentPort) as { message: Message } | undefined)) {
    received++;
    queue.push(r.message);
  }
}

function handle(m: Message): void {
  try {
    switch (m.type) {
      case 'hello':
        reply(m, { jiebaError });
        break;
      case 'cut':
        useJob(m.job!);
        packed = null;
        for (const t of m.texts!) texts.push(t);
        if (!jieba) for (const _ of m.texts!) tokens[cut++] = [];
        break;
      case 'words':
        useJob(m.job!);
        packed = null;
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
        // Every message of this job came before this one: nothing more to take in.
        cutAll(false);
        const r = packed ?? packTerms(tokens);
        useJob(0);
        reply(m, r, [r.offsets.buffer as ArrayBuffer, r.ids.buffer as ArrayBuffer]);
        break;
      }
    }
  } catch (e) {
    if (m.port) reply(m, { error: (e as Error)?.stack ?? String(e) });
  }
}

/**
 * Cut the passages received and not yet cut. With `takeIn`, messages posted meanwhile are taken in
 * between two cuts: more passages, and above all the words, so that the passages still to cut are
 * cut with them in place. A message that replies (finish) stays queued: it needs these cuts first.
 */
function cutAll(takeIn: boolean): void {
  const j = jieba!;
  while (cut < texts.length) {
    let end = cut + 1;
    for (let chars = texts[cut].length; end < texts.length && chars + texts[end].length < BATCH_CHARS; end++) chars += texts[end].length + 1;
    cutBatch(j, cut, end);
    cut = end;
    alive();
    if (!takeIn) continue;
    drain();
    while (queue.length && (queue[0].type === 'cut' || queue[0].type === 'words')) handle(queue.shift()!);
  }
}

/**
 * Passages are cut a few thousand characters at a time, joined by '\n', instead of one call per
 * passage: the seeds' 426 passages (21k characters) took 11 ms in 426 calls and 9 ms in one, and
 * a 10 MB corpus has 61k passages. The result is the same: cppjieba splits its input at '\n'
 * (one of its separators, with space, tab, ， and 。) before it looks anything up, so no word
 * and no HMM run crosses it, and emits the '\n' as a token of its own. The tokens are dealt back
 * to their passages by length; if they do not fall exactly on the passage boundaries, with one
 * '\n' token between passages, the batch is cut again passage by passage.
 */
const BATCH_CHARS = 4096;

function cutBatch(j: NodeJieba, from: number, to: number): void {
  if (to - from === 1) {
    tokens[from] = j.cut(texts[from], true);
    return;
  }
  const all = j.cut(texts.slice(from, to).join('\n'), true);
  const dealt: string[][] = [];
  let k = 0;
  for (let i = from; i < to; i++) {
    const text = texts[i];
    const out: string[] = [];
    let at = 0;
    while (at < text.length && k < all.length) {
      const w = all[k++];
      if (!text.startsWith(w, at)) break;
      out.push(w);
      at += w.length;
    }
    if (at !== text.length || (i + 1 < to && all[k++] !== '\n')) return cutEach(j, from, to);
    dealt.push(out);
  }
  if (k !== all.length) return cutEach(j, from, to);
  for (let i = from; i < to; i++) tokens[i] = dealt[i - from];
}

/** The batch cut again passage by passage (its tokens did not fall on the passage boundaries). */
function cutEach(j: NodeJieba, from: number, to: number): void {
  for (let x = from; x < to; x++) tokens[x] = j.cut(texts[x], true);
}

/** Handle everything queued; between messages, cut what has arrived. */
function run(): void {
  for (;;) {
    drain();
    if (queue.length) {
      handle(queue.shift()!);
      continue;
    }
    if (!jieba || cut >= texts.length) break;
    cutAll(true);
  }
  // All cut and the words in: number the terms now, while the main thread is still busy, so
  // that 'finish' only replies.
  if (jieba && wordsApplied && !packed && cut === texts.length && texts.length > 0) packed = packTerms(tokens);
}

parentPort?.on('message', (m: Message) => {
  received++;
  queue.push(m);
  run();
});
