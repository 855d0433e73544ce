// Messages between the extension and the related-passages webview, in both directions.
// A webview is a separate, less trusted context: everything it sends is validated here before use
// (a `line` of "12" or -1 must not reach `openSource`), and everything sent to it is plain data
// that related.js renders with textContent only.

/** A run of passage text; `hit` marks a matched term (rendered as a highlight span). */
export interface Segment {
  t: string;
  hit: boolean;
}

export interface PassageView {
  source: string;
  /** Display form of the source path (workspace-relative or `seeds/...`). */
  display: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  title: string;
  date: string | null;
  region: string | null;
  score: number;
  terms: string[];
  segments: Segment[];
}

export type ViewState = 'loading' | 'ready' | 'empty' | 'error';

/** UI strings, localised in the extension (vscode.l10n) and handed to the webview once. */
export interface ViewStrings {
  searchPlaceholder: string;
  loading: string;
  empty: string;
  noResults: string;
  followingCursor: string;
  searchResults: string;
  unknownDate: string;
  unknownRegion: string;
  openTitle: string;
}

export type ToWebview =
  | { type: 'init'; strings: ViewStrings }
  | { type: 'status'; state: ViewState; message: string }
  | { type: 'results'; origin: 'cursor' | 'search'; query: string; passages: PassageView[] };

export type FromWebview =
  | { type: 'ready' }
  | { type: 'search'; text: string }
  | { type: 'open'; source: string; line: number; column: number; endLine?: number; endColumn?: number };

const MAX_SEARCH = 2000;

function isPosInt(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 10_000_000;
}

/** The message if it is one of FromWebview exactly, else null (unknown types and bad fields are dropped). */
export function parseFromWebview(raw: unknown): FromWebview | null {
  if (!raw || typeof raw !== 'object') return null;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'search':
      if (typeof m.text !== 'string') return null;
      // A pasted chapter must not turn into one huge BM25 query.
      return { type: 'search', text: m.text.slice(0, MAX_SEARCH) };
    case 'open':
      if (typeof m.source !== 'string' || !m.source || m.source.length > 4096) return null;
      if (!isPosInt(m.line) || !isPosInt(m.column)) return null;
      // The passage's end selects the whole sentence; a bad end is dropped, not the message.
      if (isPosInt(m.endLine) && isPosInt(m.endColumn) && (m.endLine > m.line || (m.endLine === m.line && m.endColumn >= m.column))) {
        return { type: 'open', source: m.source, line: m.line, column: m.column, endLine: m.endLine, endColumn: m.endColumn };
      }
      return { type: 'open', source: m.source, line: m.line, column: m.column };
    default:
      return null;
  }
}

/**
 * Split `text` into plain and highlighted runs for `terms` (longest term wins, no overlaps).
 * Done here rather than in the webview so the webview never interprets corpus text, only renders
 * runs with textContent.
 */
export function highlightSegments(text: string, terms: readonly string[]): Segment[] {
  const ts = [...new Set(terms.filter((t) => t.length > 0))].sort((a, b) => b.length - a.length);
  const hit = new Uint8Array(text.length);
  for (const t of ts) {
    let from = 0;
    for (;;) {
      const at = text.indexOf(t, from);
      if (at === -1) break;
      let free = true;
      for (let i = at; i < at + t.length; i++) if (hit[i]) free = false;
      if (free) for (let i = at; i < at + t.length; i++) hit[i] = 1;
      from = at + 1;
    }
  }
  const out: Segment[] = [];
  let start = 0;
  for (let i = 1; i <= text.length; i++) {
    if (i === text.length || hit[i] !== hit[start]) {
      if (i > start) out.push({ t: text.slice(start, i), hit: hit[start] === 1 });
      start = i;
    }
  }
  return out;
}
