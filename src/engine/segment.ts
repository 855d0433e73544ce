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
  createIndexSegmenter(log);
}
