// One check per document version. Diagnostics, hovers and quick fixes all ask about the same draft
// text; the check runs once per (version, settings, reviewed set, index) and the rest read the
// cached result, so hovering over ten figures does not run ten checks.
//
// The check runs in the engine worker. The host receives its findings only (DraftCheck: at most
// maxProblems of them, all of them for the report commands); the full result stays in the worker
// under the document's URI and tag, where figureAt() looks up the one figure a hover shows. A
// request in flight for a version is shared by everyone who asks for that version meanwhile (the
// diagnostics run and a hover on a freshly opened draft send one check).

import * as vscode from 'vscode';
import type { CheckedFigure } from '../engine/figures/check';
import { settings } from './config';
import { STALE, type DraftCheck, type WireCheckOptions } from './engineProtocol';
import type { IndexHost } from './indexHost';
import type { ReviewedStore } from './reviewed';

interface Entry {
  version: number;
  stamp: number;
  /** Whether every finding was asked for (the report commands), not only the first maxProblems. */
  all: boolean;
  result: Promise<DraftCheck>;
  done?: DraftCheck;
}

export class DraftChecks {
  private readonly cache = new Map<string, Entry>();
  /** Bumped when anything but the text changes (settings, reviewed entries, the index). */
  private stamp = 0;

  constructor(
    private readonly index: IndexHost,
    private readonly reviewed: ReviewedStore,
  ) {}

  invalidate(): void {
    this.stamp++;
    this.cache.clear();
  }

  forget(uri: vscode.Uri): void {
    const key = uri.toString();
    // Only a document checked before can have a result in the worker. peek() would start the
    // worker and load the index, and this runs when any document closes (git:, output channels).
    if (this.cache.delete(key)) this.index.peek()?.forget(key);
  }

  options(uri: vscode.Uri, s = settings(uri)): WireCheckOptions {
    return { defaultRegion: s.defaultRegion, defaultDate: s.defaultDate, reviewed: this.reviewed.wire(uri) };
  }

  /** The worker keeps a check's full result under this tag (figureAt looks it up by it). */
  private tag(version: number, stamp = this.stamp): string {
    return `${version}:${stamp}`;
  }

  /**
   * The check of the document's current text (as of this call), or undefined while the index is
   * not loaded. Callers compare doc.version afterwards: the text may have changed meanwhile.
   * `all`: every finding (the report), not only the first maxProblems (diagnostics, quick fixes).
   */
  run(doc: vscode.TextDocument, all = false): Promise<DraftCheck | undefined> {
    const key = doc.uri.toString();
    const e = this.cache.get(key);
    if (e && e.version === doc.version && e.stamp === this.stamp && (e.all || !all || e.done?.omitted === 0)) return e.result;
    const engine = this.index.peek();
    if (!engine) return Promise.resolve(undefined);
    const s = settings(doc.uri);
    const limit = all ? null : s.maxProblems;
    const entry: Entry = { version: doc.version, stamp: this.stamp, all, result: engine.check(key, this.tag(doc.version), doc.getText(), this.options(doc.uri, s), limit) };
    this.cache.set(key, entry);
    entry.result.then(
      (r) => (entry.done = r),
      // A failed check is not cached: the next ask tries again.
      () => this.cache.get(key) === entry && this.cache.delete(key),
    );
    return entry.result;
  }

  /**
   * The figure at (line, column) (1-based) of the document's current version, from the full check
   * the worker kept; null when there is none there. Runs the check first if needed.
   */
  async figureAt(doc: vscode.TextDocument, line: number, column: number): Promise<CheckedFigure | null> {
    const key = doc.uri.toString();
    for (let attempt = 0; attempt < 2; attempt++) {
      const version = doc.version;
      const stamp = this.stamp;
      const engine = this.index.peek();
      if (!engine || !(await this.run(doc))) return null;
      // The worker answers in order: after this check's reply it holds the result for this tag.
      const f = await engine.figureAt(key, this.tag(version, stamp), line, column);
      if (f !== STALE) return f;
      // The worker dropped it (more drafts checked since, or a new index): check again, once.
      const e = this.cache.get(key);
      if (e && e.version === version && e.stamp === stamp) this.cache.delete(key);
    }
    return null;
  }

  /** A check of text that is not (necessarily) open, for the workspace command: every finding. */
  async checkText(uri: vscode.Uri, text: string): Promise<DraftCheck | undefined> {
    const engine = this.index.peek();
    return engine?.check(null, '', text, this.options(uri), null);
  }
}
