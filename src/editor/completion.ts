// Completion of programme names and document titles. The engine does the matching (a prefix
// lookup: no per-keystroke work that grows with the corpus) and returns the replaced span of the
// line; convert.ts turns that into CompletionItem.range. Triggered by “ and 《, and by Latin letters
// for pinyin initials (gfsd -> 工赋山东).

import * as vscode from 'vscode';
import { registerForDrafts, settings } from './config';
import { completionItem } from './convert';
import type { EditorHost } from './host';
import { scriptFor } from './pure/script';

/** How long the first completion may wait for the index to load (later ones never wait). */
const FIRST_LOAD_WAIT_MS = 1500;

const TRIGGERS = ['“', '《', '「', ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'];

class Provider implements vscode.CompletionItemProvider {
  /** Script guess per document version: the guess reads up to 4000 characters, not per keystroke. */
  private scriptCache = new Map<string, { version: number; script: 'simplified' | 'traditional' }>();

  constructor(private readonly host: EditorHost) {}

  private script(doc: vscode.TextDocument): 'simplified' | 'traditional' {
    const setting = settings(doc.uri).script;
    if (setting !== 'auto') return setting;
    const k = doc.uri.toString();
    const c = this.scriptCache.get(k);
    // A draft's script does not change by typing a few characters; refresh every 200 versions.
    if (c && doc.version - c.version < 200) return c.script;
    const script = scriptFor('auto', doc.getText(new vscode.Range(0, 0, Math.min(doc.lineCount, 200), 0)));
    this.scriptCache.set(k, { version: doc.version, script });
    return script;
  }

  async provideCompletionItems(doc: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.CompletionList | undefined> {
    const engine = this.host.index.peek() ?? (await this.host.index.within(FIRST_LOAD_WAIT_MS));
    if (!engine || token.isCancellationRequested) return undefined;
    const version = doc.version;
    const lineText = doc.lineAt(position.line).text;
    const before = lineText.slice(0, position.character);
    let items;
    try {
      // A prefix lookup in the engine worker: ~1 ms plus the message round trip, unless a check
      // is running there (then it waits for it; the host does not).
      items = await engine.complete(before, { script: this.script(doc) });
    } catch (e) {
      this.host.log.error(`completion failed: ${(e as Error).stack ?? e}`);
      return undefined;
    }
    // The next keystroke's request supersedes this one: its items would be for a stale prefix.
    if (!items.length || token.isCancellationRequested || doc.version !== version) return undefined;
    // Incomplete: the engine ranks by the whole typed prefix, so 数字 and 数字领 can differ in more
    // than filtering; ask again on the next keystroke (a prefix lookup, cheap).
    return new vscode.CompletionList(
      items.map((d, i) => completionItem(d, position, lineText, i)),
      true,
    );
  }
}

export function registerCompletion(context: vscode.ExtensionContext, host: EditorHost): vscode.Disposable {
  const provider = new Provider(host);
  const registration = registerForDrafts((sel) => vscode.languages.registerCompletionItemProvider(sel, provider, ...TRIGGERS));
  void context;
  return registration;
}
