// Reading a saved index without blocking the extension host on disk I/O: fs.promises, then the
// same post-parse fix-ups as the engine's loadIndex (src/engine/persist.ts), which reads
// synchronously. JSON has no Infinity, so `突破了10万家` ([10万, ∞)) is stored with high = null; a
// reader that skips the fix-up makes every open-ended official figure disagree with itself (the
// fixture draft's 突破了10万家 turned into a figure.conflict). The unit test
// editor-pure.test.ts compares this reader with loadIndex on the prebuilt seed index, so a new
// fix-up in the engine that is missing here fails the build instead of the user's checks.

import * as fs from 'node:fs';
import type { CorpusIndex } from '../../engine/corpusIndex';

export function reviveIndex(idx: CorpusIndex): CorpusIndex {
  for (const f of idx.figures) {
    if (f.high === null) f.high = Infinity;
    if (f.low === null) f.low = -Infinity;
  }
  return idx;
}

/** The index in `file` if it exists, parses and has the expected format; else null. */
export async function readIndexFile(file: string, format: number): Promise<CorpusIndex | null> {
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const idx = JSON.parse(text) as CorpusIndex;
    if (!idx || idx.format !== format || !Array.isArray(idx.docs) || !Array.isArray(idx.figures)) return null;
    return reviveIndex(idx);
  } catch {
    return null;
  }
}
