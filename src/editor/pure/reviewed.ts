// `.policy-assist/reviewed.json`: figures a reviewer has checked by hand and wants kept quiet.
// It lives in the workspace folder (not in hidden extension storage) so the next reviewer sees
// who silenced what, and it can be committed with the drafts.
//
// Key: draft path (workspace-relative, `/`-separated) + figure text + indicator. Not the line: a
// reviewed `260家` must stay reviewed when a paragraph is inserted above it. The indicator keeps
// `260家` of 智能装备企业 apart from a `260家` of 专精特新企业 in the same draft.

export interface ReviewedEntry {
  draft: string;
  figure: string;
  indicator: string;
  /** ISO time it was marked. */
  at?: string;
}

export interface ReviewedFile {
  version: 1;
  comment: string;
  reviewed: ReviewedEntry[];
}

export const REVIEWED_DIR = '.policy-assist';
export const REVIEWED_FILE = 'reviewed.json';

export function normalizeDraftPath(p: string): string {
  return p.replace(/\\/g, '/').replace(/^\.\//, '');
}

export function reviewedKey(draft: string, figure: string, indicator: string): string {
  return `${normalizeDraftPath(draft)}\u0000${figure.trim()}\u0000${indicator.trim()}`;
}

/** Entries from the file's text; a hand-edited file with a broken entry keeps its good entries. */
export function parseReviewed(text: string): ReviewedEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return [];
  }
  const list = Array.isArray(data) ? data : (data as { reviewed?: unknown })?.reviewed;
  if (!Array.isArray(list)) return [];
  const out: ReviewedEntry[] = [];
  for (const e of list) {
    if (!e || typeof e !== 'object') continue;
    const r = e as Record<string, unknown>;
    if (typeof r.draft !== 'string' || typeof r.figure !== 'string') continue;
    out.push({
      draft: normalizeDraftPath(r.draft),
      figure: r.figure,
      indicator: typeof r.indicator === 'string' ? r.indicator : '',
      ...(typeof r.at === 'string' ? { at: r.at } : {}),
    });
  }
  return out;
}

export function serializeReviewed(entries: readonly ReviewedEntry[]): string {
  const file: ReviewedFile = {
    version: 1,
    comment: 'Figures marked as reviewed in Policy Drafting Assistant; they are not reported again. Delete an entry to check it again.',
    reviewed: [...entries].sort((a, b) => a.draft.localeCompare(b.draft) || a.figure.localeCompare(b.figure)),
  };
  return JSON.stringify(file, null, 2) + '\n';
}

/** Adds the entry unless the same key is already there. */
export function addReviewed(entries: readonly ReviewedEntry[], e: ReviewedEntry): ReviewedEntry[] {
  const k = reviewedKey(e.draft, e.figure, e.indicator);
  if (entries.some((x) => reviewedKey(x.draft, x.figure, x.indicator) === k)) return [...entries];
  return [...entries, { ...e, draft: normalizeDraftPath(e.draft) }];
}

export function reviewedSet(entries: readonly ReviewedEntry[]): Set<string> {
  return new Set(entries.map((e) => reviewedKey(e.draft, e.figure, e.indicator)));
}
