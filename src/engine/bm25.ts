// BM25 over jieba tokens of passages. The index stores each passage's term ids (segmentation done
// once, at build time); postings are rebuilt on load, which is a linear pass with no segmentation.
// Queries are segmented by greedy longest match over the index vocabulary (see segment.ts).
//
// Layout, for speed on a 10 MB corpus (61k passages, 1.7M tokens): postings are one CSR structure
// in typed arrays (term -> passages ascending, with term frequencies) built in two linear passes;
// a query accumulates scores in a reused Float64Array, touching only the passages its terms occur
// in, and keeps the best `top` with a bounded insertion instead of sorting every scored passage
// (a query with 数字经济 scores tens of thousands of passages; sorting them all cost 100+ ms).

import { VocabSegmenter } from './segment';

const K1 = 1.2;
const B = 0.75;

// Function words and the domain's ubiquitous words: in a corpus about the digital economy,
// 数字经济 alone says little about which passage is related, but it must not be dropped either
// (IDF already discounts it); only words that never carry topic are listed here.
const STOP = new Set(
  '的 了 和 与 及 以及 或 等 是 在 对 为 将 把 被 从 向 于 由 以 其 之 也 都 而 并 就 这 那 这些 那些 我们 我 你 他 她 它 一 个 上 下 中 有 要 会 能 可以 进一步 加快 推动 推进 加强 实施 开展 积极 全面 大力 深入 一批 一系列 方面 工作 情况 问题 谢谢'.split(' '),
);

export interface Bm25Hit {
  passage: number;
  score: number;
  terms: string[];
}

export class Bm25Index {
  private readonly docLen: Float64Array;
  /** K1 · (1 − B + B · len / avgdl) per passage: the length part of the BM25 denominator. */
  private readonly lenNorm: Float64Array;
  private readonly avgdl: number;
  private readonly termIds: Map<string, number>;
  private readonly segmenter: VocabSegmenter;
  /** postings of term t: passages postPassage[termStart[t] .. termStart[t+1]), ascending, with postTf. */
  private readonly termStart: Int32Array;
  private readonly postPassage: Int32Array;
  private readonly postTf: Int32Array;
  /** Score accumulator, reused by every query (all zero between queries). */
  private readonly acc: Float64Array;
  private readonly touched: Int32Array;

  constructor(
    private readonly vocab: string[],
    passageTerms: number[][],
  ) {
    this.termIds = new Map(vocab.map((t, i) => [t, i]));
    const n = passageTerms.length;
    const v = vocab.length;
    this.docLen = new Float64Array(n);
    // Pass 1: document frequency of each term (a term counted once per passage).
    const lastSeen = new Int32Array(v).fill(-1);
    const df = new Int32Array(v + 1);
    let total = 0;
    for (let p = 0; p < n; p++) {
      const terms = passageTerms[p];
      this.docLen[p] = terms.length;
      total += terms.length;
      for (let i = 0; i < terms.length; i++) {
        const t = terms[i];
        if (lastSeen[t] !== p) {
          lastSeen[t] = p;
          df[t]++;
        }
      }
    }
    this.termStart = new Int32Array(v + 1);
    for (let t = 0; t < v; t++) this.termStart[t + 1] = this.termStart[t] + df[t];
    // Pass 2: fill postings in passage order, so each term's list is ascending.
    const size = this.termStart[v];
    this.postPassage = new Int32Array(size);
    this.postTf = new Int32Array(size);
    const cursor = this.termStart.slice(0, v);
    const slot = new Int32Array(v);
    lastSeen.fill(-1);
    for (let p = 0; p < n; p++) {
      const terms = passageTerms[p];
      for (let i = 0; i < terms.length; i++) {
        const t = terms[i];
        if (lastSeen[t] !== p) {
          lastSeen[t] = p;
          const at = cursor[t]++;
          slot[t] = at;
          this.postPassage[at] = p;
          this.postTf[at] = 1;
        } else this.postTf[slot[t]]++;
      }
    }
    this.avgdl = n ? total / n : 1;
    this.lenNorm = new Float64Array(n);
    for (let p = 0; p < n; p++) this.lenNorm[p] = K1 * (1 - B + (B * this.docLen[p]) / this.avgdl);
    this.acc = new Float64Array(n);
    this.touched = new Int32Array(n);
    this.segmenter = new VocabSegmenter(vocab.filter((t) => t.length > 1));
  }

  get size(): number {
    return this.docLen.length;
  }

  /** Query terms that exist in the vocabulary, deduplicated, stop words removed. */
  queryTerms(text: string): string[] {
    const seen = new Set<string>();
    for (const t of this.segmenter.cut(text)) {
      if (STOP.has(t) || seen.has(t) || !this.termIds.has(t)) continue;
      // A lone CJK character or digit is too weak a signal on its own.
      if (t.length === 1) continue;
      seen.add(t);
    }
    return [...seen];
  }

  search(text: string, top = 5, exclude?: (passage: number) => boolean): Bm25Hit[] {
    // `top` counts like Array#slice(0, top) did: truncated; 0 or less gives nothing.
    top = top === Infinity ? this.docLen.length : Math.trunc(top);
    const terms = this.queryTerms(text);
    if (terms.length === 0 || !(top > 0)) return [];
    const n = this.docLen.length;
    const { acc, touched, postPassage, postTf, lenNorm, termStart } = this;
    let nTouched = 0;
    const ids: number[] = [];
    for (const term of terms) {
      const id = this.termIds.get(term)!;
      ids.push(id);
      const from = termStart[id];
      const to = termStart[id + 1];
      if (from === to) continue;
      const df = to - from;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      for (let k = from; k < to; k++) {
        const p = postPassage[k];
        const tf = postTf[k];
        // Same expression, same order of operations as before the typed-array rewrite, so scores
        // (and the ties broken by passage id) are bit-for-bit what they were.
        const s = (idf * tf * (K1 + 1)) / (tf + lenNorm[p]);
        // Every term score is > 0 (idf > 0, tf ≥ 1), so 0 means "not touched yet".
        if (acc[p] === 0) touched[nTouched++] = p;
        acc[p] += s;
      }
    }
    // The best `top` by score desc, then passage asc: a sorted buffer with insertion.
    const bestP: number[] = [];
    const bestS: number[] = [];
    for (let i = 0; i < nTouched; i++) {
      const p = touched[i];
      const s = acc[p];
      acc[p] = 0;
      if (bestP.length === top) {
        const lastS = bestS[top - 1];
        if (s < lastS || (s === lastS && p > bestP[top - 1])) continue;
      }
      if (exclude?.(p)) continue;
      let j = bestP.length;
      while (j > 0 && (bestS[j - 1] < s || (bestS[j - 1] === s && bestP[j - 1] > p))) j--;
      bestP.splice(j, 0, p);
      bestS.splice(j, 0, s);
      if (bestP.length > top) {
        bestP.pop();
        bestS.pop();
      }
    }
    // Matched terms of each hit, in query order: membership by binary search in the postings.
    return bestP.map((p, i) => ({ passage: p, score: bestS[i], terms: terms.filter((_, k) => this.hasPosting(ids[k], p)) }));
  }

  private hasPosting(term: number, p: number): boolean {
    let lo = this.termStart[term];
    let hi = this.termStart[term + 1] - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const q = this.postPassage[mid];
      if (q === p) return true;
      if (q < p) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }
}
