// The related-passages side panel: a WebviewView in its own activity-bar container. It follows
// the paragraph under the cursor (debounced 300 ms) and has a search box; a click opens the
// passage at its exact line and column in the ORIGINAL corpus file.
//
// Security: strict CSP with a nonce, only media/related.js and media/related.css, corpus text sent
// as plain data and rendered with textContent (never innerHTML); messages from the webview are
// validated (pure/messages.ts) before anything acts on them.

import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import { OPEN_SOURCE_COMMAND, passageView, type OpenSourceArgs } from './convert';
import { isCheckedDraft } from './diagnostics';
import type { EditorHost } from './host';
import { parseFromWebview, type ToWebview, type ViewStrings } from './pure/messages';
import { paragraphAt } from './pure/paragraph';

export const RELATED_VIEW_ID = 'policyAssist.related';
const FOLLOW_DELAY_MS = 300;
const TOP = 8;

function strings(): ViewStrings {
  return {
    searchPlaceholder: vscode.l10n.t('Search the corpus…'),
    loading: vscode.l10n.t('Loading the corpus index…'),
    empty: vscode.l10n.t('Place the cursor in a paragraph of a draft, or search.'),
    noResults: vscode.l10n.t('No related passages.'),
    followingCursor: vscode.l10n.t('Related to the paragraph at the cursor'),
    searchResults: vscode.l10n.t('Search results'),
    unknownDate: vscode.l10n.t('date unknown'),
    unknownRegion: vscode.l10n.t('region unknown'),
    openTitle: vscode.l10n.t('Open at this line in the source'),
  };
}

class RelatedView implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastQuery = '';
  /** Bumped per query sent to the engine worker: older answers are dropped. */
  private querySeq = 0;
  private searching = false;
  private readonly subs: vscode.Disposable[] = [];

  constructor(private readonly host: EditorHost) {
    this.subs.push(
      vscode.window.onDidChangeTextEditorSelection((e) => this.follow(e.textEditor)),
      vscode.window.onDidChangeActiveTextEditor((e) => e && this.follow(e)),
      host.index.onDidChange((s) => {
        if (s.kind === 'ready') {
          this.lastQuery = '';
          this.post({ type: 'status', state: 'ready', message: '' });
          if (vscode.window.activeTextEditor) this.follow(vscode.window.activeTextEditor, 0);
        } else if (s.kind === 'loading') this.post({ type: 'status', state: 'loading', message: strings().loading });
        else if (s.kind === 'error') this.post({ type: 'status', state: 'error', message: s.message });
      }),
    );
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const media = vscode.Uri.joinPath(this.host.extensionUri, 'media');
    view.webview.options = { enableScripts: true, localResourceRoots: [media] };
    view.webview.html = this.html(view.webview, media);
    this.subs.push(
      view.webview.onDidReceiveMessage((raw) => this.receive(raw)),
      view.onDidChangeVisibility(() => {
        if (view.visible && vscode.window.activeTextEditor) {
          this.lastQuery = '';
          this.follow(vscode.window.activeTextEditor, 0);
        }
      }),
      view.onDidDispose(() => (this.view = undefined)),
    );
  }

  private html(webview: vscode.Webview, media: vscode.Uri): string {
    const nonce = crypto.randomBytes(18).toString('base64');
    const js = webview.asWebviewUri(vscode.Uri.joinPath(media, 'related.js'));
    const css = webview.asWebviewUri(vscode.Uri.joinPath(media, 'related.css'));
    const csp = `default-src 'none'; style-src ${webview.cspSource}; script-src 'nonce-${nonce}';`;
    return `<!DOCTYPE html>
<html lang="${vscode.env.language}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${css}">
</head>
<body>
<input id="search" type="search" autocomplete="off">
<div id="heading" class="heading"></div>
<div id="status" class="status" role="status"></div>
<ol id="results" class="results"></ol>
<script nonce="${nonce}" src="${js}"></script>
</body>
</html>`;
  }

  private post(msg: ToWebview): void {
    void this.view?.webview.postMessage(msg);
  }

  private async receive(raw: unknown): Promise<void> {
    const msg = parseFromWebview(raw);
    if (!msg) {
      this.host.log.warn(`related view: ignored an invalid message ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    switch (msg.type) {
      case 'ready': {
        this.post({ type: 'init', strings: strings() });
        const st = this.host.index.state;
        if (st.kind !== 'ready') {
          this.post({ type: 'status', state: st.kind === 'error' ? 'error' : 'loading', message: st.kind === 'error' ? st.message : strings().loading });
          void this.host.index.get().catch(() => undefined);
        }
        this.lastQuery = '';
        if (vscode.window.activeTextEditor) this.follow(vscode.window.activeTextEditor, 0);
        else this.post({ type: 'status', state: 'empty', message: strings().empty });
        return;
      }
      case 'search': {
        const text = msg.text.trim();
        this.searching = text.length > 0;
        if (!text) {
          this.lastQuery = '';
          if (vscode.window.activeTextEditor) this.follow(vscode.window.activeTextEditor, 0);
          return;
        }
        await this.query(text, 'search');
        return;
      }
      case 'open': {
        const args: OpenSourceArgs = { source: msg.source, line: msg.line, column: msg.column, endLine: msg.endLine, endColumn: msg.endColumn };
        await vscode.commands.executeCommand(OPEN_SOURCE_COMMAND, args);
        return;
      }
    }
  }

  private follow(editor: vscode.TextEditor, delay = FOLLOW_DELAY_MS): void {
    if (!this.view?.visible || this.searching) return;
    if (!isCheckedDraft(this.host, editor.document)) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const doc = editor.document;
      if (doc.isClosed) return;
      const p = paragraphAt({ length: doc.lineCount, at: (i) => doc.lineAt(i).text }, editor.selection.active.line);
      if (!p || p.text.trim().length < 2) return;
      if (p.text === this.lastQuery) return;
      void this.query(p.text, 'cursor');
    }, delay);
  }

  private async query(text: string, origin: 'cursor' | 'search'): Promise<void> {
    const engine = this.host.index.peek();
    if (!engine) {
      this.post({ type: 'status', state: 'loading', message: strings().loading });
      return;
    }
    this.lastQuery = text;
    const seq = ++this.querySeq;
    try {
      const found = await engine.related(text, TOP);
      // Answers come back in order, but the cursor may have moved on (or the user typed a search)
      // while this one was in the worker: only the latest query's results are shown.
      if (seq !== this.querySeq) return;
      const passages = found.map((p) => passageView(p, p.source.startsWith('seeds/') ? p.source : vscode.workspace.asRelativePath(this.host.index.resolveSource(p.source))));
      this.post({ type: 'results', origin, query: text.slice(0, 200), passages });
    } catch (e) {
      this.host.log.error(`related passages failed: ${(e as Error).stack ?? e}`);
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.subs) s.dispose();
  }
}

export function registerRelatedView(context: vscode.ExtensionContext, host: EditorHost): vscode.Disposable {
  const view = new RelatedView(host);
  const reg = vscode.window.registerWebviewViewProvider(RELATED_VIEW_ID, view);
  void context;
  return vscode.Disposable.from(reg, view);
}
