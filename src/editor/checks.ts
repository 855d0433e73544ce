// One check per document version. Diagnostics, hovers and quick fixes all ask about the same draft
// text; the check runs once per (version, settings, reviewed set, index) and the rest read the
// cached result, so hovering over ten figures does not run ten checks.

import * as vscode from 'vscode';
import type { CheckOptions, CheckResult } from '../engine/figures/check';
import { settings } from './config';
import type { IndexHost } from './indexHost';
import type { ReviewedStore } from './reviewed';

interface Entry {
  version: number;
  stamp: number;
  result: CheckResult;
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

  options(uri: vscode.Uri): CheckOptions {
    const s = settings(uri);
    return { defaultRegion: s.defaultRegion, defaultDate: s.defaultDate, reviewed: this.reviewed.predicate(uri) };
  }

  /** Cached result for this exact version, if any. */
  peek(doc: vscode.TextDocument): CheckResult | undefined {
    const e = this.cache.get(doc.uri.toString());
    return e && e.version === doc.version && e.stamp === this.stamp ? e.result : undefined;
  }

  /** The check of the document's current text, or undefined while the index is not loaded. */
  run(doc: vscode.TextDocument): CheckResult | undefined {
    const hit = this.peek(doc);
    if (hit) return hit;
    const svc = this.index.peek();
    if (!svc) return undefined;
    const result = svc.check(doc.getText(), this.options(doc.uri));
    this.cache.set(doc.uri.toString(), { version: doc.version, stamp: this.stamp, result });
    return result;
  }

  /** A check of text that is not (necessarily) open, for the workspace command. */
  checkText(uri: vscode.Uri, text: string): CheckResult | undefined {
    const svc = this.index.peek();
    return svc?.check(text, this.options(uri));
  }
}
