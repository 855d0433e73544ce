// Saving and loading indexes. Writes are atomic (temp file + rename) so an interrupted build never
// leaves a half-written cache that a later start would trust. User-corpus caches live in the
// user's cache directory, never in the corpus folder.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { INDEX_FORMAT, type CorpusIndex } from './corpusIndex';

export function defaultCacheDir(): string {
  if (process.env.POLICY_ASSIST_CACHE) return process.env.POLICY_ASSIST_CACHE;
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'policy-assist');
}

export function cacheFileFor(key: string, dir = defaultCacheDir()): string {
  return path.join(dir, `index-${key.slice(0, 32)}.json`);
}

export function saveIndex(index: CorpusIndex, file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    fs.writeFileSync(tmp, JSON.stringify(index));
    fs.renameSync(tmp, file);
  } catch (e) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      /* the temp file may not exist */
    }
    throw e;
  }
}

/** The index stored in `file`, or null if it is missing, unreadable, of another format or another key. */
export function loadIndex(file: string, expectedKey?: string): CorpusIndex | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const idx = JSON.parse(text) as CorpusIndex;
    if (idx.format !== INDEX_FORMAT) return null;
    if (expectedKey && idx.key !== expectedKey) return null;
    // JSON has no Infinity: `超过40万家` ([40万, ∞)) was stored with high = null. Restore it here
    // rather than with a JSON.parse reviver, which would slow every load by visiting every value.
    for (const f of idx.figures) {
      if (f.high === null) f.high = Infinity;
      if (f.low === null) f.low = -Infinity;
    }
    return idx;
  } catch {
    return null;
  }
}

/** Write the content-keyed cache of a user corpus (what loadCorpus reads back). */
export function saveIndexCache(index: CorpusIndex, file: string): void {
  saveIndex(index, file);
}
