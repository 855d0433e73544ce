// One corpus file -> IndexedDoc: decode, normalise, find debris, fill metadata from the manifest or
// infer it from the text (title from the first real line, date from `发布:2023-01-14` or
// `2020年9月17日`, region from which province the text names most). Unknown stays null.

import { createHash } from 'node:crypto';
import { decodeBytes, DEFAULT_MAX_BYTES } from './decode';
import { findExcluded, lineStartsOf, normalize, toOriginalOffset } from './normalize';
import { canonicalRegion, dominantRegion } from './regions';
import type { DocMeta, ExcludedSpan, IndexedDoc } from './types';

export interface ManifestEntry {
  file: string;
  title?: string;
  issuer?: string;
  region?: string;
  date?: string;
}

export interface BuildDocResult {
  doc?: IndexedDoc;
  skipped?: string;
}

// A build hashes every file twice with the same bytes object (the cache key, then the document's
// own hash): remember the digest per bytes object. Buffers read from disk are never modified.
const digests = new WeakMap<Uint8Array, string>();

export function sha256(bytes: Uint8Array | string): string {
  if (typeof bytes === 'string') return createHash('sha256').update(bytes).digest('hex');
  let d = digests.get(bytes);
  if (d === undefined) digests.set(bytes, (d = createHash('sha256').update(bytes).digest('hex')));
  return d;
}

export function buildDoc(path: string, bytes: Uint8Array, entry?: ManifestEntry, maxBytes = DEFAULT_MAX_BYTES): BuildDocResult {
  const decoded = decodeBytes(bytes, maxBytes);
  if (!decoded.ok) return { skipped: decoded.reason };
  const original = decoded.text;
  const { text, map, script } = normalize(original);
  const lineStarts = lineStartsOf(original);
  const excluded: ExcludedSpan[] = findExcluded(text).map((e) => ({
    ...e,
    preview: original.slice(toOriginalOffset(map, e.start), toOriginalOffset(map, Math.max(e.start, e.end - 1)) + 1).slice(0, 40),
  }));
  const meta: DocMeta = {
    id: path,
    path,
    title: entry?.title ?? inferTitle(text, excluded) ?? path.replace(/^.*\//, ''),
    issuer: entry?.issuer ?? null,
    region: canonicalRegion(entry?.region) ?? dominantRegion(stripExcluded(text, excluded)),
    date: normalizeDate(entry?.date) ?? inferDate(text),
    metaSource: entry ? 'manifest' : 'inferred',
    script,
  };
  return { doc: { meta, hash: sha256(bytes), text, map, lineStarts, excluded } };
}

/** `text` with every excluded code unit replaced by a space (for region counting). */
function stripExcluded(text: string, excluded: ExcludedSpan[]): string {
  if (excluded.length === 0) return text;
  // Slices of the kept runs rather than an array of every character (a user corpus without a
  // manifest has this done for every document).
  const spans = excluded.map((e) => [Math.max(0, e.start), Math.min(text.length, e.end)] as const).filter(([a, b]) => a < b);
  spans.sort((x, y) => x[0] - y[0]);
  const parts: string[] = [];
  let at = 0;
  for (const [a, b] of spans) {
    if (b <= at) continue;
    const from = Math.max(a, at);
    if (from > at) parts.push(text.slice(at, from));
    parts.push(' '.repeat(b - from));
    at = b;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

function inferTitle(text: string, excluded: ExcludedSpan[]): string | null {
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end).trim();
    const isDebris = excluded.some((e) => e.start <= start && e.end >= start + 1);
    if (line && !isDebris && /[\u4e00-\u9fff]/.test(line)) {
      // A markdown heading or a plain first line; a very long first line is a paragraph, not a title.
      const t = line.replace(/^#+\s*/, '');
      return t.length > 80 ? t.slice(0, 80) + '…' : t;
    }
    start = end + 1;
  }
  return null;
}

/** Accept `2023-04-13`, `2023-4-13`, `2023/04/13`, `2023年4月13日`, `2023-04`, `2023`. */
export function normalizeDate(s: string | null | undefined): string | null {
  if (!s) return null;
  const t = String(s).trim();
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t);
  if (m) return `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  m = /^(\d{4})[-/.年](\d{1,2})月?$/.exec(t);
  if (m) return `${m[1]}-${m[2].padStart(2, '0')}`;
  m = /^(\d{4})年?$/.exec(t);
  if (m) return m[1];
  return null;
}

/** A date stated near the top of a page: `发布:2023-01-14`, `2020-09-22 09:32:00`, `2020年9月17日`. */
export function inferDate(text: string): string | null {
  const head = text.slice(0, 1500);
  const m =
    /(?:发布|日期|时间)\s*[:]\s*(\d{4}-\d{1,2}-\d{1,2})/.exec(head) ??
    /(?:^|\n)\s*(\d{4}-\d{1,2}-\d{1,2})(?:\s+\d\d:\d\d(?::\d\d)?)?\s*(?:\n|$)/.exec(head) ??
    /(\d{4}年\d{1,2}月\d{1,2}日)/.exec(head);
  return m ? normalizeDate(m[1]) : null;
}
