// The messages between the extension host and the engine worker (engineWorker.ts, dist/engineWorker.js).
// No engine code at run time (only type imports from the engine, and the STALE marker): this file
// is imported by the activation bundle, which must not contain engine code (esbuild.js checks it).
//
// The worker exists because the language service's CPU work blocked the extension host: the first
// check of a Traditional draft 230–420 ms (OpenCC's two converters then; cn→tw is now built only
// with an index), the first homophone completion 60–100 ms (pinyin-pro), a 100k-character draft's
// check ~300 ms. In the worker none of that stops the host's event loop; the host only sends text
// and receives plain data (structured clone keeps Infinity, which open-ended figures such as
// 超过40万家 = [40万, ∞) need).

import type { CompleteOptions, CompletionItemData } from '../engine/complete';
import type { CorpusIndex, summarize } from '../engine/corpusIndex';
import type { CheckedFigure, CheckResult } from '../engine/figures/check';
import type { NameHover, RelatedPassage } from '../engine/service';
import type { SummaryRow } from './pure/summary';

/**
 * CheckOptions as data: the engine's `reviewed` is a predicate, which cannot cross threads, so the
 * draft's path (relative to its workspace folder) and the folder's reviewed keys (pure/reviewed.ts
 * reviewedKey) travel instead and the worker rebuilds the predicate.
 */
export interface WireCheckOptions {
  defaultRegion: string | null;
  defaultDate: string | null;
  reviewed?: { draft: string; keys: string[] };
}

export type Summary = ReturnType<typeof summarize>;

/** What a load answers: enough for the status bar and the log; the index itself stays in the worker. */
export interface LoadInfo {
  summary: Summary;
  skipped: CorpusIndex['skipped'];
  /** One line per dropped debris span (`path: dropped kind/reason: "preview"`), for the debug log. */
  excluded: string[];
}

export interface CorpusInfo {
  summary: Summary;
  rows: SummaryRow[];
  skipped: CorpusIndex['skipped'];
}

export interface NameAt {
  hover: NameHover;
  start: number;
  end: number;
}

/**
 * A check as the host receives it: CheckResult's shape, but `figures` holds only the findings
 * (pure/figures.ts findingsOf: what diagnostics, quick fixes and the report use), at most the
 * request's limit; `summary` still counts every figure. The full result stays in the worker, keyed
 * by document, for hovers (figureAt).
 */
export interface DraftCheck extends CheckResult {
  /** Findings left off by the limit. */
  omitted: number;
}

/** figureAt's answer when the worker no longer holds that document's check at that tag. */
export const STALE = 'stale';

/** The worker's methods. Each request names one and passes its arguments; the reply is its value. */
export interface EngineApi {
  /** Loads the index written to `file` (null: an empty index). null when the file is missing or unusable. */
  load(file: string | null): LoadInfo | null;
  /**
   * Checks `text`. With a `key` (the document's URI) the full result is kept under it, tagged `tag`
   * (document version and settings stamp), for figureAt; the last few documents' are kept.
   */
  check(key: string | null, tag: string, text: string, opts: WireCheckOptions, limit: number | null): DraftCheck;
  /** The figure at (line, column) (1-based) of the check kept for `key` at `tag`; STALE if there is none. */
  figureAt(key: string, tag: string, line: number, column: number): CheckedFigure | null | typeof STALE;
  /** Drops the check kept for `key` (the document was closed). */
  forget(key: string): void;
  nameAt(lineText: string, column: number): NameAt | null;
  complete(lineBeforeCursor: string, opts: CompleteOptions): CompletionItemData[];
  related(text: string, top: number): RelatedPassage[];
  corpus(): CorpusInfo;
}

export type Method = keyof EngineApi;

export interface Request<M extends Method = Method> {
  id: number;
  method: M;
  args: Parameters<EngineApi[M]>;
}

export type FromWorker =
  | { kind: 'reply'; id: number; ok: true; value: unknown }
  | { kind: 'reply'; id: number; ok: false; error: string }
  | { kind: 'log'; level: 'debug' | 'info' | 'warn'; message: string };
