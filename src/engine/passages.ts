// Passages: sentences within paragraphs (a paragraph is a non-empty line), cut from the normalised
// text with every excluded span (debris, mojibake) removed first. Everything downstream (names,
// figures, BM25) reads only passages, so nothing from an advert or a corrupted run can leak in.

import { positionAt, toOriginalOffset } from './normalize';
import type { IndexedDoc, Passage } from './types';

// Sentence ends. `;` is a sentence end too: plans list measures separated by semicolons.
const SENTENCE_END = new Set(['。', '!', '！', '?', '？', '；', ';']);
const OPEN_QUOTE = new Set(['“', '《', '「', '『']);
const CLOSE_QUOTE = new Set(['”', '》', '」', '』']);
/** A sentence longer than this is split again at commas: BM25 over a 700-character "sentence" is noise. */
const MAX_PASSAGE = 240;
/** Fewer CJK characters or digits than this: a label such as `黎峰:`, not a passage. */
const MIN_CONTENT = 4;

export interface Span {
  start: number;
  end: number;
}

/** Split [start, end) of `text` into sentence spans (quote-aware), trimmed, content-bearing. */
export function sentenceSpans(text: string, start: number, end: number): Span[] {
  const out: Span[] = [];
  let s = start;
  let depth = 0;
  const flush = (e: number) => {
    pushTrimmed(text, s, e, out);
    s = e;
  };
  for (let i = start; i < end; i++) {
    const ch = text[i];
    if (OPEN_QUOTE.has(ch)) depth++;
    else if (CLOSE_QUOTE.has(ch)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && SENTENCE_END.has(ch)) {
      // Keep a closing quote that follows the sentence end with this sentence.
      let e = i + 1;
      while (e < end && CLOSE_QUOTE.has(text[e])) e++;
      flush(e);
      i = e - 1;
    }
  }
  flush(end);
  // Long sentences: split at commas into chunks of at most MAX_PASSAGE.
  const result: Span[] = [];
  for (const sp of out) {
    if (sp.end - sp.start <= MAX_PASSAGE) {
      result.push(sp);
      continue;
    }
    let cs = sp.start;
    let lastComma = -1;
    for (let i = sp.start; i < sp.end; i++) {
      const ch = text[i];
      if (ch === ',' || ch === '，') lastComma = i + 1;
      if (i - cs >= MAX_PASSAGE && lastComma > cs) {
        pushTrimmed(text, cs, lastComma, result);
        cs = lastComma;
      }
    }
    pushTrimmed(text, cs, sp.end, result);
  }
  return result;
}

function pushTrimmed(text: string, s: number, e: number, out: Span[]): void {
  while (s < e && /\s/.test(text[s])) s++;
  while (e > s && /\s/.test(text[e - 1])) e--;
  let content = 0;
  for (let i = s; i < e && content < MIN_CONTENT; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x30 && c <= 0x39)) content++;
  }
  if (content >= MIN_CONTENT) out.push({ start: s, end: e });
}

/**
 * Passages of one document. `firstId` is the id of the first passage (ids are global in an index).
 * Positions are computed here, once, so a query never needs the offset map.
 */
export function passagesOf(doc: IndexedDoc, docIndex: number, firstId: number): Passage[] {
  const { text, excluded } = doc;
  const sorted = [...excluded].sort((a, b) => a.start - b.start);
  const out: Passage[] = [];
  let paragraph = -1;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    if (text.slice(lineStart, lineEnd).trim()) {
      paragraph++;
      // The pieces of this line that no excluded span covers.
      let s = lineStart;
      const pieces: Span[] = [];
      for (const ex of sorted) {
        if (ex.end <= s || ex.start >= lineEnd) continue;
        if (ex.start > s) pieces.push({ start: s, end: ex.start });
        s = Math.max(s, ex.end);
      }
      if (s < lineEnd) pieces.push({ start: s, end: lineEnd });
      for (const piece of pieces) {
        for (const sp of sentenceSpans(text, piece.start, piece.end)) {
          out.push({
            id: firstId + out.length,
            doc: docIndex,
            paragraph,
            text: text.slice(sp.start, sp.end),
            start: sp.start,
            end: sp.end,
            pos: originalPos(doc, sp.start),
            endPos: originalEndPos(doc, sp.start, sp.end),
          });
        }
      }
    }
    lineStart = lineEnd + 1;
  }
  return out;
}

/** Where normalised index `i` of a document sits in the ORIGINAL file (1-based line, UTF-16 column). */
export function originalPos(doc: Pick<IndexedDoc, 'map' | 'lineStarts'>, i: number) {
  return positionAt(doc.lineStarts, toOriginalOffset(doc.map, i));
}

/**
 * Original position just past the character at normalised `end - 1`. Not `originalPos(end)`: a
 * stripped pinyin annotation right after the last character would otherwise be included.
 */
export function originalEndPos(doc: Pick<IndexedDoc, 'map' | 'lineStarts'>, start: number, end: number) {
  if (end <= start) return originalPos(doc, start);
  return positionAt(doc.lineStarts, toOriginalOffset(doc.map, end - 1) + 1);
}
