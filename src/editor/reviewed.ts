// The reviewed-figures store, one `.policy-assist/reviewed.json` per workspace folder. Read
// asynchronously on first need and whenever the file changes on disk (a reviewer may edit or
// delete entries by hand, or pull a colleague's); written only by the "mark as reviewed" quick fix.

import * as vscode from 'vscode';
import type { WireCheckOptions } from './engineProtocol';
import { addReviewed, parseReviewed, REVIEWED_DIR, REVIEWED_FILE, reviewedSet, serializeReviewed, type ReviewedEntry } from './pure/reviewed';

interface FolderState {
  entries: ReviewedEntry[];
  keys: Set<string>;
  loaded: Promise<void>;
}

export class ReviewedStore implements vscode.Disposable {
  private readonly folders = new Map<string, FolderState>();
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly watcher: vscode.FileSystemWatcher;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.watcher = vscode.workspace.createFileSystemWatcher(`**/${REVIEWED_DIR}/${REVIEWED_FILE}`);
    const reload = (uri: vscode.Uri) => {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (folder && this.folders.has(folder.uri.toString())) {
        this.folders.delete(folder.uri.toString());
        void this.ready(folder).then(() => this.emitter.fire());
      }
    };
    this.watcher.onDidChange(reload);
    this.watcher.onDidCreate(reload);
    this.watcher.onDidDelete(reload);
  }

  static fileOf(folder: vscode.WorkspaceFolder): vscode.Uri {
    return vscode.Uri.joinPath(folder.uri, REVIEWED_DIR, REVIEWED_FILE);
  }

  /** Loads the folder's file once; resolves when its entries are known. */
  ready(folder: vscode.WorkspaceFolder): Promise<void> {
    const k = folder.uri.toString();
    let st = this.folders.get(k);
    if (!st) {
      const state: FolderState = { entries: [], keys: new Set(), loaded: Promise.resolve() };
      state.loaded = (async () => {
        try {
          const bytes = await vscode.workspace.fs.readFile(ReviewedStore.fileOf(folder));
          state.entries = parseReviewed(new TextDecoder('utf-8').decode(bytes));
          state.keys = reviewedSet(state.entries);
        } catch {
          // No file yet: nothing reviewed.
        }
      })();
      this.folders.set(k, (st = state));
    }
    return st.loaded;
  }

  /** Draft path as stored: relative to its workspace folder. */
  static draftPath(uri: vscode.Uri): { folder: vscode.WorkspaceFolder; path: string } | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder || uri.scheme !== 'file') return undefined;
    return { folder, path: vscode.workspace.asRelativePath(uri, false) };
  }

  /**
   * The reviewed figures of one draft as the engine worker takes them (engineProtocol.ts
   * WireCheckOptions): its path and its folder's keys; the worker rebuilds the predicate (a
   * function cannot be posted to a thread). Figures of other drafts never match: the key holds the path.
   */
  wire(uri: vscode.Uri): WireCheckOptions['reviewed'] {
    const d = ReviewedStore.draftPath(uri);
    if (!d) return undefined;
    const st = this.folders.get(d.folder.uri.toString());
    if (!st || st.keys.size === 0) return undefined;
    return { draft: d.path, keys: [...st.keys] };
  }

  async mark(uri: vscode.Uri, figure: string, indicator: string): Promise<boolean> {
    const d = ReviewedStore.draftPath(uri);
    if (!d) return false;
    await this.ready(d.folder);
    const st = this.folders.get(d.folder.uri.toString())!;
    st.entries = addReviewed(st.entries, { draft: d.path, figure, indicator, at: new Date().toISOString() });
    st.keys = reviewedSet(st.entries);
    const file = ReviewedStore.fileOf(d.folder);
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(d.folder.uri, REVIEWED_DIR));
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(serializeReviewed(st.entries)));
    this.log.info(`marked ${figure} (${indicator}) in ${d.path} as reviewed in ${file.fsPath}`);
    this.emitter.fire();
    return true;
  }

  dispose(): void {
    this.watcher.dispose();
    this.emitter.dispose();
  }
}
