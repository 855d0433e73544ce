// Rows of the corpus summary (status bar click): one per document with what the index made of it,
// including dropped debris, so a user can see why a passage they expected is missing.

import type { CorpusIndex } from '../../engine/corpusIndex';

export interface SummaryRow {
  path: string;
  title: string;
  region: string | null;
  date: string | null;
  inferred: boolean;
  script: 'simplified' | 'traditional';
  passages: number;
  figures: number;
  dropped: { kind: string; reason: string; preview: string }[];
}

export function summaryRows(index: Pick<CorpusIndex, 'docs' | 'passages' | 'figures'>): SummaryRow[] {
  const passages = new Array<number>(index.docs.length).fill(0);
  const figures = new Array<number>(index.docs.length).fill(0);
  for (const p of index.passages) passages[p.doc]++;
  for (const f of index.figures) figures[f.doc]++;
  return index.docs.map((d, i) => ({
    path: d.meta.path,
    title: d.meta.title,
    region: d.meta.region,
    date: d.meta.date,
    inferred: d.meta.metaSource !== 'manifest',
    script: d.meta.script,
    passages: passages[i],
    figures: figures[i],
    dropped: d.excluded.map((e) => ({ kind: e.kind, reason: e.reason, preview: e.preview })),
  }));
}

export function statusText(state: { kind: 'idle' | 'loading' | 'ready' | 'error'; docs?: number; figures?: number }, words: { docs: string; figures: string; indexing: string; failed: string; idle: string }): string {
  switch (state.kind) {
    case 'loading':
      return `$(sync~spin) ${words.indexing}`;
    case 'ready':
      return `$(book) ${state.docs ?? 0} ${words.docs} · ${state.figures ?? 0} ${words.figures}`;
    case 'error':
      return `$(warning) ${words.failed}`;
    default:
      return `$(book) ${words.idle}`;
  }
}
