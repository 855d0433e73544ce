// Shared by unit tests: the real seed corpus, normalised and cut into passages (no segmentation).
import * as path from 'node:path';
import { buildDocs, readCorpusDir } from '../../src/engine/corpus';
import { passagesOf } from '../../src/engine/passages';
import type { IndexedDoc, Passage } from '../../src/engine/types';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const SEEDS = path.join(ROOT, 'seeds');

let cache: { docs: IndexedDoc[]; passages: Passage[] } | undefined;

export function seedCorpus(): { docs: IndexedDoc[]; passages: Passage[] } {
  if (!cache) {
    const { docs } = buildDocs(readCorpusDir(SEEDS));
    const passages: Passage[] = [];
    docs.forEach((d, i) => passages.push(...passagesOf(d, i, passages.length)));
    cache = { docs, passages };
  }
  return cache;
}

/** The passage of a seed (file name prefix like '003') whose text contains `needle`. */
export function passageWith(prefix: string, needle: string): Passage {
  const { docs, passages } = seedCorpus();
  const p = passages.find((q) => path.basename(docs[q.doc].meta.path).startsWith(prefix) && q.text.includes(needle));
  if (!p) throw new Error(`no passage in ${prefix} contains ${needle}`);
  return p;
}
