// Where an index path points on disk. The index stores display paths: bundled seeds as
// `seeds/003_….txt` (relative to the extension), user corpora as absolute paths (the indexing child
// process runs in the extension's storage folder, so nothing is relative to it), and an index built
// by hand with the CLI may hold paths relative to the folder it ran in.

import * as path from 'node:path';

export interface PathRoots {
  /** The extension's install folder (holds `seeds/`). */
  extensionRoot: string;
  /** Working folder of the process that built the index, for relative user paths. */
  indexCwd?: string;
}

export function resolveSourcePath(source: string, roots: PathRoots): string {
  if (path.isAbsolute(source)) return source;
  if (source.startsWith('seeds/')) return path.join(roots.extensionRoot, ...source.split('/'));
  return path.resolve(roots.indexCwd ?? roots.extensionRoot, source);
}

/** True when `file` is `dir` or inside it (path-wise; no symlink resolution). */
export function isInside(file: string, dir: string): boolean {
  const rel = path.relative(path.resolve(dir), path.resolve(file));
  return rel === '' || (!!rel && !rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Draft files the workspace check looks at: Markdown and plain text. */
export function isDraftFile(file: string): boolean {
  return /\.(md|markdown|txt)$/i.test(file);
}

/**
 * Files "Check Workspace Drafts" skips: node_modules, the review store, and anything inside a
 * corpus folder (a corpus document is the authority, not a draft: checking 003_….txt against
 * itself would only report it as consistent with itself).
 */
export function excludedFromWorkspaceCheck(file: string, corpusFolders: readonly string[]): boolean {
  const parts = path.resolve(file).split(path.sep);
  if (parts.includes('node_modules') || parts.includes('.policy-assist') || parts.includes('.git')) return true;
  return corpusFolders.some((d) => isInside(file, d));
}

/** Corpus folder settings as absolute paths: `${workspaceFolder}` and relative paths resolve against the first folder. */
export function resolveCorpusFolders(folders: readonly string[], workspaceFolder: string | undefined): string[] {
  const out: string[] = [];
  for (const raw of folders) {
    const f = raw.trim();
    if (!f) continue;
    const sub = workspaceFolder ? f.replace(/\$\{workspaceFolder\}/g, workspaceFolder) : f;
    if (path.isAbsolute(sub)) out.push(path.normalize(sub));
    else if (workspaceFolder && !sub.includes('${')) out.push(path.resolve(workspaceFolder, sub));
  }
  return [...new Set(out)];
}
