// Reading corpus folders from disk. Read-only by design: nothing is ever written into a user's
// corpus folder (caches go to the user cache directory, see persist.ts).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_MAX_BYTES } from './decode';
import { buildDoc, type ManifestEntry } from './documents';
import type { IndexedDoc, SkippedFile } from './types';

/** An error the user must fix (exit code 2 in the CLI): it always names the file or folder. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

export interface CorpusFile {
  /** Display path (relative to the working directory when possible). */
  path: string;
  /** Absolute path on disk. */
  abs: string;
  bytes: Uint8Array;
  entry?: ManifestEntry;
}

export interface ReadCorpusResult {
  files: CorpusFile[];
  skipped: SkippedFile[];
}

const DOC_EXT = /\.(txt|md|markdown)$/i;

export function displayPath(abs: string, cwd = process.cwd()): string {
  const rel = path.relative(cwd, abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : abs.split(path.sep).join('/');
}

/** JSON.parse's "at position N" turned into the line and column a person can find. */
export function parseJsonFile<T>(file: string, text: string): T {
  try {
    return JSON.parse(text.replace(/^\ufeff/, '')) as T;
  } catch (e) {
    const msg = (e as Error).message;
    const m = /position (\d+)/.exec(msg);
    let where = '';
    if (m) {
      const pos = Number(m[1]);
      const before = text.slice(0, pos);
      const line = before.split('\n').length;
      const column = pos - before.lastIndexOf('\n');
      where = `:${line}:${column}`;
    }
    throw new InputError(`${file}${where}: malformed JSON: ${msg.replace(/\s*in JSON at position \d+.*$/, '')}`);
  }
}

/** Read `manifest.json` of a corpus folder, if any. */
export function readManifest(dir: string): Map<string, ManifestEntry> {
  const file = path.join(dir, 'manifest.json');
  const map = new Map<string, ManifestEntry>();
  if (!fs.existsSync(file)) return map;
  const display = displayPath(file);
  const data = parseJsonFile<unknown>(display, fs.readFileSync(file, 'utf8'));
  const docs = Array.isArray(data) ? data : (data as { documents?: unknown }).documents;
  if (!Array.isArray(docs)) throw new InputError(`${display}: expected {"documents": [...]} or an array of documents`);
  docs.forEach((d, i) => {
    if (!d || typeof d !== 'object' || typeof (d as ManifestEntry).file !== 'string') {
      throw new InputError(`${display}: documents[${i}] needs a "file" string`);
    }
    map.set((d as ManifestEntry).file, d as ManifestEntry);
  });
  return map;
}

/** All .txt/.md files under `dir` (recursively, skipping dot-folders and node_modules), sorted. */
export function readCorpusDir(dir: string, maxBytes = DEFAULT_MAX_BYTES): ReadCorpusResult {
  const abs = path.resolve(dir);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(abs);
  } catch {
    throw new InputError(`corpus folder not found: ${dir}`);
  }
  if (!stat.isDirectory()) throw new InputError(`corpus path is not a folder: ${dir}`);
  const manifest = readManifest(abs);
  const files: CorpusFile[] = [];
  const skipped: SkippedFile[] = [];
  const walk = (d: string) => {
    for (const ent of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (ent.name.startsWith('.') || ent.name === 'node_modules') continue;
      const p = path.join(d, ent.name);
      if (ent.isDirectory()) walk(p);
      else if (ent.isFile() && DOC_EXT.test(ent.name)) {
        const size = fs.statSync(p).size;
        const display = displayPath(p);
        if (size > maxBytes) {
          skipped.push({ path: display, reason: `too large (${(size / 1048576).toFixed(1)} MB; limit ${(maxBytes / 1048576).toFixed(0)} MB)` });
          continue;
        }
        const rel = path.relative(abs, p).split(path.sep).join('/');
        files.push({ path: display, abs: p, bytes: fs.readFileSync(p), entry: manifest.get(rel) ?? manifest.get(ent.name) });
      }
    }
  };
  walk(abs);
  return { files, skipped };
}

/**
 * Decode and normalise files; undecodable ones are skipped with the reason. `onDoc` sees each
 * document as soon as it is built, with its number (the index build cuts its passages meanwhile).
 */
export function buildDocs(
  read: ReadCorpusResult,
  maxBytes = DEFAULT_MAX_BYTES,
  onDoc?: (doc: IndexedDoc, n: number) => void,
): { docs: IndexedDoc[]; skipped: SkippedFile[] } {
  const docs: IndexedDoc[] = [];
  const skipped = [...read.skipped];
  for (const f of read.files) {
    const r = buildDoc(f.path, f.bytes, f.entry, maxBytes);
    if (r.doc) {
      onDoc?.(r.doc, docs.length);
      docs.push(r.doc);
    } else skipped.push({ path: f.path, reason: r.skipped ?? 'unreadable' });
  }
  return { docs, skipped };
}
