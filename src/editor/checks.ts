// One check per document version. Diagnostics, hovers and quick fixes all ask about the same draft
// text; the check runs once per (version, settings, reviewed set, index) and the rest read the
// cached result, so hovering over ten figures does not run ten checks. The check itself runs in the
// engine worker: a request in flight for a version is shared by everyone who asks for that
// version meanwhile (the diagnostics run and a hover on the freshly opened draft send one check).

import * as vscode from 'vscode';
import type { CheckResult } from '../engine/figures/check';
import { settings } from './config';
import type { WireCheckOptions } from './engineProtocol';
import type { IndexHost } from './indexHost';
import type { ReviewedStore } from './reviewed';

interface Entry {
  version: number;
  stamp: number;
  result: Promise<CheckResult>;
  done?: CheckResult;
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
    this.cache.delete(uri.toString());
  }

  options(uri: vscode.Uri): WireCheckOptions {
    const s = settings(uri);
    return { defaultRegion: s.defaultRegion, defaultDate: s.defaultDate, reviewed: this.reviewed.wire(uri) };
  }

  /** Finished result for this exact version, if any. */
  peek(doc: vscode.TextDocument): CheckResult | undefined {
    const e = this.cache.get(doc.uri.toString());
    return e && e.version === doc.version && e.stamp === this.stamp ? e.done : undefined;
  }

  /**
   * The check of the document's current text (as of this call), or undefined while the index is
   * not loaded. Callers compare doc.version afterwards: the text may have changed meanwhile.
   */
  run(doc: vscode.TextDocument): Promise<CheckResult | undefined> {
    const key = doc.uri.toString();
    const e = this.cache.get(key);
    if (e && e.version === doc.version && e.stamp === this.stamp) return e.result;
    const engine = this.index.peek();
    if (!engine) return Promise.resolve(undefined);
    const entry: Entry = { version: doc.version, stamp: this.stamp, result: engine.check(doc.getText(), this.options(doc.uri)) };
    this.cache.set(key, entry);
    entry.result.then(
      (r) => (entry.done = r),
      // A failed check is not cached: the next ask tries again.
      () => this.cache.get(key) === entry && this.cache.delete(key),
    );
    return entry.result;
  }

  /** A check of text that is not (necessarily) open, for the workspace command. */
  async checkText(uri: vscode.Uri, text: string): Promise<CheckResult | undefined> {
    const engine = this.index.peek();
    return engine?.check(text, this.options(uri));
  }
}
