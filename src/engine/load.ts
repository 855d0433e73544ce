// Getting an index for a set of corpus folders: the prebuilt seed index, else a cached index keyed
// by content hash, else a fresh build (the only path that loads jieba). A second start on an
// unchanged corpus therefore does no segmentation at all.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_MAX_BYTES } from './decode';
import { readCorpusDir, type CorpusFile, type ReadCorpusResult } from './corpus';
import { buildIndexFromFiles, corpusKey, type BuildProgress, type CorpusIndex } from './corpusIndex';
import { cacheFileFor, defaultCacheDir, loadIndex, saveIndexCache } from './persist';
import { sequentialJob, startIndexSegmentation, type Logger, type Segmenter } from './segment';

/** The folder holding package.json (works from src/, out/src/ and dist/). */
export function packageRoot(start = __dirname): string {
  let dir = start;
  for (let i = 0; i < 6; i++) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'seeds'))) return dir;
    dir = path.dirname(dir);
  }
  return path.resolve(start, '..');
}

export function bundledSeedsDir(): string {
  return path.join(packageRoot(), 'seeds');
}

export function prebuiltSeedIndexFile(): string {
  return path.join(packageRoot(), 'dist', 'seed-index.json');
}

export interface LoadOptions {
  /** Corpus folders; the bundled seeds when empty or absent. */
  dirs?: string[];
  /** Also include the bundled seeds when `dirs` are given. */
  withSeeds?: boolean;
  cacheDir?: string;
  /** Do not read or write any cache (tests, `index --no-cache`). */
  noCache?: boolean;
  maxBytes?: number;
  log?: Logger;
  progress?: BuildProgress;
  /** Supply a segmenter (tests; the fallback). Default: jieba, else the pure-JS fallback. */
  segmenter?: () => Segmenter;
}

export interface LoadResult {
  index: CorpusIndex;
  /** Where it came from: `prebuilt`, `cache` or `built`. */
  origin: 'prebuilt' | 'cache' | 'built';
  cacheFile?: string;
}

/** Read the files of all folders. Seeds get stable display paths `seeds/<name>`. */
export function readAll(opts: LoadOptions): ReadCorpusResult {
  const seeds = bundledSeedsDir();
  const dirs = opts.dirs && opts.dirs.length ? [...opts.dirs] : [seeds];
  if (opts.withSeeds && opts.dirs?.length) dirs.unshift(seeds);
  const files: CorpusFile[] = [];
  const skipped: ReadCorpusResult['skipped'] = [];
  const seen = new Set<string>();
  for (const d of dirs) {
    const r = readCorpusDir(d, opts.maxBytes ?? DEFAULT_MAX_BYTES);
    const isSeeds = path.resolve(d) === seeds;
    for (const f of r.files) {
      if (seen.has(f.abs)) continue;
      seen.add(f.abs);
      files.push(isSeeds ? { ...f, path: 'seeds/' + path.relative(seeds, f.abs).split(path.sep).join('/') } : f);
    }
    skipped.push(...r.skipped);
  }
  return { files, skipped };
}

export function loadCorpus(opts: LoadOptions = {}): LoadResult {
  const read = readAll(opts);
  const key = corpusKey(read.files);
  const seedsOnly = !opts.dirs?.length;
  if (!opts.noCache) {
    if (seedsOnly) {
      const pre = loadIndex(prebuiltSeedIndexFile(), key);
      if (pre) return { index: pre, origin: 'prebuilt' };
    }
    const file = cacheFileFor(key, opts.cacheDir ?? defaultCacheDir());
    const cached = loadIndex(file, key);
    if (cached) return { index: cached, origin: 'cache', cacheFile: file };
  }
  // Started before the documents are read: the default job's worker loads jieba meanwhile.
  const job = opts.segmenter ? sequentialJob(opts.segmenter()) : startIndexSegmentation(opts.log);
  const index = buildIndexFromFiles(read, job, { key, progress: opts.progress, maxBytes: opts.maxBytes ?? DEFAULT_MAX_BYTES });
  let cacheFile: string | undefined;
  if (!opts.noCache) {
    cacheFile = cacheFileFor(key, opts.cacheDir ?? defaultCacheDir());
    try {
      saveIndexCache(index, cacheFile);
    } catch (e) {
      // A read-only home must not stop a check; it only costs the next start a rebuild.
      opts.log?.warn(`could not write the index cache ${cacheFile}: ${(e as Error).message}`);
      cacheFile = undefined;
    }
  }
  return { index, origin: 'built', cacheFile };
}
