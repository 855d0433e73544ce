// The paragraph around the cursor, which the related-passages panel searches for. A paragraph is a
// run of non-blank lines; a Markdown heading stands alone (the heading `## 二、主要目标` must not
// pull the next paragraph's figures into its query), and front matter is never a paragraph.

export interface Paragraph {
  /** 0-based first and last line. */
  start: number;
  end: number;
  text: string;
}

/** Longest query sent to BM25: a 30-line paragraph is still searched by its first 1500 chars. */
export const MAX_PARAGRAPH = 1500;

/** Lines by index, so a caller can hand in a TextDocument without copying all its lines. */
export interface Lines {
  readonly length: number;
  at(i: number): string;
}

export function linesOf(list: readonly string[]): Lines {
  return { length: list.length, at: (i) => list[i] };
}

/** Last line of a front matter block (0-based), or -1. Scans at most 100 lines. */
function frontMatterEnd(lines: Lines): number {
  if (!/^\ufeff?---\s*$/.test(lines.at(0) ?? '')) return -1;
  for (let i = 1; i < Math.min(lines.length, 100); i++) if (/^(---|\.\.\.)\s*$/.test(lines.at(i))) return i;
  return -1;
}

const blank = (s: string) => /^\s*$/.test(s);
const heading = (s: string) => /^\s{0,3}#{1,6}\s/.test(s);
const fence = (s: string) => /^\s*(```|~~~)/.test(s);

/** Paragraphs longer than this many lines are cut: the query needs only the first MAX_PARAGRAPH chars. */
const MAX_LINES = 60;

export function paragraphAt(lines: Lines, line: number): Paragraph | null {
  if (line < 0 || line >= lines.length) return null;
  const fm = frontMatterEnd(lines);
  if (line <= fm) return null;
  const here = lines.at(line);
  if (blank(here) || fence(here)) return null;
  if (heading(here)) return { start: line, end: line, text: here.replace(/^\s*#+\s*/, '').trim() };
  const inside = (i: number) => !blank(lines.at(i)) && !heading(lines.at(i)) && !fence(lines.at(i));
  let start = line;
  while (start - 1 > fm && line - start < MAX_LINES && inside(start - 1)) start--;
  let end = line;
  while (end + 1 < lines.length && end - start < MAX_LINES && inside(end + 1)) end++;
  const parts: string[] = [];
  for (let i = start; i <= end; i++) parts.push(lines.at(i).trim());
  return { start, end, text: parts.join('\n').slice(0, MAX_PARAGRAPH) };
}
