// BM25 over jieba tokens of passages. The index stores each passage's term ids (segmentation done
// once, at build time); postings are rebuilt on load, which is a linear pass with no segmentation.
// Queries are segmented by greedy longest match over the index vocabulary (see segment.ts).

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
  private readonly postings: Map<number, { ids: number[]; tfs: number[] }> = new Map();
  private readonly docLen: Float64Array;
  private readonly avgdl: number;
  private readonly termIds: Map<string, number>;
  private readonly segmenter: VocabSegmenter;

  constructor(
    private readonly vocab: string[],
    passageTerms: number[][],
  ) {
    this.termIds = new Map(vocab.map((t, i) => [t, i]));
    this.docLen = new Float64Array(passageTerms.length);
    let total = 0;
    for (let p = 0; p < passageTerms.length; p++) {
      const terms = passageTerms[p];
      this.docLen[p] = terms.length;
      total += terms.length;
      // Count term frequencies within the passage without allocating a Map per passage.
      const sorted = terms.slice().sort((a, b) => a - b);
      for (let i = 0; i < sorted.length; ) {
        let j = i + 1;
        while (j < sorted.length && sorted[j] === sorted[i]) j++;
        let post = this.postings.get(sorted[i]);
        if (!post) this.postings.set(sorted[i], (post = { ids: [], tfs: [] }));
        post.ids.push(p);
        post.tfs.push(j - i);
        i = j;
      }
    }
    this.avgdl = passageTerms.length ? total / passageTerms.length : 1;
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
    const terms = this.queryTerms(text);
    if (terms.length === 0) return [];
    const n = this.docLen.length;
    const scores = new Map<number, { score: number; terms: string[] }>();
    for (const term of terms) {
      const post = this.postings.get(this.termIds.get(term)!);
      if (!post) continue;
      const df = post.ids.length;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      for (let k = 0; k < post.ids.length; k++) {
        const p = post.ids[k];
        const tf = post.tfs[k];
        const s = (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * this.docLen[p]) / this.avgdl));
        const cur = scores.get(p);
        if (cur) {
          cur.score += s;
          cur.terms.push(term);
        } else scores.set(p, { score: s, terms: [term] });
      }
    }
    const hits: Bm25Hit[] = [];
    for (const [p, v] of scores) {
      if (exclude?.(p)) continue;
      hits.push({ passage: p, score: v.score, terms: v.terms });
    }
    hits.sort((a, b) => b.score - a.score || a.passage - b.passage);
    return hits.slice(0, top);
  }
}
