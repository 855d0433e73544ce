// Typed access to the `policyAssist.*` settings. Read on every use (cheap), so a change applies
// without reload; the features that cache something listen to onDidChangeConfiguration.

import * as vscode from 'vscode';
import type { ScriptSetting } from './pure/script';

export const SECTION = 'policyAssist';

export type RunOn = 'onType' | 'onSave';
export type SeveritySetting = 'error' | 'warning' | 'information' | 'hint';

export interface Settings {
  languages: string[];
  script: ScriptSetting;
  conflictSeverity: SeveritySetting;
  run: RunOn;
  delay: number;
  maxProblems: number;
  corpusFolders: string[];
  includeBundled: boolean;
  defaultRegion: string | null;
  defaultDate: string | null;
}

export function settings(scope?: vscode.ConfigurationScope): Settings {
  // `null`, not undefined, when no document is at hand: most settings are resource-scoped, and VS Code
  // logs "Accessing a resource scoped configuration without providing a resource" for every read with
  // an undefined scope (dozens of lines in the log at activation).
  const c = vscode.workspace.getConfiguration(SECTION, scope ?? null);
  const languages = c.get<string[]>('languages', ['markdown', 'plaintext']);
  const script = c.get<string>('script', 'auto');
  const sev = c.get<string>('diagnostics.conflictSeverity', 'error');
  const run = c.get<string>('diagnostics.run', 'onType');
  return {
    languages: Array.isArray(languages) && languages.length ? languages.filter((l) => typeof l === 'string') : ['markdown', 'plaintext'],
    script: script === 'simplified' || script === 'traditional' ? script : 'auto',
    conflictSeverity: (['error', 'warning', 'information', 'hint'] as const).includes(sev as SeveritySetting) ? (sev as SeveritySetting) : 'error',
    run: run === 'onSave' ? 'onSave' : 'onType',
    delay: clamp(c.get<number>('diagnostics.delay', 500), 0, 10_000, 500),
    maxProblems: clamp(c.get<number>('diagnostics.maxProblems', 100), 1, 10_000, 100),
    corpusFolders: (c.get<string[]>('corpus.folders', []) ?? []).filter((f) => typeof f === 'string'),
    includeBundled: c.get<boolean>('corpus.includeBundled', true) !== false,
    defaultRegion: c.get<string>('draft.defaultRegion', '')?.trim() || null,
    defaultDate: c.get<string>('draft.defaultDate', '')?.trim() || null,
  };
}

function clamp(n: unknown, lo: number, hi: number, dflt: number): number {
  return typeof n === 'number' && Number.isFinite(n) ? Math.min(hi, Math.max(lo, Math.round(n))) : dflt;
}

/** Document selector for the configured languages, files and untitled buffers alike. */
export function selector(langs = settings().languages): vscode.DocumentSelector {
  return langs.flatMap((language) => [
    { language, scheme: 'file' },
    { language, scheme: 'untitled' },
  ]);
}

export function isDraft(doc: vscode.TextDocument, langs = settings().languages): boolean {
  return langs.includes(doc.languageId) && (doc.uri.scheme === 'file' || doc.uri.scheme === 'untitled');
}

/**
 * Registers a provider for the configured draft languages and registers it again when
 * `policyAssist.languages` changes (no reload needed).
 */
export function registerForDrafts(register: (sel: vscode.DocumentSelector) => vscode.Disposable): vscode.Disposable {
  let langs = settings().languages.join(',');
  let registration = register(selector());
  const onConfig = vscode.workspace.onDidChangeConfiguration((e) => {
    if (!e.affectsConfiguration('policyAssist.languages')) return;
    const next = settings().languages.join(',');
    if (next === langs) return;
    langs = next;
    registration.dispose();
    registration = register(selector());
  });
  return { dispose: () => (registration.dispose(), onConfig.dispose()) };
}
