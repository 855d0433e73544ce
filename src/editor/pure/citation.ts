// The "cite the source" quick fix: `(来源:山东省人民政府新闻办公室,2023-01-14)` placed at the end of
// the sentence that states the figure, before its full stop, so the citation stays part of that
// sentence (after the 。 it would read as the start of the next one).

export interface CitationSource {
  issuer: string | null;
  title: string;
  date: string | null;
}

/** Punctuation that ends a sentence in these drafts (full and half width). */
const END = /[。！？!?；;]/;

/**
 * Citation text in the draft's punctuation style: a line already written with full-width
 * punctuation (，。（）：) gets `（来源：…，…）`, a line in half-width gets `(来源:…,…)`.
 */
export function citationText(src: CitationSource, lineText: string): string {
  const who = src.issuer ?? `《${src.title}》`;
  const parts = src.date ? [who, src.date] : [who];
  const fullWidth = /[，（）：]/.test(lineText) || (!/[,():]/.test(lineText) && /[。]/.test(lineText));
  return fullWidth ? `（来源：${parts.join('，')}）` : `(来源:${parts.join(',')})`;
}

/**
 * 0-based index in `lineText` where the citation goes: before the first sentence end at or after
 * `from` (the figure's end), skipping closing quotes/brackets that belong to the sentence; the line
 * end when the sentence runs on.
 */
export function citationOffset(lineText: string, from: number): number {
  for (let i = Math.max(0, from); i < lineText.length; i++) {
    if (END.test(lineText[i])) return i;
  }
  // No end mark on this line: after the last non-space character.
  return lineText.replace(/\s+$/, '').length;
}

/** True when the sentence already carries this citation (the quick fix is then not offered). */
export function alreadyCited(lineText: string, from: number, src: CitationSource): boolean {
  const end = citationOffset(lineText, from);
  const tail = lineText.slice(from, end + 40);
  return /来源[:：]/.test(tail) && (!!src.issuer ? tail.includes(src.issuer) : tail.includes(src.title));
}
