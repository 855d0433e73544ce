// What the features share: the index, the cached checks, the reviewed store, the diagnostics
// collection, the log and the last report. Built once in activate(); every registerX(context, host)
// receives it.

import * as vscode from 'vscode';
import type { DraftChecks } from './checks';
import type { IndexHost } from './indexHost';
import type { Report } from './pure/report';
import type { ReviewedStore } from './reviewed';

export interface EditorHost {
  readonly extensionUri: vscode.Uri;
  readonly index: IndexHost;
  readonly checks: DraftChecks;
  readonly reviewed: ReviewedStore;
  readonly diagnostics: vscode.DiagnosticCollection;
  readonly log: vscode.LogOutputChannel;
  /** Re-check open drafts now (after the index, the settings or the reviewed set changed). */
  refreshDiagnostics(doc?: vscode.TextDocument): void;
  /** Untitled report documents: never checked as drafts (they quote the drafts' figures). */
  readonly reportDocs: Set<string>;
  lastReport: Report | undefined;
}
