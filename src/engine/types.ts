// Plain data shared by the whole engine. Nothing here (or anywhere under src/engine) may import
// `vscode`: the same engine runs in the CLI, in unit tests and in a worker thread.

/** A 1-based line and a 1-based column counted in UTF-16 code units, as VS Code counts them. */
export interface SourcePos {
  line: number;
  column: number;
}

export type Script = 'simplified' | 'traditional';

/** What we know about one corpus document. `null` means "unknown" and is reported as such. */
export interface DocMeta {
  /** Stable id inside one index (the display path). */
  id: string;
  /** Display path of the ORIGINAL file, e.g. `seeds/003_370ac0c7d6d374e6.txt`. */
  path: string;
  title: string;
  issuer: string | null;
  /** Canonical region name: `全国`, `江西`, `山东`, ... */
  region: string | null;
  /** `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; null when neither the manifest nor the text gives it. */
  date: string | null;
  /** Where title/date came from, so `index` can say "inferred" or "unknown" honestly. */
  metaSource: 'manifest' | 'inferred';
  script: Script;
}

/** A span of the original file that was dropped, with why. Offsets are into the normalised text. */
export interface ExcludedSpan {
  start: number;
  end: number;
  kind: 'debris' | 'corrupt';
  /** Short machine reason, e.g. `advert`, `contact`, `disclaimer`, `comment-box`, `link-list`, `repost-note`, `mojibake`. */
  reason: string;
  /** First characters of the span (original script), for reports. */
  preview: string;
}

/**
 * A sentence (within a paragraph) of a corpus document, in normalised Simplified text.
 * `start`/`end` index the document's normalised text; `pos`/`endPos` point into the ORIGINAL file.
 */
export interface Passage {
  /** Index into CorpusIndex.passages. */
  id: number;
  /** Index into CorpusIndex.docs. */
  doc: number;
  /** 0-based paragraph number within the document (a paragraph is a non-empty source line). */
  paragraph: number;
  text: string;
  start: number;
  end: number;
  pos: SourcePos;
  endPos: SourcePos;
}

/**
 * Offset map from normalised text back to the original text, stored compactly as breakpoints:
 * for normalised index i, find the last break b with b.norm <= i; original offset = b.orig + (i - b.norm).
 * Between breaks, one normalised char = one original UTF-16 unit (true for OpenCC's 1:1 conversions
 * and full-width folding; pinyin stripping and dropped debris create breaks).
 */
export interface OffsetMap {
  norm: number[];
  orig: number[];
}

/** One normalised document as stored in the index. */
export interface IndexedDoc {
  meta: DocMeta;
  /** sha256 of the original bytes; keys the user-corpus cache. */
  hash: string;
  /** Normalised Simplified text (full width folded, pinyin stripped). Excluded spans are still present. */
  text: string;
  map: OffsetMap;
  /** UTF-16 offsets of line starts in the ORIGINAL decoded text. */
  lineStarts: number[];
  excluded: ExcludedSpan[];
}

export type NameKind = 'programme' | 'document' | 'phrase';

/** A harvested programme name or document title. */
export interface ProgrammeName {
  /** Simplified form (what we match on). */
  name: string;
  /** Traditional form (what a Traditional draft gets). */
  traditional: string;
  kind: NameKind;
  /** Pinyin initials of the Simplified form, lower case, e.g. `yxql` for 云行齐鲁. */
  initials: string;
  /** Full pinyin without tones or spaces, e.g. `yunxingqilu`. */
  pinyin: string;
  /** Region of the document that first states it. */
  region: string | null;
  /** How many passages mention it across the corpus. */
  count: number;
  /** Ranking score (higher is better): programme-ness and frequency. */
  score: number;
  /** Passage id of the first mention. */
  firstPassage: number;
  /** How it was found: `quote` (“…”), `title` (《…》), `pattern` (…工程 etc.). */
  via: 'quote' | 'title' | 'pattern';
}

/** A skipped corpus file, with the reason shown to the user. */
export interface SkippedFile {
  path: string;
  reason: string;
}
