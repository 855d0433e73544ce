// The corpus index: documents, passages, programme names, official figures and BM25 terms.
// Built once (jieba is needed only here), then saved (JSON for the prebuilt seed index, a binary
// cache for user corpora, see persist.ts) and reloaded without any segmentation.

import { buildDocs, type ReadCorpusResult } from './corpus';
import { DEFAULT_MAX_BYTES } from './decode';
import { sha256 } from './documents';
import { extractOfficialFigures, type OfficialFigure } from './figures/official';
import { traditionalForms } from './normalize';
import { passagesOf } from './passages';
import { harvestNames } from './registry';
import { sequentialJob, type SegmentationJob, type Segmenter } from './segment';
import type { IndexedDoc, Passage, ProgrammeName, SkippedFile } from './types';

/** Bump when the stored shape or the meaning of any stored field changes: old caches are rebuilt. */
// 6: official figures carry their Traditional text (OfficialFigure.traditional).
export const INDEX_FORMAT = 6;

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
  const job = sequentialJob(segmenter);
  job.add(passages.map((p) => p.text));
  return assemble(docs, skipped, passages, job, opts);
}

/**
 * Build from the files of a corpus (what loadCorpus does): each document is decoded, normalised
 * and cut into passages in turn, and its passages go to the segmentation job at once, so a worker
 * segments while the next documents are read. The documents and skips of buildDocs, and the
 * passages of buildIndex.
 */
export function buildIndexFromFiles(
  read: ReadCorpusResult,
  job: SegmentationJob,
  opts: { progress?: BuildProgress; key?: string; maxBytes?: number } = {},
): CorpusIndex {
  const passages: Passage[] = [];
  const { docs, skipped } = buildDocs(read, opts.maxBytes ?? DEFAULT_MAX_BYTES, (doc, n) => {
    const ps = passagesOf(doc, n, passages.length);
    for (const p of ps) passages.push(p);
    job.add(ps.map((p) => p.text));
  });
  return assemble(docs, skipped, passages, job, opts);
}

function assemble(
  docs: IndexedDoc[],
  skipped: SkippedFile[],
  passages: Passage[],
  job: SegmentationJob,
  opts: { progress?: BuildProgress; key?: string },
): CorpusIndex {
  // One cn→tw for the build's names and figure texts, built only if one of them is new.
  const toTw = traditionalForms();
  const names = harvestNames(docs, passages, toTw);
  // Harvested names become user words so jieba keeps 工赋山东 whole instead of 工赋/山东.
  job.addWords(names.filter((n) => n.kind !== 'phrase').map((n) => n.name));
  // Figures do not depend on segmentation: extracted while a worker job is still cutting.
  const figures = extractOfficialFigures(docs, passages);
  addTraditionalTexts(figures, toTw);
  const { segmenter, vocab, passageTerms } = job.finish();
  // Segmentation runs in the worker meanwhile and ends here: one report, when it is done.
  opts.progress?.('segment', passages.length, passages.length);
  return {
    format: INDEX_FORMAT,
    key: opts.key ?? '',
    builtWith: segmenter,
    docs,
    passages,
    names,
    figures,
    vocab,
    passageTerms,
    skipped,
  };
}

/**
 * Fill in each official figure's Traditional text (the quick fix's replacement in a Traditional
 * draft) here, at build time, rather than in the check: cn→tw holds ~40–56 MB and in the editor
 * the check runs in the engine worker inside the extension host (its RSS growth was 100–107 MB
 * against a 100 MB target). The texts are short and few (139 figures on the seeds: `6688亿元`,
 * `20.2万个`), so storing them costs nothing.
 */
function addTraditionalTexts(figures: OfficialFigure[], toTw: (s: string) => string): void {
  for (const f of figures) {
    const tw = toTw(f.text);
    // Most texts do not change (`206家`, `45.2%`): one string for both fields.
    f.traditional = tw === f.text ? f.text : tw;
  }
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
