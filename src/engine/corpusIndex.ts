// The corpus index: documents, passages, programme names, official figures and BM25 terms.
// Built once (jieba is needed only here), then saved (JSON for the prebuilt seed index, a binary
// cache for user corpora, see persist.ts) and reloaded without any segmentation.

import { extractOfficialFigures, type OfficialFigure } from './figures/official';
import { passagesOf } from './passages';
import { harvestNames } from './registry';
import { cleanTokens, type Segmenter } from './segment';
import { sha256 } from './documents';
import type { IndexedDoc, Passage, ProgrammeName, SkippedFile } from './types';

/** Bump when the stored shape or the meaning of any stored field changes: old caches are rebuilt. */
export const INDEX_FORMAT = 4;

export interface CorpusIndex {
  format: number;
  /** Hash of the inputs (file hashes, paths, manifest metadata, format): the cache key. */
  key: string;
  builtWith: string;
  docs: IndexedDoc[];
  passages: Passage[];
  names: ProgrammeName[];
  figures: OfficialFigure[];
  vocab: string[];
  passageTerms: number[][];
  skipped: SkippedFile[];
}

/**
 * Cache key of a corpus, computed from the raw files (no decoding or normalisation needed to
 * decide whether a cache is still good): changes when any file's bytes, path or manifest entry do.
 */
export function corpusKey(files: { path: string; bytes: Uint8Array; entry?: unknown }[], extra = ''): string {
  const parts = files.map((f) => `${f.path}\u0000${sha256(f.bytes)}\u0000${JSON.stringify(f.entry ?? null)}`);
  return sha256(`${INDEX_FORMAT}\u0001${extra}\u0001${parts.join('\u0002')}`);
}

export interface BuildProgress {
  (phase: string, done: number, total: number): void;
}

export function buildIndex(
  docs: IndexedDoc[],
  skipped: SkippedFile[],
  segmenter: Segmenter,
  opts: { progress?: BuildProgress; key?: string } = {},
): CorpusIndex {
  const passages: Passage[] = [];
  docs.forEach((d, i) => passages.push(...passagesOf(d, i, passages.length)));
  const names = harvestNames(docs, passages);
  // Harvested names become user words so jieba keeps 工赋山东 whole instead of 工赋/山东.
  for (const n of names) if (n.kind !== 'phrase') segmenter.addWord(n.name);
  const vocabIds = new Map<string, number>();
  const vocab: string[] = [];
  const passageTerms: number[][] = [];
  for (let p = 0; p < passages.length; p++) {
    const ids: number[] = [];
    for (const tok of cleanTokens(segmenter.cut(passages[p].text))) {
      let id = vocabIds.get(tok);
      if (id === undefined) {
        id = vocab.length;
        vocab.push(tok);
        vocabIds.set(tok, id);
      }
      ids.push(id);
    }
    passageTerms.push(ids);
    if (opts.progress && p % 2000 === 0) opts.progress('segment', p, passages.length);
  }
  const figures = extractOfficialFigures(docs, passages);
  return {
    format: INDEX_FORMAT,
    key: opts.key ?? '',
    builtWith: segmenter.name,
    docs,
    passages,
    names,
    figures,
    vocab,
    passageTerms,
    skipped,
  };
}

/** Counts for `index` and the status bar. */
export function summarize(index: CorpusIndex) {
  return {
    documents: index.docs.length,
    passages: index.passages.length,
    names: index.names.filter((n) => n.kind !== 'phrase').length,
    programmes: index.names.filter((n) => n.kind === 'programme').length,
    titles: index.names.filter((n) => n.kind === 'document').length,
    figures: index.figures.length,
    excluded: index.docs.reduce((s, d) => s + d.excluded.length, 0),
    skipped: index.skipped.length,
  };
}
