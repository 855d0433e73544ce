// OpenCC's tw→cn conversion (opencc-js `Converter({ from: 'tw', to: 'cn' })`), the same result
// computed with less work. opencc-js allocates a match object for every matched character, pushes
// every replacement (most of them equal to the source character) into an array, and slices the
// text into one string per segment for each of its tries: on the 1 MB benchmark corpus, whose
// documents are 40% Traditional, that was 15% of the main thread's build time. Here the same
// tries (built by opencc-js's own Trie from its own dictionaries, so entries and their precedence
// are OpenCC's) are walked by code unit over ranges of the text, and a string is only built
// where a replacement differs from the source.
//
// What is replicated exactly, from opencc-js 1.x (dist/esm-lib/core.js, ConverterBuilder):
//   convert(s) = converter(normalize(s)), with
//   normalize: one trie (the config's normalizationChain) over the whole string;
//   converter: the text cut into segments by the segmentation trie (matched phrases, and the
//     unmatched runs between them), then each conversion trie in turn over each segment alone;
//   a trie pass: at each position the longest match by code point replaces its key; elsewhere one
//     code point (or a whole ideographic description sequence) is kept.
// `twToCnConverter` returns null when the installed opencc-js is not laid out this way; callers
// then use opencc-js itself.

type TrieMap = Map<number, TrieMap> & { trie_val?: string };

/**
 * An opencc-js trie with its first level also as an array by BMP code unit: most positions of a
 * text start no key of most tries (the normalisation and variant tries have a few hundred keys),
 * and an array read is much cheaper than a Map miss.
 */
export interface FastTrie {
  root: TrieMap;
  first: (TrieMap | undefined)[];
}

export function fastTrie(root: TrieMap): FastTrie {
  const first = new Array<TrieMap | undefined>(65536).fill(undefined);
  for (const [cp, node] of root) if (cp <= 0xffff) first[cp] = node;
  return { root, first };
}
interface OpenCCTrie {
  map: TrieMap;
  loadDictGroup(group: string[]): void;
  loadDict(dict: string): void;
}
export interface OpenCCModule {
  Trie?: new () => OpenCCTrie;
  Locale?: { configs?: Record<string, { normalizationChain?: unknown; segmentation?: unknown; conversionChain?: unknown }> };
}

/** End of the last match (set by `matchPrefix`). */
let matchEnd = 0;
/** Value of the last match (set by `matchPrefix`). */
let matchValue = '';

/** The code point at i of s[…, end) (a high surrogate at end - 1 stands alone, as in a slice). */
function codePointIn(s: string, i: number, end: number): number {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
  }
  return c;
}

/** Trie.matchPrefix on s[i, end): the longest key starting at i; sets matchEnd/matchValue. */
function matchPrefix(trie: FastTrie, s: string, i: number, end: number): boolean {
  let t = trie.root;
  let found = false;
  for (let j = i; j < end; ) {
    const x = codePointIn(s, j, end);
    const next = j === i && x <= 0xffff ? trie.first[x] : t.get(x);
    j += x > 0xffff ? 2 : 1;
    if (next === undefined) break;
    t = next;
    const v = next.trie_val;
    if (v !== undefined) {
      found = true;
      matchEnd = j;
      matchValue = v;
    }
  }
  return found;
}

function idsArity(cp: number): number {
  if (cp >= 0x2ff0 && cp <= 0x2ff1) return 2;
  if (cp >= 0x2ff2 && cp <= 0x2ff3) return 3;
  if (cp >= 0x2ff4 && cp <= 0x2fff) return 2;
  return 0;
}

/** getIdeographicDescriptionSequenceEnd on s[…, end): 0 when no complete sequence starts at i. */
function idsEnd(s: string, i: number, end: number): number {
  const arity = idsArity(codePointIn(s, i, end));
  if (arity === 0) return 0;
  let e = i + 1; // an IDC is in the BMP
  for (let n = 0; n < arity; n++) {
    if (e >= end) return 0;
    const child = idsEnd(s, e, end);
    e = child || e + (codePointIn(s, e, end) > 0xffff ? 2 : 1);
  }
  return e;
}

/** getUnmatchedLength on s[…, end): how far an unmatched position advances. */
function unmatchedLength(s: string, i: number, end: number): number {
  const c = s.charCodeAt(i);
  if (c >= 0x2ff0 && c <= 0x2fff) {
    const e = idsEnd(s, i, end);
    if (e > i) return e - i;
  }
  return codePointIn(s, i, end) > 0xffff ? 2 : 1;
}

/** Whether s[from, to) is `v`. */
function sameText(s: string, from: number, to: number, v: string): boolean {
  if (v.length !== to - from) return false;
  for (let k = 0; k < v.length; k++) if (s.charCodeAt(from + k) !== v.charCodeAt(k)) return false;
  return true;
}

/** Trie.convert of s[from, to): null when the result is that slice unchanged, else the result. */
export function convertRange(trie: FastTrie, s: string, from: number, to: number): string | null {
  let parts: string[] | null = null;
  let run = from;
  const first = trie.first;
  for (let i = from; i < to; ) {
    const c = s.charCodeAt(i);
    // No key starts with this character, and it is one code point that is not an IDS start.
    if (first[c] === undefined && (c < 0x2ff0 || c > 0x2fff) && (c < 0xd800 || c > 0xdbff)) {
      i++;
      continue;
    }
    if (matchPrefix(trie, s, i, to)) {
      const e = matchEnd;
      if (!sameText(s, i, e, matchValue)) {
        (parts ??= []).push(s.slice(run, i), matchValue);
        run = e;
      }
      i = e;
    } else {
      i += unmatchedLength(s, i, to);
    }
  }
  if (parts === null) return null;
  parts.push(s.slice(run, to));
  return parts.join('');
}

/** Trie.segment of s, as the end offset of each segment. */
export function segmentEnds(trie: FastTrie, s: string): number[] {
  const n = s.length;
  const ends: number[] = [];
  let inRun = false;
  for (let i = 0; i < n; ) {
    if (matchPrefix(trie, s, i, n)) {
      if (inRun) ends.push(i);
      inRun = false;
      ends.push(matchEnd);
      i = matchEnd;
    } else {
      inRun = true;
      i += unmatchedLength(s, i, n);
    }
  }
  if (inRun) ends.push(n);
  return ends;
}

/** A converter from OpenCC tries: normalisation, segmentation, then the conversion passes per segment. */
export function chainConverter(normalization: FastTrie[], segmentation: FastTrie | null, passes: FastTrie[]): (s: string) => string {
  return (input: string) => {
    let s = input;
    for (const t of normalization) s = convertRange(t, s, 0, s.length) ?? s;
    if (passes.length === 0) return s;
    const ends = segmentation ? segmentEnds(segmentation, s) : s.length ? [s.length] : [];
    let parts: string[] | null = null;
    let run = 0;
    let from = 0;
    for (const to of ends) {
      // Each pass over the previous pass's output of this segment (or the segment itself).
      let seg: string | null = null;
      for (const t of passes) {
        const r: string | null = seg === null ? convertRange(t, s, from, to) : convertRange(t, seg, 0, seg.length);
        if (r !== null) seg = r;
      }
      if (seg !== null) {
        (parts ??= []).push(s.slice(run, from), seg);
        run = to;
      }
      from = to;
    }
    if (parts === null) return s;
    parts.push(s.slice(run));
    return parts.join('');
  };
}

const isStrings = (x: unknown): x is string[] => Array.isArray(x) && x.every((d) => typeof d === 'string');
const isGroups = (x: unknown): x is string[][] => Array.isArray(x) && x.every(isStrings);

/**
 * The tw→cn converter over opencc-js's tries, or null when opencc-js does not have the layout
 * this replicates (then Converter({ from: 'tw', to: 'cn' }) must be used).
 */
export function twToCnConverter(OpenCC: OpenCCModule): ((s: string) => string) | null {
  const cfg = OpenCC.Locale?.configs?.tw2s;
  const Trie = OpenCC.Trie;
  if (!cfg || !Trie) return null;
  const { normalizationChain, segmentation, conversionChain } = cfg;
  if (!isGroups(normalizationChain) || !isGroups(conversionChain) || !isStrings(segmentation)) return null;
  const trie = (group: string[]) => {
    const t = new Trie();
    t.loadDictGroup(group);
    if (!(t.map instanceof Map)) throw new Error('opencc-js Trie without a map');
    return fastTrie(t.map);
  };
  try {
    return chainConverter(normalizationChain.map(trie), trie(segmentation), conversionChain.map(trie));
  } catch {
    return null;
  }
}
